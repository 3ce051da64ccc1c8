"""Identities that never collide across offices and PCs: UUIDv7 (RFC 9562), time-ordered so
new rows stay close together in an index. Python 3.11 has no uuid7, so it is made here; and
records that are the same thing everywhere (a setting, an ownership type, a year's target) get
a name-based UUID, so two PCs adding the same one make one record."""

from __future__ import annotations

import os
import time
import uuid

NAMESPACE = uuid.UUID("6f1d3c9e-2b7a-4c55-9a0e-8d2f4b6a1c33")  # 工会工作台's own namespace


def uuid7(now_ms: int | None = None) -> str:
    """A new UUIDv7: 48 bits of Unix time in milliseconds, then 74 random bits."""
    millis = int(time.time() * 1000) if now_ms is None else now_ms
    value = (millis & 0xFFFF_FFFF_FFFF) << 80
    value |= int.from_bytes(os.urandom(10), "big") & ((1 << 80) - 1)
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return str(uuid.UUID(int=value))


def named(kind: str, *parts: object) -> str:
    """The same UUID for the same thing on every PC (``named("setting", "union_name")``)."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join([kind, *map(str, parts)])))
