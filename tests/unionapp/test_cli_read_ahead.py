"""The command line starts an imported file's reader before its commands load, and the reader
checks the file itself: the command takes that reader over, a reader it does not take is
ended, and every other command line starts none (the command then says what is wrong)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.unionapp.spreadsheets.conftest import workbook
from tests.unionapp.spreadsheets.crafted import cell, sheet_xml, xlsx
from unionapp.cli.main import main
from unionapp.cli.read_ahead import TWO_SHEETS, read_ahead
from unionapp.models import HardshipFamily, HouseholdMember
from unionapp.spreadsheets import readerprocess
from unionapp.spreadsheets.filecheck import scan_from_values, scan_values
from unionapp.spreadsheets.importer import plan_import
from unionapp.spreadsheets.kinds import KINDS
from unionapp.spreadsheets.limits import Refusal, SpreadsheetError
from unionapp.spreadsheets.xlsxscan import CellNote, SheetScan
from unionapp.validation.idcard import id_check_char


def person(n: int, year: int = 1980) -> str:
    body = f"320115{year}0101{n:03d}"
    return body + id_check_char(body)


def families(path: Path) -> Path:
    return workbook(
        path,
        {
            "困难职工": [
                ["姓名", "身份证号", "困难类别", "工作单位"],
                ["阿依古丽·买买提", person(1), "相对困难", "外地公司"],
                ["王二", person(2), "深度困难", "灵活就业"],
            ],
            "家庭成员": [
                ["职工身份证号", "姓名", "关系", "身份证号"],
                [person(1), "买买提江", "子女", person(3, 2012)],
            ],
        },
    )


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[readerprocess.ReaderProcess]:
    """Every reader process started, in order (the real class, only counted)."""
    readers: list[readerprocess.ReaderProcess] = []
    real_init = readerprocess.ReaderProcess.__init__

    def counted(self: readerprocess.ReaderProcess, *args: object, **kwargs: object) -> None:
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]
        readers.append(self)

    monkeypatch.setattr(readerprocess.ReaderProcess, "__init__", counted)
    return readers


def count(db, model: type) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_the_import_command_takes_the_reader_started_ahead(db, tmp_path: Path, started) -> None:
    sheet = families(tmp_path / "困难 职工 名单.xlsx")
    assert main(["--db", db.location.target, "import", "families", str(sheet)]) == 0
    assert count(db, HardshipFamily) == 2 and count(db, HouseholdMember) == 1
    assert len(started) == 1  # no second reader: the one started ahead read the file
    (reader,) = started
    assert reader.sheets == 2 and reader.closed
    assert reader.read_all


def test_a_reader_ahead_for_another_file_or_sheet_count_is_ended(db, tmp_path: Path) -> None:
    sheet = families(tmp_path / "families.xlsx")
    other = families(tmp_path / "other.xlsx")
    for argv, path in (
        (["import", "enterprises", str(sheet)], sheet),  # one sheet guessed, two needed
        (["import", "families", str(other)], sheet),
    ):
        reader = read_ahead(argv)
        assert reader is not None and reader.ordered_check
        with db.write() as session:
            report = plan_import(session, "families", path, reader=reader)
        assert report.ok, [str(p) for p in report.problems]
        assert len(report.additions) == 2 and len(report.additions[0].children) == 1
        assert reader.closed and not reader.read_all


def test_a_reader_ahead_not_taken_by_the_command_is_ended(
    tmp_path: Path, started, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = families(tmp_path / "families.xlsx")
    not_a_database = tmp_path / "不是数据库.sqlite3"
    not_a_database.write_bytes(b"just some text, not SQLite" * 100)
    assert main(["--db", str(not_a_database), "import", "families", str(sheet)]) == 1
    assert "错误" in capsys.readouterr().err
    (reader,) = started
    assert reader.closed and reader.process.poll() is not None


def test_a_file_refused_by_the_readers_checks_is_refused_as_before(
    db, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The checks run in the reader now: their refusal still names the reason, and nothing
    is written (here the cells far apart that would make calamine lay out 17 billion)."""
    body = '<row r="1">' + cell("A1", "企业名称") + "</row>"
    body += '<row r="1048576">' + cell("XFD1048576", 2) + "</row>"
    path = xlsx(tmp_path / "远处的单元格.xlsx", sheet_xml(body))
    reader = read_ahead(["import", "enterprises", str(path)])
    assert reader is not None
    with pytest.raises(SpreadsheetError) as caught:
        list(reader.messages())
    reader.close()
    assert caught.value.kind is Refusal.BOMB and "实际只有 2 个单元格" in caught.value.message
    before = count(db, HardshipFamily)
    assert main(["--db", db.location.target, "import", "enterprises", str(path)]) == 1
    err = capsys.readouterr().err
    assert caught.value.message in err and "Traceback" not in err
    assert count(db, HardshipFamily) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["stats"],
        ["export", "families", "--out", "x.xlsx"],
        ["import", "families"],  # no file
        ["import", "families", "{missing}"],
        ["import", "families", "{folder}"],
        ["import", "enterprises", "{csv}"],  # read here, row by row
        ["import", "families", "{xlsx}", "surplus"],
        ["--db", "x.sqlite3", "--unknown", "import", "families", "{xlsx}"],
        [],
    ],
)
def test_nothing_is_started_ahead_for_other_command_lines(
    tmp_path: Path, argv: list[str], started
) -> None:
    csv = tmp_path / "企业.csv"
    csv.write_text("企业名称\n甲\n", encoding="utf-8")
    names = {
        "missing": str(tmp_path / "没有.xlsx"),
        "folder": str(tmp_path),
        "csv": str(csv),
        "xlsx": str(families(tmp_path / "f.xlsx")),
    }
    assert read_ahead([part.format(**names) for part in argv]) is None
    assert started == []


def test_the_guess_of_two_sheets_matches_the_import_kinds() -> None:
    assert {name for name, kind in KINDS.items() if kind.child is not None} == TWO_SHEETS


def test_a_scan_goes_to_the_program_and_back_whole() -> None:
    scan = SheetScan("成员")
    scan.notes = {(3, 2): (CellNote.NO_RESULT, ""), (9, 0): (CellNote.ERROR, "#DIV/0!")}
    scan.unplaced_notes, scan.merged_total, scan.large = 2, 1, True
    scan.merged = [(0, 0, 1, 3)]
    back = scan_from_values(scan_values(scan))
    assert (back.name, back.notes, back.unplaced_notes) == (scan.name, scan.notes, 2)
    assert (back.merged, back.merged_total, back.large) == (scan.merged, 1, True)
    for broken in (
        ("成员", [(1, 2, "no_such_note", "")], 0, [], 0, False),
        ("成员", [], "many", [], 0, False),
        ("成员", [], 0, [(1, 2)], 0, False),
        ("成员", [], 0),
    ):
        with pytest.raises((ValueError, TypeError)):
            scan_from_values(broken)  # type: ignore[arg-type]
