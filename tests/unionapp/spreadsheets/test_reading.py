"""Reading: the two readers of the reader process give the same values (python-calamine for
sheets that fit its memory, the row-by-row reader for larger ones), and large sheets go to the
row-by-row reader instead of being refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.unionapp.spreadsheets.crafted import MAIN, cell, rows_xml, sheet_xml, xlsx
from unionapp.spreadsheets.files import identify, open_regular
from unionapp.spreadsheets.readerprocess import ReaderProcess
from unionapp.spreadsheets.xlsxcheck import check_xlsx
from unionapp.spreadsheets.xlsxstream import number_format_kind


def read(path: Path, large: bool, sheets: int = 2) -> dict[str, dict[int, list[Any]]]:
    """Each sheet's non-empty rows (index -> cells without trailing blanks), by one reader."""
    reader = ReaderProcess(path, sheets)
    reader.read_unchecked(large=large)
    result: dict[str, dict[int, list[Any]]] = {}
    current: dict[int, list[Any]] = {}
    index = 0
    try:
        for message in reader.messages():
            if message[0] == "sheet":
                current = result.setdefault(message[1], {})
                index = 0
                continue
            pairs = message[1] if message[0] == "indexed" else []
            if message[0] == "rows":
                pairs = list(enumerate(message[1], start=index))
                index += len(message[1])
            for row_index, cells in pairs:
                while cells and cells[-1] == "":
                    cells = cells[:-1]
                if cells:
                    current[row_index] = cells
    finally:
        reader.close()
    return result


def same_by_both_readers(path: Path) -> dict[str, dict[int, list[Any]]]:
    laid_out, streamed = read(path, large=False), read(path, large=True)
    assert streamed == laid_out
    return streamed


def test_values_of_every_kind_read_the_same(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "值"
    sheet.append(["整数", 5, 5.5, -3, 10**16, 0.1 + 0.2, True, False])
    sheet.append(
        [
            "日期",
            dt.date(2023, 3, 1),
            dt.datetime(2023, 3, 1, 12, 30),
            dt.time(12, 30),
            dt.timedelta(hours=30),
        ]
    )
    sheet.append([None, " 前后有空格 ", "", "刘𠇔", "=cmd"])
    for column, code in zip(
        "BCDEFGHIJ",
        [
            'yyyy"年"m"月"d"日"',
            "0.00",
            "hh:mm",
            "[h]:mm",
            "@",
            '"Date"0',
            "[$-804]yyyy\\-mm",
            "[Red]0.00",
            "m/d/yy h:mm AM/PM",
        ],
        strict=True,
    ):
        sheet[f"{column}4"] = 44986.25
        sheet[f"{column}4"].number_format = code
    sheet["A6"] = 1
    sheet["C9"] = "跳过几行"
    other = book.create_sheet("第二张")
    other.append(["姓名", "关系"])
    other.append(["张小", "子女"])
    book.save(tmp_path / "kinds.xlsx")
    rows = same_by_both_readers(tmp_path / "kinds.xlsx")
    assert rows["值"][0] == ["整数", 5.0, 5.5, -3.0, 1e16, 0.3, True, False]  # as openpyxl wrote it
    assert rows["值"][1][1:] == [
        dt.date(2023, 3, 1),
        dt.datetime(2023, 3, 1, 12, 30),
        dt.time(12, 30),
        dt.timedelta(hours=30),
    ]
    assert rows["值"][3][1] == dt.datetime(2023, 3, 1, 6, 0) and rows["值"][3][2] == 44986.25
    assert rows["第二张"] == {0: ["姓名", "关系"], 1: ["张小", "子女"]}


def test_strings_errors_and_positions_read_the_same(tmp_path: Path) -> None:
    strings = (
        f'<sst xmlns="{MAIN}" count="4" uniqueCount="4">'
        "<si><t>普通</t></si>"
        '<si><r><t xml:space="preserve">富 </t></r><r><rPr><b/></rPr><t>文本</t></r>'
        "<rPh><t>フリガナ</t></rPh></si>"
        "<si><t>  去掉空白  </t></si>"
        "<si><t>a_x001B_b_x000D_</t></si></sst>"
    )
    body = (
        '<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c>'
        '<c r="D2" t="s"><v>2</v></c><c r="E2" t="s"><v>3</v></c></row>'
        '<row r="3"><c t="inlineStr"><is><t>没有引用</t></is></c><c t="b"><v>1</v></c>'
        '<c t="e"><f>1/0</f><v>#DIV/0!</v></c><c t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
        '<c r="G3"><f>1+1</f></c><c r="H3"><v>7</v></c></row>'
        '<row r="5"><c r="AA5" t="inlineStr"><is><r><t>行内</t></r><r><t>富文本</t></r></is></c>'
        "</row>"
    )
    path = xlsx(tmp_path / "strings.xlsx", sheet_xml(body), strings=strings)
    rows = same_by_both_readers(path)["Sheet1"]
    assert rows[1] == ["", "普通", "富 文本", "去掉空白", "a\x1bb\r"]
    assert rows[2] == ["没有引用", True, "", "ab", "", "", "", 7.0]
    assert rows[4][26] == "行内富文本"


def test_dates_in_the_1904_system_read_the_same(tmp_path: Path) -> None:
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="164"/></cellXfs></styleSheet>'
    )
    workbook = (
        f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="Sheet1" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    body = '<row r="1"><c r="A1" s="1"><v>43524</v></c><c r="B1" s="1"><v>59</v></c></row>'
    path = xlsx(
        tmp_path / "mac.xlsx", sheet_xml(body), workbook=workbook, extra={"xl/styles.xml": styles}
    )
    rows = same_by_both_readers(path)["Sheet1"]
    assert rows[0][0] == dt.date(2023, 3, 1)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("DD/MM/YY", "date"),
        ("H:MM:SS;@", "date"),
        ("#,##0\\ [$\\u20bd-46D]", None),
        ('"Date"0', None),
        ("[h]:mm:ss", "duration"),
        ("[mm]:ss", "duration"),
        ("[Red]0.00", None),
        ('yyyy"年"m"月"d"日"', "date"),
        ("[$-804]yyyy-mm", "date"),
        ("0.00%", None),
        ("@", None),
        ("General", None),
        ("mm:ss", "date"),
        ("AM/PM h", "date"),
        ("0.00_)", None),
        ("#,##0;[Red]-#,##0", None),
        ("[$-F800]dddd, mmmm dd, yyyy", "date"),
    ],
)
def test_number_formats_are_told_apart_as_calamine_does(code: str, kind: str | None) -> None:
    assert number_format_kind(code) == kind


