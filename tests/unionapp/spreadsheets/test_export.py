"""Export and templates: typed cells, masks, BOM, drop-downs, and a round trip."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import select

from tests.unionapp.spreadsheets.conftest import TODAY, run_import
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
    assert headers[:4] == ["档案编号", "姓名", "身份证号", "性别"]
    row = {h: c.value for h, c in zip(headers, sheet[2], strict=True)}
    assert row["身份证号"] == first.id_number[:6] + "********" + first.id_number[-4:]  # masked
    assert isinstance(row["家庭人口"], int) and isinstance(row["家庭年总收入(元)"], (int, float))
    assert row["出生日期"] == first.birth_date.year  # masked: a full date would rebuild the ID
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= 18  # the ID numbers' column
    assert "家庭成员" in book.sheetnames


def test_full_numbers_only_when_asked_and_kept_as_text(db, tmp_path: Path) -> None:
    demo(db)
    path = tmp_path / "full.xlsx"
    with db.read() as session:
        export_list(session, "families", path, reveal=True)
        number = session.scalars(
            select(HardshipFamily.id_number).order_by(HardshipFamily.id)
        ).first()
    cell = openpyxl.load_workbook(path)["困难职工"]["C2"]
    assert cell.value == number and cell.data_type == "s"


def test_csv_export_is_utf8_with_bom(db, tmp_path: Path) -> None:
    demo(db)
    path = tmp_path / "e.csv"
    with db.read() as session:
        export_list(session, "enterprises", path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "企业名称".encode() in data


def test_export_imported_again_gives_the_same_records(db, tmp_path: Path) -> None:
    demo(db)
    kinds = ("enterprises", "families", "trainings")
    with db.read() as session:
        for kind in kinds:
            export_list(session, kind, tmp_path / f"{kind}.xlsx", reveal=True)
            export_list(session, kind, tmp_path / f"{kind}-before.csv", reveal=True)
    other = db  # emptied of records: settings and lookup lists stay as they were
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
    for kind in kinds:
        before = importable_columns(tmp_path / f"{kind}-before.csv", kind)
        after = importable_columns(tmp_path / f"{kind}-after.csv", kind)
        assert before == after, kind


def importable_columns(path: Path, kind: str) -> list[list[str]]:
    """A CSV export's columns that an import takes back (not the derived ones, such as the
    last yearly review: reviews are records of their own, not columns of the sheet)."""
    import csv

    from unionapp.spreadsheets.catalog import EXPORTS

    derived = {f.label for f in EXPORTS[kind].spec.fields if f.derived and f.key != "gender"}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    keep = [i for i, title in enumerate(rows[0]) if title not in derived]
    return [[row[i] for i in keep] for row in rows]


def test_template_has_data_sheet_first_example_and_drop_downs(tmp_path: Path, db) -> None:
    path = write_template("families", tmp_path / "t.xlsx", {})
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["困难职工", "家庭成员", "填写说明"]
    sheet = book["困难职工"]
    headers = [c.value for c in sheet[1]]
    assert "姓名*" in headers and "身份证号*" in headers and "性别" not in headers
    assert sheet["B2"].value == "张三" and sheet["A2"].value == "DA-2026-0001"
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert any("深度困难" in f for f in lists) and any("是" in f for f in lists)
    # The template's example rows pass the program's own checks: the file imports as it is.
    report = run_import(db, "families", path)
    assert report.ok, [str(p) for p in report.problems]
    with db.read() as session:
        family = session.scalars(select(HardshipFamily)).one()
        assert (family.worker_name, [m.name for m in family.members]) == ("张三", ["李小红"])


def test_every_tab_offers_kinds_that_exist() -> None:
    """The window names imports and exports without loading them; the names must be real."""
    from unionapp.schema import SPECS_BY_KEY
    from unionapp.spreadsheets.catalog import EXPORT_FOR_TAB, EXPORTS, IMPORT_FOR_TAB
    from unionapp.spreadsheets.kinds import KINDS

    assert set(IMPORT_FOR_TAB.values()) <= set(KINDS)
    assert set(EXPORT_FOR_TAB.values()) <= set(EXPORTS)
    assert set(IMPORT_FOR_TAB) | set(EXPORT_FOR_TAB) <= set(SPECS_BY_KEY)


FORMULA_LIKE = [
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "''=quoted twice",
    "-5",
    "普通-公司",
]


def _hostile_enterprises(db) -> None:
    from unionapp.models import Enterprise

    with db.write() as session:
        session.add_all(
            Enterprise(name=name, union_status="未建会", contact=name[:40]) for name in FORMULA_LIKE
        )


def test_escape_follows_owasp_and_undoes_exactly() -> None:
    from unionapp.spreadsheets.cellescape import escape_formula, unescape_formula

    for text, escaped in [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-x", "'-x"),
        ("-5", "-5"),
        ("-1.5e3", "-1.5e3"),
        ("-.5", "-.5"),
        ("'=x", "''=x"),
        ("a=b", "a=b"),
        ("'a", "'a"),
        ("", ""),
    ]:
        assert escape_formula(text) == escaped, text
        assert unescape_formula(escaped) == text, text


def test_csv_export_escapes_formulas_and_the_import_takes_the_escape_off(
    db, tmp_path: Path, template_db: Path
) -> None:
    import csv
    import shutil

    from unionapp.database import open_database
    from unionapp.models import Enterprise

    _hostile_enterprises(db)
    path = tmp_path / "e.csv"
    with db.read() as session:
        export_list(session, "enterprises", path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        cells = {row[0] for row in csv.reader(handle)}
    assert {
        "'=cmd|' /C calc'!A0",
        "'+SUM(1,2)",
        "'-2+3",
        "'@SUM(A1)",
        "'''=quoted twice",
        "-5",
        "普通-公司",
    } <= cells
    shutil.copyfile(template_db, tmp_path / "fresh.sqlite3")
    fresh = open_database(str(tmp_path / "fresh.sqlite3"))
    try:
        assert run_import(fresh, "enterprises", path).ok
        with fresh.read() as session:
            rows = set(session.execute(select(Enterprise.name, Enterprise.contact)))
    finally:
        fresh.close()
    assert rows == {(name, name[:40]) for name in FORMULA_LIKE}


def test_xlsx_export_writes_formula_like_text_as_text(db, tmp_path: Path) -> None:
    import zipfile

    from unionapp.spreadsheets.reading import open_workbook

    _hostile_enterprises(db)
    path = tmp_path / "e.xlsx"
    with db.read() as session:
        export_list(session, "enterprises", path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml  # strings, never formulas
    with open_workbook(path) as book:
        names = [cells[0] for index, cells in next(book.sheets).rows if index]
    assert names == FORMULA_LIKE
