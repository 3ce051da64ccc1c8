"""The audit log as a hash chain: every entry carries the seal of the one before it and its own.

seal = HMAC-SHA256(key, previous seal + the entry) when the database has a password (the key is
derived from it, so nobody without the password can re-seal an edited log), SHA-256 otherwise
(then the newest seal kept outside the database, see ``anchors``, shows a rewritten log).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from unionapp.models import AuditEntry

TABLE = AuditEntry.__table__
_COLUMNS = (
    TABLE.c.id,
    TABLE.c.at,
    TABLE.c.operator,
    TABLE.c.table_name,
    TABLE.c.row_id,
    TABLE.c.action,
    TABLE.c.changes,
    TABLE.c.prev_hash,
    TABLE.c.hash,
)


@dataclass(frozen=True)
class Head:
    """The newest entry's id and seal (0 and '' for an empty log)."""

    id: int
    hash: str


def _canonical(entry: dict[str, Any]) -> bytes:
    """The entry's fields, each length-prefixed (no separator inside a field can fool it)."""
    at = entry["at"]
    moment = at.isoformat() if isinstance(at, datetime) else str(at)
    fields = (
        str(entry["id"]),
        moment,
        entry["operator"] or "",
        entry["table_name"],
        str(entry["row_id"]),
        entry["action"],
        entry["changes"] or "",
    )
    return "\n".join(f"{len(field)}:{field}" for field in fields).encode("utf-8")


def _hasher(key: bytes | None) -> Callable[[bytes], str]:
    """The seal function: SHA-256, or HMAC-SHA256 keyed once (each seal copies the keyed state)."""
    if key is None:
        return lambda message: hashlib.sha256(message).hexdigest()
    keyed = hmac.new(key, digestmod=hashlib.sha256)

    def hmac_of(message: bytes) -> str:
        state = keyed.copy()
        state.update(message)
        return state.hexdigest()

    return hmac_of


def seal_of(previous: str, entry: dict[str, Any], key: bytes | None) -> str:
    return _hasher(key)(previous.encode("ascii") + b"\n" + _canonical(entry))


def head(connection: Connection) -> Head:
    row = connection.execute(
        select(TABLE.c.id, TABLE.c.hash).order_by(TABLE.c.id.desc()).limit(1)
    ).first()
    return Head(row[0], row[1] or "") if row else Head(0, "")


def seal(entries: list[dict[str, Any]], start: Head, key: bytes | None) -> Head:
    """Give ``entries`` (in order) their ids and seals after ``start``; returns the new head."""
    hash_of = _hasher(key)
    current_id, current_hash = start.id, start.hash
    for entry in entries:
        current_id += 1
        entry["id"] = current_id
        entry["prev_hash"] = current_hash
        message = current_hash.encode("ascii") + b"\n" + _canonical(entry)
        current_hash = entry["hash"] = hash_of(message)
    return Head(current_id, current_hash)


def entries(connection: Connection, *, batch: int = 5000) -> Iterator[dict[str, Any]]:
    """Every entry in id order, read in batches."""
    last = 0
    while True:
        rows = (
            connection.execute(
                select(*_COLUMNS).where(TABLE.c.id > last).order_by(TABLE.c.id).limit(batch)
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        for row in rows:
            yield dict(row)
        last = rows[-1]["id"]


@dataclass
class Verdict:
    """What checking the chain found: the first break, and the head that was reached."""

    checked: int = 0
    head: Head = Head(0, "")
    broken_at: int | None = None  # the first entry whose seal does not follow


def verify(rows: Iterable[dict[str, Any]], key: bytes | None) -> Verdict:
    verdict = Verdict()
    previous = ""
    for row in rows:
        verdict.checked += 1
        if row["prev_hash"] != previous or row["hash"] != seal_of(previous, row, key):
            verdict.broken_at = row["id"]
            return verdict
        previous = row["hash"]
        verdict.head = Head(row["id"], row["hash"])
    return verdict


def reseal_all(connection: Connection, key: bytes | None) -> Head:
    """Seal every entry again under ``key`` (after the password was set, changed or removed,
    once the chain was verified under the old key). Ids and contents are unchanged."""
    current = Head(0, "")
    for row in entries(connection):
        sealed = seal_of(current.hash, row, key)
        connection.execute(
            TABLE.update()
            .where(TABLE.c.id == row["id"])
            .values(prev_hash=current.hash, hash=sealed)
        )
        current = Head(row["id"], sealed)
    return current
