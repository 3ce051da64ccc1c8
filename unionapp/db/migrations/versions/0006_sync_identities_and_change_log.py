"""identities for syncing between offices and the district: uid and sync_version on every
synced table, the PC's change log, its binding to an office, its conflicts and its sync address

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 14:00:00

Every record table gets ``uid`` (a UUIDv7 made here for the rows already on file) and
``sync_version`` (0: not on a server yet). Settings, ownership types and targets, which are the
same thing on every PC of an office, get a uid named after their natural key (``setting`` +
key …) so two PCs adding the same one make one record, and a ``version``. The integer keys stay
as they are.
"""

import os
import time
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

RECORD_TABLES = (
    "enterprise",
    "honour",
    "visit",
    "congress",
    "family",
    "household_member",
    "assistance",
    "family_review",
    "attachment",
    "training",
    "attendee",
    "service_unit",
)
# Frozen copies of unionapp.models.ids (a migration never imports the program's code).
NAMESPACE = uuid.UUID("6f1d3c9e-2b7a-4c55-9a0e-8d2f4b6a1c33")
NAMED = {
    "setting": ("key", ("key",)),
    "ownership_type": ("id", ("name",)),
    "target": ("id", ("year", "metric")),
}
BATCH = 5000


def _uuid7() -> str:
    value = (int(time.time() * 1000) & 0xFFFF_FFFF_FFFF) << 80
    value |= int.from_bytes(os.urandom(10), "big") & ((1 << 80) - 1)
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return str(uuid.UUID(int=value))


def _named(kind: str, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join([kind, *map(str, parts)])))


def _fill(table: str, key: str, make, natural: tuple[str, ...] = ()) -> None:  # type: ignore[no-untyped-def]
    """Give every row its uid, in batches (100,000 families stay within memory)."""
    bind = op.get_bind()
    rows = sa.table(table, sa.column(key), sa.column("uid"))
    wanted = ", ".join(dict.fromkeys((key, *natural)))
    keys = list(bind.execute(sa.text(f"SELECT {wanted} FROM {table}")).mappings())
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        bind.execute(
            rows.update().where(rows.c[key] == sa.bindparam("k")).values(uid=sa.bindparam("u")),
            [{"k": row[key], "u": make(row)} for row in chunk],
        )


def upgrade() -> None:
    for table in RECORD_TABLES:
        op.add_column(table, sa.Column("uid", sa.String(36), nullable=True))
        op.add_column(
            table,
            sa.Column("sync_version", sa.Integer(), nullable=False, server_default=sa.text("0")),
        )
        _fill(table, "id", lambda _row: _uuid7())
    for table, (key, natural) in NAMED.items():
        op.add_column(table, sa.Column("uid", sa.String(36), nullable=True))
        op.add_column(
            table, sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        op.add_column(
            table,
            sa.Column("sync_version", sa.Integer(), nullable=False, server_default=sa.text("0")),
        )
        _fill(table, key, lambda row, t=table, n=natural: _named(t, *(row[c] for c in n)), natural)
    for table in (*RECORD_TABLES, *NAMED):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("uid", existing_type=sa.String(36), nullable=False)
            batch.create_unique_constraint(f"uq_{table}_uid", ["uid"])

    op.create_table(
        "sync_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("change_id", sa.String(36), nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("uid", sa.String(36), nullable=False),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.Column("sent", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_change"),
        sa.UniqueConstraint("change_id", name="uq_sync_change_change_id"),
    )
    op.create_index("ix_sync_change_uid", "sync_change", ["uid"])
    op.create_index("ix_sync_change_sent", "sync_change", ["sent"])
    op.create_table(
        "sync_binding",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("server_id", sa.String(36), nullable=False),
        sa.Column("office_code", sa.String(16), nullable=False),
        sa.Column("office_name", sa.String(60), nullable=False),
        sa.Column("pc_id", sa.String(36), nullable=False),
        sa.Column("pc_no", sa.Integer(), nullable=False),
        sa.Column("cursor_xid", sa.BigInteger(), nullable=False),
        sa.Column("cursor_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_sync_at", sa.DateTime()),
        sa.Column("last_error", sa.String(400), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_binding"),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("server_id", sa.BigInteger(), nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("uid", sa.String(36), nullable=False),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("mine", sa.Text(), nullable=False),
        sa.Column("theirs", sa.Text(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.Column("resolution", sa.String(8), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_conflict"),
        sa.UniqueConstraint("server_id", name="uq_sync_conflict_server_id"),
    )
    op.create_index("ix_sync_conflict_uid", "sync_conflict", ["uid"])
    op.create_index("ix_sync_conflict_done", "sync_conflict", ["done"])
    op.create_table(  # this PC's own: holds the office's password, never synced
        "sync_address",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("auto_minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_address"),
    )
    if op.get_bind().dialect.name == "postgresql":  # versioned now: announce changes (0005)
        for table in NAMED:
            op.execute(
                f"CREATE TRIGGER trg_{table}_notify AFTER INSERT OR UPDATE OR DELETE OR "
                f"TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION unionapp_notify_change()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in NAMED:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_notify ON {table}")
    for name in ("sync_address", "sync_conflict", "sync_binding", "sync_change"):
        op.drop_table(name)
    for table in (*RECORD_TABLES, *NAMED):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_uid", type_="unique")
            batch.drop_column("uid")
            batch.drop_column("sync_version")
            if table in NAMED:
                batch.drop_column("version")