def test_a_sheet_too_large_to_lay_out_is_read_row_by_row(tmp_path: Path, monkeypatch) -> None:
    """With the reader's budget lowered, a few thousand rows count as a large sheet: they are
    streamed (not refused), with the same values, merged ranges taken from the scan."""
    import unionapp.spreadsheets.xlsxcheck as xlsxcheck

    rows = [["企业名称", "建会情况", "职工人数"]] + [[f"企业{n}", "已建会", n] for n in range(3000)]
    merges = '<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>'
    path = xlsx(tmp_path / "big.xlsx", sheet_xml(rows_xml(rows), after=merges))
    monkeypatch.setattr(xlsxcheck, "READER_BUDGET", (40 << 20) + 100_000)
    file = identify(path)
    with open_regular(path) as handle:
        scan = check_xlsx(handle, file.size, path.name, 1).scans[0]
    assert scan.large and scan.merged == [(0, 0, 1, 0)]
    streamed = read(path, large=True)["Sheet1"]
    assert streamed == read(path, large=False)["Sheet1"]
    assert streamed[3000] == ["企业2999", "已建会", 2999.0]


def test_cells_without_references_take_the_next_column(tmp_path: Path) -> None:
    body = '<row r="1">' + cell("B1", "乙") + "<c><v>3</v></c></row><row><c><v>4</v></c></row>"
    rows = same_by_both_readers(xlsx(tmp_path / "noref.xlsx", sheet_xml(body)))["Sheet1"]
    assert rows == {0: ["", "乙", 3.0], 1: [4.0]}


def test_an_xls_file_reads_through_the_reader_process(db, tmp_path: Path) -> None:
    """Old .xls (BIFF in an OLE file, as WPS still saves by default): dates typed, merged
    cells copied down as the clerk sees them."""
    import xlwt
    from sqlalchemy import select

    from tests.unionapp.spreadsheets.conftest import run_import
    from unionapp.models import Enterprise

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("企业")
    for column, title in enumerate(["企业名称", "建会情况", "职工人数", "建会日期"]):
        sheet.write(0, column, title)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    sheet.write(1, 0, "甲公司")
    sheet.write(1, 1, "已建会")
    sheet.write(1, 2, 12)
    sheet.write(1, 3, dt.date(2023, 3, 1), date_style)
    sheet.write(2, 0, "乙公司")
    sheet.write_merge(2, 3, 1, 1, "未建会")  # one status for two rows
    sheet.write(3, 0, "丙公司")
    book.save(str(tmp_path / "old.xls"))
    report = run_import(db, "enterprises", tmp_path / "old.xls")
    assert report.ok, [str(p) for p in report.problems]
    with db.read() as session:
        rows = {n: s for n, s in session.execute(select(Enterprise.name, Enterprise.union_status))}
        founded = session.scalar(
            select(Enterprise.union_founded).where(Enterprise.name == "甲公司")
        )
    assert rows == {"甲公司": "已建会", "乙公司": "未建会", "丙公司": "未建会"}
    assert founded == dt.date(2023, 3, 1)
