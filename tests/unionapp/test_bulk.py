"""Bulk inserts on the driver's cursor store exactly what SQLAlchemy's own insert stores."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, insert, select, text

from unionapp.db.bulk import insert_rows
from unionapp.models import Enterprise

ROWS = [
    {"name": "甲公司", "credit_code": None, "above_scale": True, "union_founded": date(2021, 5, 1),
     "staff_count": 120, "notes": "第一行\n第二行"},
    {"name": "乙公司", "credit_code": "91320115MA1MXQ8L0X", "above_scale": False,
     "union_founded": None, "staff_count": 0, "notes": ""},
]  # fmt: skip


SET_BY_THE_DATABASE = ("id", "name", "credit_code", "created_at", "updated_at", "uid")
COLUMNS = [c.name for c in Enterprise.__table__.columns if c.name not in SET_BY_THE_DATABASE]


def test_rows_are_stored_as_sqlalchemy_stores_them(db) -> None:
    with db.write() as session:
        insert_rows(session, Enterprise.__table__, ROWS)
        session.execute(insert(Enterprise.__table__),
                        [dict(r, name=r["name"] + "（对照）", credit_code=None)
                         for r in ROWS])  # fmt: skip
    with db.read() as session:
        rows = [tuple(row) for row in session.execute(
            text(f"SELECT {', '.join(COLUMNS)} FROM enterprise ORDER BY id"))]  # fmt: skip
        assert len(rows) == 4 and rows[:2] == rows[2:]  # the very values SQLite holds
        company = session.scalar(select(Enterprise).where(Enterprise.name == "甲公司"))
        assert company.union_founded == date(2021, 5, 1) and company.above_scale is True
        assert company.union_status == "未建会" and company.ownership == ""  # column defaults
        assert company.created_at is not None  # server default


def test_rows_with_different_keys_are_refused_and_nothing_is_written(db) -> None:
    fewer = {"name": "丙公司"}
    as_many = {key if key != "name" else "address": value for key, value in ROWS[0].items()}
    for odd in (fewer, as_many):  # as many keys, but not the same ones
        with pytest.raises(ValueError, match="same keys"), db.write() as session:
            insert_rows(session, Enterprise.__table__, [ROWS[0], odd])
    with db.read() as session:
        assert session.scalar(select(func.count(Enterprise.id))) == 0
