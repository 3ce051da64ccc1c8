"""An import is audited as a few sealed entries, one per run of consecutive ids, holding every
row's values as a table: who imported which values into which record, when, and from which
file. A record's history finds its row; identity, phone and birth dates stay masked; the chain
still verifies."""

from __future__ import annotations

import json
from dataclasses import make_dataclass
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.unionapp.spreadsheets.conftest import run_import, workbook
from unionapp.audit.display import Reader
from unionapp.audit.imports import (
    IMPORT,
    MAX_RUN,
    _encode,
    _plain_encode,
    holding,
    narrowed,
    record_import,
    rows_of,
)
from unionapp.audit.reading import history
from unionapp.models import AuditEntry, HardshipFamily, HouseholdMember
from unionapp.safety.checking import check_database
from unionapp.schema.hardship import FAMILY
from unionapp.services import records
from unionapp.validation.idcard import id_check_char, mask_id_number


def person(serial: int, year: int = 1980) -> str:
    body = f"320115{year}0101{serial:03d}"
    return body + id_check_char(body)


FILE = "困难职工 名单 2024.xlsx"


def families_sheet(folder: Path, count: int) -> Path:
    head = ["姓名", "身份证号", "困难类别", "工作单位", "联系电话", "民族"]
    members = [["职工身份证号", "姓名", "关系", "身份证号", "月收入(元)"]]
    rows = [head]
    for n in range(count):
        name = "ᠪᠠᠲᠦ" if n == 1 else f"刘𠇔{n}"
        rows.append([name, person(n), "深度困难", "街道外某厂", "13912345678", "蒙古族"])
        members.append([person(n), f"子女{n}", "子女", person(n, 2010), 0])
    return workbook(folder / FILE, {"困难职工": rows, "家庭成员": members})


def import_entries(db, table: str) -> list[AuditEntry]:
    with db.read() as session:
        query = select(AuditEntry).where(
            AuditEntry.action == IMPORT, AuditEntry.table_name == table
        )
        return list(session.scalars(query.order_by(AuditEntry.id)))


def test_an_import_is_a_few_entries_with_every_row_masked(db, tmp_path: Path) -> None:
    assert run_import(db, "families", families_sheet(tmp_path, 12)).ok
    families, members = import_entries(db, "family"), import_entries(db, "household_member")
    assert len(families) == 1 and len(members) == 1
    with db.read() as session:
        stored = {f.id: f for f in session.scalars(select(HardshipFamily))}
        children = {m.id: m for m in session.scalars(select(HouseholdMember))}
    source, keys, rows = rows_of(families[0])
    assert source == FILE and len(rows) == 12 and families[0].operator == "测试员"
    for offset, row in enumerate(rows):
        values = dict(zip(keys, row, strict=True))
        family = stored[families[0].row_id + offset]
        assert values["worker_name"] == family.worker_name
        assert values["archive_no"] == family.archive_no
        assert values["id_number"] == mask_id_number(family.id_number)
        assert values["birth_date"] == "1980"  # the year only, as the lists show it
        assert values["phone"] != "13912345678" and values["phone"].endswith("5678")
    _source, member_keys, member_rows = rows_of(members[0])
    assert len(member_rows) == 12
    first = dict(zip(member_keys, member_rows[0], strict=True))
    assert first["name"] == children[members[0].row_id].name
    assert first["family_id"] == children[members[0].row_id].family_id
    logged = " ".join(entry.changes for entry in families + members)
    for n in range(12):  # no full identity number anywhere in the log
        assert person(n) not in logged and person(n, 2010) not in logged
    assert check_database(db) == []  # the chain still verifies


def test_a_record_history_shows_its_imported_values(db, tmp_path: Path, context_of) -> None:
    assert run_import(db, "families", families_sheet(tmp_path, 3)).ok
    with db.write() as session:
        family = session.scalars(
            select(HardshipFamily).where(HardshipFamily.worker_name == "ᠪᠠᠲᠦ")
        ).one()
        family.address = "天元中路 8 号"
        family_id = family.id
        typed = records.create(
            session,
            FAMILY,
            {"worker_name": "王芳", "id_number": person(50), "category": "相对困难"},
            context_of(session),
        )
    with db.read() as session:
        entries = history(session, "family", family_id)
        assert [e.action for e in entries] == ["update", IMPORT]  # newest first
        shown = Reader(session).entry(entries[1])
        assert shown.action == "导入" and shown.row_id == family_id
        assert f"文件：{FILE}" in shown.summary and "姓名：ᠪᠠᠲᠦ" in shown.summary
        assert "民族：蒙古族" in shown.summary and person(1) not in shown.summary
        assert "家庭住址：" not in shown.summary  # blank here: left out, as for an insert
        # a record typed into the form is not in any import
        assert [e.action for e in history(session, "family", typed.id)] == ["insert"]
        # the whole import, as the unfiltered log shows it
        whole = Reader(session).entry(import_entries(db, "family")[0])
        assert f"3 条（编号 {family_id - 1}–{family_id + 1}）" in whole.summary


def test_runs_split_at_gaps_and_at_the_run_limit(db) -> None:
    ids = [*range(1, MAX_RUN + 2), MAX_RUN + 10, MAX_RUN + 11]
    rows = [{"name": f"成员{i}", "relation": "子女", "monthly_income_fen": i} for i in ids]
    with db.write() as session:
        record_import(session, "household_member", ids, rows, "a.xlsx")
    entries = import_entries(db, "household_member")
    assert [(e.row_id, len(rows_of(e)[2])) for e in entries] == [
        (1, MAX_RUN),
        (MAX_RUN + 1, 1),
        (MAX_RUN + 10, 2),
    ]
    with db.read() as session:
        for row_id in (1, MAX_RUN, MAX_RUN + 1, MAX_RUN + 11):
            (entry,) = holding(session, "household_member", row_id)
            _source, keys, (row,) = rows_of(narrowed(entry, row_id))
            assert dict(zip(keys, row, strict=True))["name"] == f"成员{row_id}"
        assert holding(session, "household_member", MAX_RUN + 5) == []  # in the gap
        assert holding(session, "family", 1) == []  # another table
    assert check_database(db) == []


