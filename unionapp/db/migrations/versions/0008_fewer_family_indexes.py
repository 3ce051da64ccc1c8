"""the families' indexes on category, status and work status go

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 00:00:00

Each column has a handful of values, so these indexes narrow a search little: measured on
100,000 families, a filter by category, by 已脱困 or by work status takes 24-32 ms without them
(against 2-9 ms), far inside the list's 100 ms, and the counts of active families on the home
page and in the reminders take the same time. Every family written kept all three up to date:
17 ms of an import of 10,000 families.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DROPPED = ("ix_family_category", "ix_family_status", "ix_family_work_status")


def upgrade() -> None:
    for name in DROPPED:
        op.drop_index(name, table_name="family")


def downgrade() -> None:
    op.create_index("ix_family_category", "family", ["category"])
    op.create_index("ix_family_status", "family", ["status"])
    op.create_index("ix_family_work_status", "family", ["work_status"])
