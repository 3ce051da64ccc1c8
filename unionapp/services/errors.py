"""What the services raise for the clerk to read (light: no SQLAlchemy)."""

from __future__ import annotations

from collections.abc import Mapping


class RecordInvalid(Exception):
    """Input failed validation: ``errors`` maps field key to a Chinese message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))


class RefusedError(Exception):
    """An operation the rules forbid (e.g. deleting an enterprise with records attached)."""