def test_rows_of_different_shapes_keep_every_key(db) -> None:
    """Rows imported together share their keys, which the entry takes from the first row; rows
    that do not (a key missing, another in its place, one more) still keep every value."""
    shapes = {
        "a key missing": [{"name": "甲", "relation": "子女"}, {"name": "乙"}],
        "another in its place": [
            {"name": "甲", "relation": "子女"},
            {"name": "乙", "health": "残疾"},
        ],
        "a bookkeeping key in its place": [
            {"name": "甲", "version": 1},
            {"name": "乙", "relation": "子女"},
        ],
        "one more, in a later run": [
            {"name": "甲"},
            *({"name": f"成员{i}"} for i in range(MAX_RUN)),
            {"name": "乙", "health": "残疾"},
        ],
    }
    for label, rows in shapes.items():
        ids = list(range(1, len(rows) + 1))
        with db.write() as session:
            record_import(session, "household_member", ids, rows, "a.xlsx")
            session.flush()
            for row_id, row in zip(ids, rows, strict=True):
                (entry,) = holding(session, "household_member", row_id)
                _source, keys, (stored,) = rows_of(narrowed(entry, row_id))
                back = {k: v for k, v in zip(keys, stored, strict=True) if v is not None}
                assert back == {k: v for k, v in row.items() if k != "version"}, label
            session.rollback()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.text(max_size=30),
            st.one_of(st.none(), st.integers(-(2**70), 2**70)),  # past 64 bits: the slow way
            st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 1, 1))),
            st.booleans(),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 5000),
)
def test_every_row_reads_back_as_written(db, values, first) -> None:
    ids = list(range(first, first + len(values)))
    rows = [
        {"name": n, "monthly_income_fen": income, "school_or_employer": str(d or ""), "x": flag}
        for n, income, d, flag in values
    ]
    with db.write() as session:
        before = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
        record_import(session, "household_member", ids, rows, "表 1.xlsx")
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.id > (before or 0)).order_by(AuditEntry.id)
        ).one()
        for row_id, row in zip(ids, rows, strict=True):
            _source, keys, (stored,) = rows_of(narrowed(entry, row_id))
            back = dict(zip(keys, stored, strict=True))
            for key, value in row.items():
                if key in back:
                    assert back[key] == value
                else:  # a column blank in every row is left out
                    assert value in (None, "")
        assert json.loads(entry.changes)["source"] == "表 1.xlsx"
        session.rollback()


def test_a_file_named_after_a_person_is_logged_with_the_number_masked(db, tmp_path: Path) -> None:
    folder = tmp_path / f"王芳 {person(3)}"
    folder.mkdir()
    sheet = families_sheet(folder, 2).rename(folder / f"王芳 {person(3)} 13912345678.xlsx")
    assert run_import(db, "families", sheet).ok
    (entry,) = import_entries(db, "family")
    source, _keys, _rows = rows_of(entry)
    assert person(3) not in entry.changes and "13912345678" not in entry.changes
    assert source.startswith("王芳 320115") and source.endswith(".xlsx")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.booleans(),
            st.text(max_size=20),
            st.integers(-(2**70), 2**70),
            st.floats(allow_nan=False, allow_infinity=False),
            st.dates(),
            st.datetimes(),
            st.decimals(allow_nan=False, allow_infinity=False, places=2),
            st.binary(max_size=5),
        ),
        max_size=12,
    )
)
def test_an_entry_is_encoded_as_the_standard_library_would_read_it(values: list) -> None:
    """orjson's compact text reads back as the standard library's text of the same entry, and
    what orjson refuses (an integer past 64 bits) is written the standard library's way."""
    changes = {"source": "表.xlsx", "count": len(values), "keys": ["x"], "columns": [values]}
    assert json.loads(_encode(changes)) == json.loads(_plain_encode(changes))


def test_what_neither_encoder_takes_is_refused_as_before() -> None:
    import pytest

    assert json.loads(_encode({"x": ["\ud800"]})) == {"x": ["\ud800"]}  # a lone surrogate
    row = make_dataclass("Row", ["name"])("甲")  # orjson would write a dataclass by itself
    for refused in (object(), Path("a.xlsx"), Reader, row):  # not values of a record
        with pytest.raises(TypeError, match="cannot go into the audit log"):
            _encode({"x": [refused]})


def test_every_row_needs_its_id(db) -> None:
    import pytest

    with db.write() as session, pytest.raises(ValueError, match="id"):
        record_import(session, "household_member", [1], [{"name": "甲"}, {"name": "乙"}], "a.xlsx")


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(["idcard", "date", "phone", "bankcard"]),
    values=st.lists(
        st.one_of(
            st.none(),
            st.text(max_size=24),
            st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),
            st.dates(),
            st.integers(),
        ),
        max_size=20,
    ),
)
def test_masking_a_column_masks_each_value_as_one_entry_would(kind: str, values: list) -> None:
    """An import's column of numbers is masked in one loop: value for value what ``mask``
    gives a single change (a date from its text), whatever the column holds."""
    from unionapp.audit.masking import mask, mask_all

    one_by_one = [mask(kind, v.isoformat() if isinstance(v, date) else v) for v in values]
    assert mask_all(kind, values) == one_by_one
