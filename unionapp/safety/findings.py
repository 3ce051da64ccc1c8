"""What a check finds: a kind to decide on, a message for the clerk."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.Enum):
    DAMAGED = "damaged"  # the storage's structure: a restore from backup is the remedy
    REFERENCES = "references"  # a row refers to one that is gone, or could
    AUDIT = "audit"  # the audit log was edited, cut short or replaced
    SERVER = "server"  # PostgreSQL: unreachable, another revision, parts of the schema missing


@dataclass(frozen=True)
class Finding:
    kind: Kind
    message: str

    def __str__(self) -> str:
        return self.message
