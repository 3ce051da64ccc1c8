"""A plan keeps its first rows' values as the dictionaries cleaning made, and the rows past
COMPACT_AFTER as tuples beside shared field names (less memory for a large sheet). Either way a
row gives the same values, a new copy each time, and the import writes the same records."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.unionapp.spreadsheets.conftest import TODAY, workbook
from unionapp.spreadsheets import planner
from unionapp.spreadsheets.applying import apply_import
from unionapp.spreadsheets.importer import plan_import
from unionapp.validation.idcard import id_check_char


def person(serial: int) -> str:
    body = f"32011519800101{serial:03d}"
    return body + id_check_char(body)


def families_sheet(path: Path, count: int) -> Path:
    rows = [["姓名", "身份证号", "困难类别", "工作单位", "民族", "家庭住址"]]
    for n in range(count):
        rows.append([f"职工{n}", person(n), "深度困难", "街道外某厂", "回族", f"江宁路{n}号"])
    return workbook(path, {"困难职工": rows})


def _plan(db, sheet: Path):  # type: ignore[no-untyped-def]
    with db.write() as session:
        report = plan_import(session, "families", sheet, today=TODAY)
        session.rollback()
    assert report.ok
    return report


def _written(db) -> list[tuple]:  # type: ignore[no-untyped-def]
    query = "SELECT worker_name, id_number, gender, birth_date, ethnicity, address, category "
    with db.read() as session:
        return [tuple(row) for row in session.execute(text(query + "FROM family ORDER BY id"))]


def test_rows_past_the_first_are_kept_compact_and_read_back_the_same(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = families_sheet(tmp_path / "困难 职工.xlsx", 7)
    whole = [row.values for row in _plan(db, sheet).additions]

    monkeypatch.setattr(planner, "COMPACT_AFTER", 3)
    report = _plan(db, sheet)
    kept = [row._values for row in report.additions]
    assert [type(values) for values in kept] == [dict] * 3 + [tuple] * 4
    assert len({id(row._fields) for row in report.additions[3:]}) == 1  # one shape, shared
    assert [row.values for row in report.additions] == whole

    first, last = report.additions[0], report.additions[-1]
    for row in (first, last):  # applying adds to what it gets; the plan keeps its values
        given = row.values
        given["archive_no"] = "DA-2024-9999"
        given["worker_name"] = "改过"
        assert row.values == whole[report.additions.index(row)]

    with db.write() as session:
        apply_import(session, report)
    compact = _written(db)
    with db.write() as session:
        session.execute(text("DELETE FROM family"))
    monkeypatch.setattr(planner, "COMPACT_AFTER", 20_000)
    with db.write() as session:
        apply_import(session, _plan(db, sheet))
    assert _written(db) == compact
    assert [name for name, *_ in compact] == [f"职工{n}" for n in range(7)]
