"""Export and templates: typed cells, masks, BOM, drop-downs, and a round trip."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import select

from tests.unionapp.spreadsheets.conftest import TODAY, run_import, snapshot
from unionapp.models import HardshipFamily
from unionapp.services.demo import generate
from unionapp.spreadsheets.writing import export_list, write_template


def demo(db) -> None:
    with db.write() as session:
        generate(session, enterprises=80, families=15, trainings=4, seed=12, today=TODAY)


def test_xlsx_export_has_typed_cells_frozen_header_and_widths(db, tmp_path: Path) -> None:
    demo(db)
    path = tmp_path / "families.xlsx"
    with db.read() as session:
        assert export_list(session, "families", path) == 15
        first = session.scalars(select(HardshipFamily).order_by(HardshipFamily.id)).first()
    book = openpyxl.load_workbook(path)
    sheet = book["困难职工"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["姓名", "身份证号", "性别"]
    row = {h: c.value for h, c in zip(headers, sheet[2], strict=True)}
    assert row["身份证号"] == first.id_number[:6] + "********" + first.id_number[-4:]  # masked
    assert isinstance(row["家庭人口"], int) and isinstance(row["家庭月总收入(元)"], (int, float))
    assert row["出生日期"] == first.birth_date.year  # masked: a full date would rebuild the ID
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 18
    assert "家庭成员" in book.sheetnames


def test_full_numbers_only_when_asked_and_kept_as_text(db, tmp_path: Path) -> None:
    demo(db)
    path = tmp_path / "full.xlsx"
    with db.read() as session:
        export_list(session, "families", path, reveal=True)
        number = session.scalars(
            select(HardshipFamily.id_number).order_by(HardshipFamily.id)
        ).first()
    cell = openpyxl.load_workbook(path)["困难职工"]["B2"]
    assert cell.value == number and cell.data_type == "s"


def test_csv_export_is_utf8_with_bom(db, tmp_path: Path) -> None:
    demo(db)
    path = tmp_path / "e.csv"
    with db.read() as session:
        export_list(session, "enterprises", path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "企业名称".encode() in data


def test_export_imported_again_gives_the_same_records(db, tmp_path: Path) -> None:
    from shutil import copyfile

    demo(db)
    kinds = ("enterprises", "families", "trainings")
    with db.read() as session:
        for kind in kinds:
            export_list(session, kind, tmp_path / f"{kind}.xlsx", reveal=True)
            export_list(session, kind, tmp_path / f"{kind}-before.csv", reveal=True)
    fresh = tmp_path / "fresh.sqlite3"
    copyfile(db.path, fresh)
    from unionapp.database import open_database

    other = open_database(str(fresh))
    with other.write() as session:
        from sqlalchemy import text

        for table in (
            "attendee",
            "training",
            "assistance",
            "household_member",
            "family",
            "honour",
            "visit",
            "congress",
            "enterprise",
        ):
            session.execute(text(f"DELETE FROM {table}"))
    for kind in kinds:
        report = run_import(other, kind, tmp_path / f"{kind}.xlsx")
        assert report.ok, [str(p) for p in report.problems][:5]
    with other.read() as session:
        for kind in kinds:
            export_list(session, kind, tmp_path / f"{kind}-after.csv", reveal=True)
    other.close()
    for kind in kinds:
        before = (tmp_path / f"{kind}-before.csv").read_text(encoding="utf-8-sig")
        after = (tmp_path / f"{kind}-after.csv").read_text(encoding="utf-8-sig")
        assert before == after, kind


def test_template_has_data_sheet_first_example_and_drop_downs(tmp_path: Path, db) -> None:
    path = write_template("families", tmp_path / "t.xlsx", {})
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["困难职工", "家庭成员", "填写说明"]
    sheet = book["困难职工"]
    headers = [c.value for c in sheet[1]]
    assert "姓名*" in headers and "身份证号*" in headers and "性别" not in headers
    assert sheet["A2"].value == "张三"
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert any("深度困难" in f for f in lists) and any("是" in f for f in lists)
    # The template itself (with the example row replaced) imports.
    before = snapshot(db)
    assert not run_import(db, "families", path).ok  # the example names an employer not on file
    assert snapshot(db) == before


def test_every_tab_offers_kinds_that_exist() -> None:
    """The window names imports and exports without loading them; the names must be real."""
    from unionapp.schema import SPECS_BY_KEY
    from unionapp.spreadsheets.catalog import EXPORT_FOR_TAB, EXPORTS, IMPORT_FOR_TAB
    from unionapp.spreadsheets.kinds import KINDS

    assert set(IMPORT_FOR_TAB.values()) <= set(KINDS)
    assert set(EXPORT_FOR_TAB.values()) <= set(EXPORTS)
    assert set(IMPORT_FOR_TAB) | set(EXPORT_FOR_TAB) <= set(SPECS_BY_KEY)
