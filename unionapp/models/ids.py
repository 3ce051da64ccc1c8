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
    return _uuid7_text(millis, os.urandom(10))


# A hex digit of random bits with its top two set to the RFC's variant (10xx).
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def uuid7_many(count: int) -> list[str]:
    """``count`` new UUIDv7s at once, written as text straight from the hex of one call's
    random bytes (the same values ``_uuid7_text`` makes, without an integer each: an import
    makes tens of thousands)."""
    time_hex = f"{int(time.time() * 1000) & 0xFFFF_FFFF_FFFF:012x}"
    head = f"{time_hex[:8]}-{time_hex[8:]}-7"
    random = os.urandom(10 * count).hex()
    variant = _VARIANT
    return [
        f"{head}{random[at + 1 : at + 4]}-{variant[random[at + 4]]}{random[at + 5 : at + 8]}"
        f"-{random[at + 8 : at + 20]}"
        for at in range(0, 20 * count, 20)
    ]


def _uuid7_text(millis: int, random: bytes) -> str:
    value = (millis & 0xFFFF_FFFF_FFFF) << 80
    value |= int.from_bytes(random, "big") & ((1 << 80) - 1)
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    text = f"{value:032x}"  # as str(uuid.UUID(int=value)) writes it, without building one
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def named(kind: str, *parts: object) -> str:
    """The same UUID for the same thing on every PC (``named("setting", "union_name")``)."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join([kind, *map(str, parts)])))
