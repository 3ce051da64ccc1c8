"""Audit log: every insert, update and delete flushed through a session is written down.

Installed on the database's sessionmakers, so no service can forget it. The rows go in through
the same connection, inside the same transaction as the change they describe, sealed into the
chain (see ``chain``); identity, phone and bank numbers are stored masked (see ``masking``).
Events that change no row but must be on record (a full export, a print of full ID numbers, a
restore, a password change) are written with ``record_event``; rows an import writes through
Core, with ``imports.record_import``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import ColumnProperty, Session, UOWTransaction

from unionapp.audit import chain
from unionapp.audit.masking import masked_changes
from unionapp.db.engine import take_write_lock
from unionapp.models import AuditEntry

_SKIP_COLUMNS = {"created_at", "updated_at", "version"}  # bookkeeping, not the record
SECRET_SETTINGS = {"password_hash"}  # changes are logged, values are not
KEY_INFO = "audit_key"  # session.info: the chain's key (None without a password)
HEAD_INFO = "audit_head"  # session.info: the chain's head after this session's last write
_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode  # as json.dumps with these


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"（{len(value):,} 字节）"  # a document's contents are not copied into the log
    if isinstance(value, Decimal):
        return str(value)
    return value


def _column_keys(obj: object) -> list[str]:
    mapper = inspect(obj).mapper
    return [
        prop.key
        for prop in mapper.iterate_properties
        if isinstance(prop, ColumnProperty) and prop.key not in _SKIP_COLUMNS
    ]


def _row_id(obj: object) -> int:
    state = inspect(obj)
    key = state.mapper.primary_key_from_instance(obj)
    return key[0] if key and isinstance(key[0], int) else 0


def _changes_of(obj: object) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for key in _column_keys(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old != new:
            changes[key] = [_plain(old), _plain(new)]
    return changes


def _snapshot(obj: object) -> dict[str, Any]:
    loaded = inspect(obj).dict
    values = {}
    for key in _column_keys(obj):
        value = loaded.get(key)
        if value is not None and value != "":
            values[key] = value
    return values


def _entry(
    session: Session,
    now: datetime,
    table: str,
    row_id: int,
    action: str,
    changes: dict[str, list[Any]],
) -> dict[str, Any]:
    return {
        "at": now,
        "operator": session.info.get("operator", ""),
        "table_name": table,
        "row_id": row_id,
        "action": action,
        "changes": _encode(masked_changes(table, changes)),
    }


def write_entries(session: Session, entries: list[dict[str, Any]]) -> None:
    """Seal ``entries`` after the chain's head and insert them in this session's transaction."""
    if not entries:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":  # one chain: appends follow one another
        take_write_lock(connection)
    head = chain.seal(entries, chain.head(connection), session.info.get(KEY_INFO))
    connection.execute(insert(AuditEntry.__table__), entries)
    session.info[HEAD_INFO] = head


def record_changes(session: Session, _flush: UOWTransaction) -> None:
    now = datetime.now().replace(microsecond=0)
    rows: list[dict[str, Any]] = []

    def add(obj: object, action: str, changes: dict[str, list[Any]]) -> None:
        if isinstance(obj, AuditEntry):
            return
        if getattr(obj, "key", None) in SECRET_SETTINGS and "value" in changes:
            changes = {"value": ["（已隐藏）", "（已隐藏）"]}
        table = obj.__table__.name  # type: ignore[attr-defined]
        rows.append(_entry(session, now, table, _row_id(obj), action, changes))

    for obj in session.new:
        add(obj, "insert", {k: [None, _plain(v)] for k, v in _snapshot(obj).items()})
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            changes = _changes_of(obj)
            if changes:
                add(obj, "update", changes)
    for obj in session.deleted:
        add(obj, "delete", {k: [_plain(v), None] for k, v in _snapshot(obj).items()})
    write_entries(session, rows)


def install(sessionmaker_: Any) -> None:
    from sqlalchemy import event

    event.listen(sessionmaker_, "after_flush", record_changes)


def record_restore(session: Session, table_name: str, values: dict[str, Any]) -> None:
    """Audit a row put back by undo (written through Core, so no flush event sees it)."""
    changes = {
        k: [None, _plain(v)] for k, v in values.items() if v not in (None, "") and k != "version"
    }
    now = datetime.now().replace(microsecond=0)
    entry = _entry(session, now, table_name, values.get("id") or 0, "restore", changes)
    write_entries(session, [entry])


def record_changed(
    session: Session, table_name: str, action: str, row_id: int, changes: dict[str, list[Any]]
) -> None:
    """Audit one row written through Core with its ``{field: [old, new]}`` (a pulled change)."""
    now = datetime.now().replace(microsecond=0)
    plain = {k: [_plain(old), _plain(new)] for k, (old, new) in changes.items()}
    write_entries(session, [_entry(session, now, table_name, row_id, action, plain)])


def record_event(session: Session, table_name: str, action: str, details: dict[str, Any]) -> None:
    """An event that changes no record but must be on record (export, print, restore …)."""
    now = datetime.now().replace(microsecond=0)
    changes = {key: [None, _plain(value)] for key, value in details.items()}
    write_entries(session, [_entry(session, now, table_name, 0, action, changes)])
