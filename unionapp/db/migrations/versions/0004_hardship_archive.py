"""hardship archive (一户一档): worker and household fields, free-text employer, archive numbers,
yearly reviews, exits, attachments

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 12:00:00

Existing families keep their data: their employer link stays and its name becomes the employer
text, the household's monthly income becomes the yearly one (×12), the first reason becomes the
main reason, 已退出 becomes 已退档, a recorded review date becomes a review, and each family gets an
archive number in the new format (prefix-year-sequence, in creation order) while the number its
paper form shows (the row number, six digits) is kept as 原档案编号.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FAMILY_COLUMNS = (
    ("archive_no", sa.String(30), None),
    ("old_archive_no", sa.String(30), ""),
    ("filed_on", sa.Date(), None),
    ("filed_by", sa.String(40), ""),
    ("checked_by", sa.String(40), ""),
    ("entered_by", sa.String(40), ""),
    ("political_status", sa.String(10), ""),
    ("marital_status", sa.String(10), ""),
    ("hukou_type", sa.String(4), ""),
    ("hukou_place", sa.String(100), ""),
    ("disability_kind", sa.String(10), ""),
    ("disability_grade", sa.String(4), ""),
    ("work_status", sa.String(10), "在岗"),
    ("employer", sa.String(200), ""),
    ("employer_nature", sa.String(40), ""),
    ("member_card_no", sa.String(30), ""),
    ("model_worker", sa.String(10), ""),
    ("housing_type", sa.String(10), ""),
    ("housing_area", sa.Float(), "0"),
    ("medical_insurance", sa.String(10), ""),
    ("single_parent", sa.Boolean(), "0"),
    ("zero_employment", sa.Boolean(), "0"),
    ("annual_income_fen", sa.Integer(), "0"),
    ("medical_expense_fen", sa.Integer(), "0"),
    ("schooling_expense_fen", sa.Integer(), "0"),
    ("category_since", sa.Date(), None),
    ("main_reason", sa.String(10), ""),
    ("bank_name", sa.String(60), ""),
    ("bank_account", sa.String(30), ""),
    ("exit_date", sa.Date(), None),
    ("exit_reason", sa.String(200), ""),
)


def upgrade() -> None:
    op.create_table(
        "family_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=False),
        sa.Column("reviewer", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("notes", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_family_review_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_review")),
    )
    with op.batch_alter_table("family_review") as batch:
        batch.create_index(batch.f("ix_family_review_family_id"), ["family_id"], unique=False)
        batch.create_index(batch.f("ix_family_review_review_date"), ["review_date"], unique=False)
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=40), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_attachment_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment") as batch:
        batch.create_index(batch.f("ix_attachment_family_id"), ["family_id"], unique=False)
    op.create_table(
        "archive_sequence",
        sa.Column("prefix", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "year", name=op.f("pk_archive_sequence")),
    )
    with op.batch_alter_table("household_member") as batch:
        batch.add_column(sa.Column("id_number", sa.String(18), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("medical_insurance", sa.String(10), nullable=False, server_default="")
        )
        batch.create_index(batch.f("ix_household_member_id_number"), ["id_number"], unique=False)
    with op.batch_alter_table("assistance") as batch:
        batch.add_column(
            sa.Column("application_type", sa.String(4), nullable=False, server_default="日常")
        )
    with op.batch_alter_table("family") as batch:
        for name, kind, default in FAMILY_COLUMNS:
            batch.add_column(
                sa.Column(
                    name,
                    kind,
                    nullable=default is None or name == "archive_no",
                    server_default=default,
                )
            )
    _fill()
    with op.batch_alter_table("family", recreate=_rebuild()) as batch:
        batch.alter_column("archive_no", existing_type=sa.String(30), nullable=False)
        batch.create_unique_constraint(batch.f("uq_family_archive_no"), ["archive_no"])
        batch.drop_constraint("fk_family_enterprise_id_enterprise", type_="foreignkey")
        batch.create_foreign_key(
            batch.f("fk_family_enterprise_id_enterprise"),
            "enterprise",
            ["enterprise_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.drop_column("monthly_income_fen")
        batch.create_index(batch.f("ix_family_work_status"), ["work_status"], unique=False)
        batch.create_index(batch.f("ix_family_employer"), ["employer"], unique=False)


def _rebuild() -> str:
    """SQLite rebuilds the table to change a column or a foreign key; PostgreSQL alters it in
    place (a rebuild there would drop the primary key the other tables' foreign keys use)."""
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def _fill() -> None:
    bind = op.get_bind()
    family = sa.table(
        "family",
        sa.column("id", sa.Integer),
        sa.column("enterprise_id", sa.Integer),
        sa.column("monthly_income_fen", sa.Integer),
        sa.column("annual_income_fen", sa.Integer),
        sa.column("reasons", sa.String),
        sa.column("main_reason", sa.String),
        sa.column("status", sa.String),
        sa.column("reviewed_on", sa.Date),
        sa.column("created_at", sa.DateTime),
        sa.column("archive_no", sa.String),
        sa.column("old_archive_no", sa.String),
        sa.column("filed_on", sa.Date),
        sa.column("category_since", sa.Date),
        sa.column("employer", sa.String),
    )
    enterprise = sa.table("enterprise", sa.column("id", sa.Integer), sa.column("name", sa.String))
    review = sa.table(
        "family_review",
        sa.column("family_id", sa.Integer),
        sa.column("review_date", sa.Date),
        sa.column("reviewer", sa.String),
        sa.column("outcome", sa.String),
        sa.column("notes", sa.String),
    )
    setting = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.String))
    sequence = sa.table(
        "archive_sequence",
        sa.column("prefix", sa.String),
        sa.column("year", sa.Integer),
        sa.column("last", sa.Integer),
    )
    prefix = bind.execute(
        sa.select(setting.c.value).where(setting.c.key == "archive_prefix")
    ).scalar()
    prefix = (prefix or "DA").strip() or "DA"
    names = dict(bind.execute(sa.select(enterprise.c.id, enterprise.c.name)).all())
    last: dict[int, int] = {}
    rows = bind.execute(
        sa.select(
            family.c.id,
            family.c.enterprise_id,
            family.c.monthly_income_fen,
            family.c.reasons,
            family.c.status,
            family.c.reviewed_on,
            family.c.created_at,
        ).order_by(family.c.created_at, family.c.id)
    ).all()
    for row in rows:
        created = row.created_at
        year = created.year if created is not None else 2000
        last[year] = last.get(year, 0) + 1
        reasons = [r for r in (row.reasons or "").split("、") if r]
        bind.execute(
            family.update()
            .where(family.c.id == row.id)
            .values(
                archive_no=f"{prefix}-{year}-{last[year]:04d}",
                old_archive_no=f"{row.id:06d}",
                filed_on=created.date() if created is not None else None,
                category_since=created.date() if created is not None else None,
                employer=names.get(row.enterprise_id, "") if row.enterprise_id else "",
                annual_income_fen=(row.monthly_income_fen or 0) * 12,
                main_reason=reasons[0] if reasons else "",
                reasons="、".join(reasons[1:]),
                status="已退档" if row.status == "已退出" else row.status,
            )
        )
        if row.reviewed_on is not None:
            bind.execute(
                review.insert().values(
                    family_id=row.id,
                    review_date=row.reviewed_on,
                    reviewer="",
                    outcome="继续在档",
                    notes="迁移前记录的复核日期",
                )
            )
    for year, number in last.items():
        bind.execute(sequence.insert().values(prefix=prefix, year=year, last=number))


def downgrade() -> None:
    with op.batch_alter_table("family", recreate=_rebuild()) as batch:
        batch.add_column(
            sa.Column("monthly_income_fen", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute("UPDATE family SET monthly_income_fen = annual_income_fen / 12")
    with op.batch_alter_table("family", recreate=_rebuild()) as batch:
        batch.drop_constraint("uq_family_archive_no", type_="unique")
        batch.drop_index("ix_family_work_status")
        batch.drop_index("ix_family_employer")
        for name, _kind, _default in reversed(FAMILY_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("assistance") as batch:
        batch.drop_column("application_type")
    with op.batch_alter_table("household_member") as batch:
        batch.drop_index("ix_household_member_id_number")
        batch.drop_column("medical_insurance")
        batch.drop_column("id_number")
    op.drop_table("archive_sequence")
    op.drop_table("attachment")
    op.drop_table("family_review")
