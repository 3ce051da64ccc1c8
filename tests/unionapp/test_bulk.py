"""Bulk inserts on the driver's cursor store exactly what SQLAlchemy's own insert stores."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select, text

from unionapp.db.bulk import in_texts, insert_rows
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


def _stored(session, where: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Each column's value and SQLite's type for it (an int 1 and a bool True read alike)."""
    kinds = ", ".join(f"{c}, typeof({c})" for c in COLUMNS)
    query = f"SELECT {kinds} FROM enterprise WHERE {where} ORDER BY id"
    return [tuple(row) for row in session.execute(text(query))]


@pytest.mark.sqlite_only  # the driver's own path (typeof); PostgreSQL takes SQLAlchemy's
def test_a_column_blank_in_every_row_and_bools_are_stored_as_sqlalchemy_stores_them(db) -> None:
    """A column None in every row goes into the statement as NULL (not bound), and bools go as
    their column's 0 or 1: the same values, of the same SQLite types, as SQLAlchemy's insert."""
    blank = [
        dict(row, credit_code=None, union_founded=None, name=f"丁{n}公司")
        for n, row in enumerate(ROWS * 3)
    ]
    mixed = [  # a credit code in one row alone (they are unique)
        dict(row, name=f"戊{n}公司", credit_code=row["credit_code"] if n == 1 else None)
        for n, row in enumerate(ROWS * 3)
    ]
    with db.write() as session:
        insert_rows(session, Enterprise.__table__, blank)
        insert_rows(session, Enterprise.__table__, mixed)
        session.execute(
            insert(Enterprise.__table__), [dict(r, name="对照" + r["name"]) for r in blank]
        )
        session.execute(
            insert(Enterprise.__table__),
            [dict(r, name="对照" + r["name"], credit_code=None) for r in mixed],
        )
    with db.read() as session:
        ours = _stored(session, "name NOT LIKE '对照%'")
        theirs = _stored(session, "name LIKE '对照%'")
        assert len(ours) == 12 and ours == theirs  # COLUMNS leave out the (unique) credit code
        at = COLUMNS.index("above_scale") * 2
        assert {row[at : at + 2] for row in ours} == {(1, "integer"), (0, "integer")}
        blank_at = COLUMNS.index("union_founded") * 2
        assert {row[blank_at : blank_at + 2] for row in ours[:6]} == {(None, "null")}


def test_a_row_without_a_key_blank_in_the_first_is_refused(db) -> None:
    """The first row's blank keys are not picked from the others: a row that has another key
    in place of one of them is still refused."""
    first = dict(ROWS[0], credit_code=None)
    odd = {key if key != "credit_code" else "address": value for key, value in first.items()}
    with pytest.raises(ValueError, match="same keys"), db.write() as session:
        insert_rows(session, Enterprise.__table__, [first, odd])
    with db.read() as session:
        assert session.scalar(select(func.count(Enterprise.id))) == 0


def test_columns_given_beside_the_rows_are_stored_as_if_in_them(db) -> None:
    """Ids and uids handed out for rows go beside them (the rows are not copied); each row gets
    its own, stored as it would be from inside the row."""
    beside = {"id": [501, 502], "uid": [f"0190c0de-0000-7000-8000-00000000050{n}" for n in (1, 2)]}
    inside = [
        dict(
            row,
            name="对照" + row["name"],
            id=600 + n,
            uid=f"0190c0de-0000-7000-8000-00000000060{n}",
        )
        for n, row in enumerate(ROWS, start=1)
    ]
    with db.write() as session:
        insert_rows(session, Enterprise.__table__, ROWS, beside)
        insert_rows(session, Enterprise.__table__, [dict(r, credit_code=None) for r in inside])
    with db.read() as session:
        query = f"SELECT id, uid, name, {', '.join(COLUMNS)} FROM enterprise ORDER BY id"
        stored = [tuple(row) for row in session.execute(text(query))]
    assert [row[:3] for row in stored] == [
        (501, beside["uid"][0], "甲公司"),
        (502, beside["uid"][1], "乙公司"),
        (601, inside[0]["uid"], "对照甲公司"),
        (602, inside[1]["uid"], "对照乙公司"),
    ]
    assert [row[3:] for row in stored[:2]] == [row[3:] for row in stored[2:]]


@pytest.mark.parametrize(
    ("beside", "reason"),
    [
        ({"id": [701]}, "a value for each row"),  # one id for two rows
        ({"id": [701, 702, 703]}, "a value for each row"),
        ({"name": ["丙公司", "丁公司"]}, "may not be one of their keys"),  # in the rows too
    ],
)
def test_columns_that_do_not_fit_the_rows_are_refused_and_nothing_is_written(
    db, beside: dict, reason: str
) -> None:
    with pytest.raises(ValueError, match=reason), db.write() as session:
        insert_rows(session, Enterprise.__table__, ROWS, beside)
    with db.read() as session:
        assert session.scalar(select(func.count(Enterprise.id))) == 0


# Any character but a lone surrogate (which no driver sends) and NUL (which PostgreSQL refuses)
_TEXT = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.text(_TEXT, max_size=12), unique=True),
    st.lists(st.text(_TEXT, max_size=12)),
)
def test_many_texts_match_as_sqlalchemys_in_does(db, stored: list[str], asked: list[str]) -> None:
    """Texts sent as one parameter (a JSON array under SQLite, an array under PostgreSQL) find
    exactly what a parameter each finds: quotes, backslashes, blanks, any script, texts that
    only look like JSON or numbers."""
    asked = [*asked, *stored[::2], "", "0", "1.0", '"引号"', "[]", "null", "DA-2026-0001"]
    with db.write() as session:
        rows = [{"name": name, "credit_code": None} for name in stored]
        insert_rows(session, Enterprise.__table__, rows)
        names = select(Enterprise.name)
        found = set(session.scalars(names.where(in_texts(session, Enterprise.name, asked))))
        expected = set(session.scalars(names.where(Enterprise.name.in_(asked))))
        assert found == expected == set(stored) & set(asked)
        nothing = names.where(in_texts(session, Enterprise.name, []))
        assert session.scalars(nothing).all() == []
        session.rollback()


def test_texts_go_as_one_parameter_however_many(db) -> None:
    """70,000 texts: more parameters than PostgreSQL takes in one statement, and one each
    was the slow part under SQLite."""
    asked = [f"DA-2026-{n:05d}" for n in range(70_000)]
    with db.write() as session:
        rows = [{"name": name, "credit_code": None} for name in ("DA-2026-00007", "甲公司")]
        insert_rows(session, Enterprise.__table__, rows)
        query = select(Enterprise.name).where(in_texts(session, Enterprise.name, asked))
        compiled = query.compile(session.connection())
        assert len(compiled.params) == 1
        if session.connection().dialect.name == "sqlite":
            assert "json_each" in str(compiled)
        assert session.scalars(query).all() == ["DA-2026-00007"]
        session.rollback()


def test_only_texts_are_compared_as_texts(db) -> None:
    with db.read() as session, pytest.raises(TypeError, match="texts only"):
        in_texts(session, Enterprise.name, ["甲公司", 1])
