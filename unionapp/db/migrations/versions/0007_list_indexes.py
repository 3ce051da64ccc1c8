"""indexes for the families list: income per head sorted at once, "helped this year" from an
index of (family, date)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 09:00:00

The list of 100,000 families sorted by 月人均收入 sorted every row each time, and the filter
今年已帮扶 read each family's help rows; an index on the list's own expression and one on
(family_id, given_on) answer both from the index. The single-column index on family_id is a
prefix of the new one and goes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The expression exactly as the list sorts by it (unionapp.models.hardship.INCOME_PER_HEAD), in
# the parentheses PostgreSQL asks of an index expression.
INCOME_PER_HEAD = (
    "(((annual_income_fen - medical_expense_fen) - schooling_expense_fen)"
    " / (12 * nullif(household_size, 0)))"
)


def upgrade() -> None:
    op.create_index("ix_family_income_per_head", "family", [sa.text(INCOME_PER_HEAD)])
    op.create_index("ix_assistance_family_id_given_on", "assistance", ["family_id", "given_on"])
    op.drop_index("ix_assistance_family_id", table_name="assistance")


def downgrade() -> None:
    op.create_index("ix_assistance_family_id", "assistance", ["family_id"])
    op.drop_index("ix_assistance_family_id_given_on", table_name="assistance")
    op.drop_index("ix_family_income_per_head", table_name="family")
