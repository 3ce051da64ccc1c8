"""record versions for optimistic locking; on PostgreSQL: trigram search indexes, change notices,
sequences caught up

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 12:00:00

Every record table gets ``version`` (INTEGER NOT NULL DEFAULT 1): the ORM counts it up at each
update and refuses to overwrite a row changed by someone else since it was read.

On PostgreSQL only:
- ``pg_trgm`` and a GIN trigram index on each column the lists search, so ``LIKE '%张三丰%'``
  (``ILIKE`` for Latin letters) is answered from the indexes, one bitmap per column OR-ed
  together (a single index over all the columns is not chosen by the planner for such an OR);
  pg_trgm is a trusted extension: the database's owner may create it;
- a statement trigger on every record table sending ``NOTIFY unionapp_changes, '<table>'`` (the
  notice is delivered when the transaction commits, once per table), for the window's refresh;
- every id sequence set past the largest id, repairing databases where rows were written with
  explicit ids (the demo data of earlier versions) and the next save failed on a duplicate key.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
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
# The columns each list searches (frozen here: the record descriptions may grow).
SEARCHED = {
    "enterprise": ("name", "credit_code", "address", "contact", "phone", "community"),
    "family": ("worker_name", "id_number", "archive_no", "phone", "address", "employer"),
    "congress": ("agenda",),
    "training": ("title", "place", "trainer"),
    "attendee": ("name", "employer", "phone"),
    "service_unit": ("name", "discount", "contact", "address"),
}
ID_TABLES = (
    "audit_log",
    "enterprise",
    "visit",
    "honour",
    "congress",
    "family",
    "household_member",
    "assistance",
    "family_review",
    "attachment",
    "training",
    "attendee",
    "ownership_type",
    "target",
    "service_unit",
)
CHANNEL = "unionapp_changes"
NOTIFY_FUNCTION = "unionapp_notify_change"


def upgrade() -> None:
    for table in RECORD_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
            )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()


def _postgresql_upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in SEARCHED.items():
        for column in columns:
            op.execute(
                f"CREATE INDEX ix_{table}_{column}_trgm ON {table} USING gin ({column} gin_trgm_ops)"
            )
    op.execute(
        f"""
        CREATE FUNCTION {NOTIFY_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
            RETURN NULL;
        END
        $$
        """
    )
    for table in RECORD_TABLES:
        op.execute(
            f"CREATE TRIGGER trg_{table}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {NOTIFY_FUNCTION}()"
        )
    for table in ID_TABLES:
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in RECORD_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_notify ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {NOTIFY_FUNCTION}()")
        for table, columns in SEARCHED.items():
            for column in columns:
                op.execute(f"DROP INDEX IF EXISTS ix_{table}_{column}_trgm")
    for table in reversed(RECORD_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
