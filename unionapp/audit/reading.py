"""Reading the audit log back: newest first, optionally for one table or record."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.audit.imports import holding, narrowed
from unionapp.models import AuditEntry


def history(
    session: Session, table_name: str | None = None, row_id: int | None = None, limit: int = 500
) -> list[AuditEntry]:
    """The newest ``limit`` entries; for one record, the import that wrote it is among them,
    narrowed to that record's row."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if table_name:
        query = query.where(AuditEntry.table_name == table_name)
    if row_id is None:
        return list(session.scalars(query))
    own = session.scalars(query.where(AuditEntry.row_id == row_id))
    found = {entry.id: entry for entry in own}
    for entry in holding(session, table_name, row_id):
        found[entry.id] = narrowed(entry, row_id)
    return [found[key] for key in sorted(found, reverse=True)[:limit]]


def decode(entry: AuditEntry) -> dict[str, list[Any]]:
    return json.loads(entry.changes or "{}")
