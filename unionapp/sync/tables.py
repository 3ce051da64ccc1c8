"""Which tables sync, in what order, and how their values travel.

A change carries only a record's own fields: never its integer keys (each database numbers its
rows itself), its versions or timestamps; a parent is named by its ``uid``. Values travel as
JSON the way PostgreSQL's ``to_jsonb`` writes a row (dates as ``2024-03-01``, bytes as
``\\x…`` hex), so a change the server's trigger records and one a PC records read alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, LargeBinary, Numeric, Table

from unionapp.models import Base

# Parents before children, so a pulled or pushed batch never names a parent not yet there.
SYNCED = (
    "setting",
    "ownership_type",
    "target",
    "enterprise",
    "honour",
    "visit",
    "service_unit",
    "training",
    "attendee",
    "congress",
    "family",
    "household_member",
    "assistance",
    "family_review",
    "attachment",
)
ORDER = {name: index for index, name in enumerate(SYNCED)}
BOOKKEEPING = frozenset(
    {"id", "uid", "version", "sync_version", "created_at", "updated_at", "office"}
)
# The settings an office shares between its PCs; the rest (the operator, the idle lock, the
# database's own identity) stay with each PC.
SHARED_SETTINGS = frozenset(
    {"union_name", "dibao_line_fen", "form_title", "form_levels", "form_commitment", "form_note"}
)


# A batch of changes (pushed, pulled, or written when a PC is bound) stops growing once it
# holds this much change data: a document (up to 20 MB, twice that as hex) travels nearly alone.
BATCH_BYTES = 16 * 1024 * 1024
Key = TypeVar("Key")


def within(sizes: Iterable[tuple[Key, int]], limit: int | None = None) -> list[Key]:
    """The leading keys whose sizes add up to no more than ``limit`` (``BATCH_BYTES`` when not
    given); the first always, so a change larger than the limit goes in a batch of its own."""
    limit = BATCH_BYTES if limit is None else limit
    chosen: list[Key] = []
    total = 0
    for key, size in sizes:
        total += size
        if chosen and total > limit:
            break
        chosen.append(key)
    return chosen


def table(name: str) -> Table:
    return Base.metadata.tables[name]


@cache
def parents(name: str) -> dict[str, str]:
    """Foreign-key column -> the table it names (``family_id`` -> ``family``)."""
    found = {}
    for column in table(name).columns:
        for key in column.foreign_keys:
            found[column.name] = key.column.table.name
    return found


@cache
def fields(name: str) -> tuple[str, ...]:
    """The columns a change of ``name`` may carry."""
    return tuple(c.name for c in table(name).columns if c.name not in BOOKKEEPING)


def encode(value: Any) -> Any:
    """A stored value as JSON carries it."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, Decimal):
        return float(value)
    return value


def decode(column: Column[Any], value: Any) -> Any:
    """A JSON value back in the column's type."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if isinstance(kind, Date):
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if isinstance(kind, LargeBinary):
        text = str(value)
        return bytes.fromhex(text[2:] if text.startswith("\\x") else text)
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Integer):
        return int(value)
    if isinstance(kind, (Float, Numeric)):
        return float(value)
    return value


def dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def same(left: Any, right: Any) -> bool:
    """Two travelled values are the same value (1 and 1.0, "2024-01-01" and a date)."""
    return encode(left) == encode(right) or (
        isinstance(left, (int, float)) and isinstance(right, (int, float)) and left == right
    )
