"""audit log sealed as a hash chain, identity numbers masked in it, a database id

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:00:00

Entries written before this revision are masked (ID and phone numbers) and sealed in id order,
with SHA-256 (no database had a password-derived key then). The sealing and masking rules are
frozen here as they were at this revision; `unionapp.audit.chain` must keep reading them (a test
opens a migrated database and verifies its chain).
"""

import hashlib
import json
import uuid
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SENSITIVE = {"family": {"id_number": "idcard", "phone": "phone"}, "attendee": {"phone": "phone"}}


def _mask(kind, value):
    if not isinstance(value, str) or not value:
        return value
    if kind == "idcard":
        if len(value) <= 10:
            return value[:2] + "*" * max(0, len(value) - 2)
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    if len(value) <= 4:
        return value
    head = 3 if len(value) >= 11 else max(0, len(value) - 8)
    return value[:head] + "*" * (len(value) - head - 4) + value[-4:]


def _seal(previous, entry):
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
    canonical = "\n".join(f"{len(field)}:{field}" for field in fields).encode("utf-8")
    return hashlib.sha256(previous.encode("ascii") + b"\n" + canonical).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("hash", sa.String(64), nullable=False, server_default=""))
    bind = op.get_bind()
    audit = sa.table(
        "audit_log",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("operator", sa.String),
        sa.column("table_name", sa.String),
        sa.column("row_id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("changes", sa.Text),
        sa.column("prev_hash", sa.String),
        sa.column("hash", sa.String),
    )
    previous = ""
    last = 0
    while True:
        rows = (
            bind.execute(sa.select(audit).where(audit.c.id > last).order_by(audit.c.id).limit(2000))
            .mappings()
            .all()
        )
        if not rows:
            break
        for row in rows:
            entry = dict(row)
            columns = SENSITIVE.get(entry["table_name"])
            if columns:
                changes = json.loads(entry["changes"] or "{}")
                for key, kind in columns.items():
                    if key in changes:
                        changes[key] = [_mask(kind, value) for value in changes[key]]
                entry["changes"] = json.dumps(changes, ensure_ascii=False)
            sealed = _seal(previous, entry)
            bind.execute(
                audit.update()
                .where(audit.c.id == entry["id"])
                .values(changes=entry["changes"], prev_hash=previous, hash=sealed)
            )
            previous = sealed
        last = rows[-1]["id"]
    setting = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.String))
    if bind.execute(sa.select(setting.c.key).where(setting.c.key == "database_id")).first() is None:
        bind.execute(setting.insert().values(key="database_id", value=uuid.uuid4().hex))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
