"""Reading the audit log back: newest first, optionally for one table or record."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import AuditEntry


def history(
    session: Session, table_name: str | None = None, row_id: int | None = None, limit: int = 500
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if table_name:
        query = query.where(AuditEntry.table_name == table_name)
    if row_id is not None:
        query = query.where(AuditEntry.row_id == row_id)
    return list(session.scalars(query))


def decode(entry: AuditEntry) -> dict[str, list[Any]]:
    return json.loads(entry.changes or "{}")
