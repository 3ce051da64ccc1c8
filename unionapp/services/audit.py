"""Audit log: every insert, update and delete flushed through a session is written down.

Installed on the database's sessionmakers, so no service can forget it. The rows go in through
the same connection, inside the same transaction as the change they describe.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import ColumnProperty, Session, UOWTransaction

from unionapp.db.bulk import insert_rows
from unionapp.models import AuditEntry

_SKIP_COLUMNS = {"created_at", "updated_at"}
SECRET_SETTINGS = {"password_hash"}  # changes are logged, values are not


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
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


def _snapshot(obj: object) -> dict[str, list[Any]]:
    loaded = inspect(obj).dict
    values = {}
    for key in _column_keys(obj):
        value = loaded.get(key)
        if value is not None and value != "":
            values[key] = value
    return values


def record_changes(session: Session, _flush: UOWTransaction) -> None:
    operator = session.info.get("operator", "")
    now = datetime.now().replace(microsecond=0)
    rows: list[dict[str, Any]] = []

    def add(obj: object, action: str, changes: dict[str, list[Any]]) -> None:
        if isinstance(obj, AuditEntry):
            return
        if getattr(obj, "key", None) in SECRET_SETTINGS and "value" in changes:
            changes = {"value": ["（已隐藏）", "（已隐藏）"]}
        rows.append(
            {
                "at": now,
                "operator": operator,
                "table_name": obj.__table__.name,  # type: ignore[attr-defined]
                "row_id": _row_id(obj),
                "action": action,
                "changes": json.dumps(changes, ensure_ascii=False, default=str),
            }
        )

    for obj in session.new:
        add(obj, "insert", {k: [None, _plain(v)] for k, v in _snapshot(obj).items()})
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            changes = _changes_of(obj)
            if changes:
                add(obj, "update", changes)
    for obj in session.deleted:
        add(obj, "delete", {k: [_plain(v), None] for k, v in _snapshot(obj).items()})
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)


def install(sessionmaker_: Any) -> None:
    from sqlalchemy import event

    event.listen(sessionmaker_, "after_flush", record_changes)


def history(
    session: Session, table_name: str | None = None, row_id: int | None = None, limit: int = 500
) -> list[AuditEntry]:
    """Newest first, optionally for one table or one record."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if table_name:
        query = query.where(AuditEntry.table_name == table_name)
    if row_id is not None:
        query = query.where(AuditEntry.row_id == row_id)
    return list(session.scalars(query))


def decode(entry: AuditEntry) -> dict[str, list[Any]]:
    return json.loads(entry.changes or "{}")


def record_restore(session: Session, table_name: str, values: dict[str, Any]) -> None:
    """Audit a row put back by undo (written through Core, so no flush event sees it)."""
    changes = {k: [None, _plain(v)] for k, v in values.items() if v not in (None, "")}
    session.execute(
        insert(AuditEntry.__table__),
        [
            {
                "at": datetime.now().replace(microsecond=0),
                "operator": session.info.get("operator", ""),
                "table_name": table_name,
                "row_id": values.get("id") or 0,
                "action": "restore",
                "changes": json.dumps(changes, ensure_ascii=False, default=str),
            }
        ],
    )


def record_bulk(
    session: Session, table_name: str, action: str, items: list[tuple[int, dict[str, Any]]]
) -> None:
    """Audit rows written through Core in bulk (imports): one entry per row."""
    if not items:
        return
    now = datetime.now().replace(microsecond=0)
    operator = session.info.get("operator", "")
    plain = (str, int, float, bool)
    entries = [
        {"at": now, "operator": operator, "table_name": table_name, "row_id": row_id,
         "action": action,
         "changes": json.dumps({k: [None, v if type(v) in plain else _plain(v)]
                                for k, v in values.items() if v is not None and v != ""},
                               ensure_ascii=False, default=str)}
        for row_id, values in items
    ]  # fmt: skip
    insert_rows(session, AuditEntry.__table__, entries)
