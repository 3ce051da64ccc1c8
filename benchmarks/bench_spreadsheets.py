"""Spreadsheets: importing a 10,000-row enterprise sheet with full validation (whole process),
reading it with openpyxl and python-calamine for comparison, exporting 100,000 rows, the time
and peak memory of crafted files being refused, and a dry run of 300,000 rows.

Run: uv run python benchmarks/bench_spreadsheets.py [--quick]
(--quick skips the 300,000-row and 100,000-row parts, which build large files once.)
Peak memory is the resident set of the program and of its reader process, each measured by
the operating system (getrusage); the budget for either is 500 MB.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUDGET_MB = 500


def make_sheet(path: Path, rows: int) -> None:
    import xlsxwriter

    from unionapp.validation.creditcode import credit_code_check_char

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("企业")
    headers = [
        "企业名称",
        "统一社会信用代码",
        "经济类型",
        "行业",
        "园区/社区",
        "职工人数",
        "农民工人数",
        "规模以上",
        "建会情况",
        "建会日期",
        "工会主席",
        "会员人数",
    ]
    sheet.write_row(0, 0, headers)
    for n in range(1, rows + 1):
        body = f"91320115MA{n:07d}"
        sheet.write_row(
            n,
            0,
            [
                f"南京测试企业{n:05d}有限公司",
                body + credit_code_check_char(body),
                "私营",
                "制造业",
                "江宁工业园",
                100 + n % 50,
                30,
                "否",
                "已建会",
                "2021-05-01",
                "张三",
                80,
            ],
        )
    book.close()


def peak_kb() -> int:
    """This process's peak resident set (VmHWM). getrusage would also count the memory of the
    process that started this one (Linux keeps the parent's high-water mark across exec)."""
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def measure(kind: str, path: str, db: str) -> None:
    """Run in a fresh process: a dry run of one file; print seconds, peak memory, outcome.
    The reader's peak (its checks, and its reading if they pass) comes from a second read of
    the file (the reader reports its own)."""
    from unionapp.database import open_database
    from unionapp.spreadsheets.importer import plan_import
    from unionapp.spreadsheets.limits import SpreadsheetError
    from unionapp.spreadsheets.readerprocess import ReaderProcess

    database = open_database(db)
    started = time.perf_counter()
    with database.read() as session:
        report = plan_import(session, kind, path)
    seconds = time.perf_counter() - started
    database.close()
    self_kb = peak_kb()
    reader = ReaderProcess(Path(path), 2 if kind == "families" else 1)
    reader.check()
    try:
        for _message in reader.messages():
            pass
    except SpreadsheetError:
        pass  # refused by the checks: the reader's peak is theirs
    finally:
        reader.close()
    reader_kb = reader.peak_kb
    print(
        json.dumps(
            {
                "seconds": seconds,
                "program_mb": self_kb / 1024,
                "reader_mb": reader_kb / 1024,
                "rows": len(report.additions),
                "problem": str(report.problems[0]) if report.problems else "",
            }
        )
    )


def crash(path: str) -> None:
    """Run in a fresh process: give a crafted file to the reader without the checks, as if it
    had got past them; print how long the program waited and that it carries on."""
    from unionapp.spreadsheets.limits import SpreadsheetError
    from unionapp.spreadsheets.readerprocess import ReaderProcess

    started = time.perf_counter()
    reader = ReaderProcess(Path(path), 1)
    reader.read_unchecked()
    try:
        list(reader.messages())
        outcome = "read"
    except SpreadsheetError as error:
        outcome = f"{error.kind.value}: {error.detail.strip().splitlines()[0][:60]}"
    finally:
        reader.close()
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "program_mb": peak_kb() / 1024,
                "exit": reader.process.returncode,
                "outcome": outcome,
            }
        )
    )


def dry_run(kind: str, path: Path, db: Path) -> dict:
    from common import run

    out = run(sys.executable, __file__, "--measure", kind, str(path), str(db))[1]
    return json.loads(out.strip().splitlines()[-1])


def hostile_files(folder: Path) -> dict[str, Path]:
    """The crafted files of the tests, built the same way."""
    sys.path.insert(0, str(ROOT / "tests" / "unionapp" / "spreadsheets"))
    from crafted import (
        cell,
        ods,
        ole_header,
        patch_entry,
        rows_xml,
        shared_strings,
        sheet_xml,
        table_xlsx,
        workbook_xml,
        xlsx,
    )

    good = [["企业名称", "建会情况"], ["甲公司", "已建会"]]
    corners = '<row r="1">' + cell("A1", 1) + '</row><row r="1048576">'
    corners += cell("XFD1048576", 2) + "</row>"
    files = {
        "two cells A1 and XFD1048576 (calamine 693)": xlsx(
            folder / "corners.xlsx", sheet_xml(corners)
        ),
        "dimension A1:XFD1048576": xlsx(
            folder / "dimension.xlsx", sheet_xml(corners, "A1:XFD1048576")
        ),
        "shared strings declare 4e12 (calamine 684)": xlsx(
            folder / "sst.xlsx",
            sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
            strings=shared_strings(["a"], declared=4_000_000_000_000),
        ),
        "OLE header FAT count 2^32-1 (calamine 714)": ole_header(
            folder / "fat.xls", fat=0xFFFFFFFF
        ),
        "zip bomb: 600 MB of XML in 0.6 MB": table_xlsx(
            folder / "bomb.xlsx", good, extra={"xl/media/x.xml": " " * (600 << 20)}
        ),
        "declared size 900 MB, holds 1 KB": table_xlsx(folder / "declared.xlsx", good),
        "declared size 10 MB, holds 1 KB": table_xlsx(folder / "declared10.xlsx", good),
        ".xls DIMENSIONS declaring 4e9 rows": xls_dimensions(folder / "dims.xls"),
        "ods cell repeated 16384 x 1048570": ods(
            folder / "repeat.ods",
            (
                '<table:table table:name="S"><table:table-row table:number-rows-repeated="1048570">'
                '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
                'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
                "</table:table>"
            ),
        ),
        "billion laughs in workbook.xml": xlsx(
            folder / "laughs.xlsx",
            sheet_xml(rows_xml(good)),
            workbook='<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            + "".join(
                f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10 if i else "&a;" * 10}">'
                for i in range(9)
            )
            + "]>"
            + workbook_xml(["S"]),
        ),
    }
    patch_entry(
        files["declared size 900 MB, holds 1 KB"], "xl/worksheets/sheet1.xml", size=900 << 20
    )
    patch_entry(files["declared size 10 MB, holds 1 KB"], "xl/worksheets/sheet1.xml", size=10 << 20)
    return files


def xls_dimensions(path: Path) -> Path:
    """An .xls (written by xlwt) whose DIMENSIONS record declares 4 billion rows."""
    import struct

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("S")
    sheet.write(0, 0, "企业名称")
    book.save(str(path))
    data = bytearray(path.read_bytes())
    struct.pack_into("<L", data, data.find(b"\x00\x02\x0e\x00") + 8, 0xFFFFFFF0)
    path.write_bytes(bytes(data))
    return path


def big_files(folder: Path) -> dict[str, Path]:
    """300,000 enterprises exported by the program (.csv, .xlsx with inline strings) and the
    same rows saved with shared strings, as Excel and WPS write them; made once."""
    from common import CACHE, big_database, run

    database = big_database(300_000, 2_000)
    files = {
        "300,000 rows, .csv export": CACHE / "export-300000.csv",
        "300,000 rows, .xlsx export (inline strings)": CACHE / "export-300000.xlsx",
        "300,000 rows, .xlsx shared strings": CACHE / "shared-300000.xlsx",
    }
    for path in list(files.values())[:2]:
        if not path.exists():
            run(
                sys.executable,
                "-m",
                "unionapp",
                "--db",
                str(database),
                "export",
                "enterprises",
                "--out",
                str(path),
                "--full",
            )
    shared = files["300,000 rows, .xlsx shared strings"]
    if not shared.exists():
        _shared_copy(files["300,000 rows, .csv export"], shared)
    return files


def _shared_copy(source: Path, target: Path) -> None:
    import csv

    import xlsxwriter

    book = xlsxwriter.Workbook(str(target), {"strings_to_numbers": False})
    sheet = book.add_worksheet("企业名录")
    with source.open(encoding="utf-8-sig", newline="") as handle:
        for row_number, row in enumerate(csv.reader(handle)):
            for column, value in enumerate(row):
                if value and row_number and value.isdigit() and len(value) < 8:
                    sheet.write_number(row_number, column, int(value))
                elif value:
                    sheet.write_string(row_number, column, value)
    book.close()


def report_dry_runs(title: str, files: dict[str, Path], db: Path) -> None:
    print(title)
    for label, path in files.items():
        result = dry_run("enterprises", path, db)
        outcome = f"{result['rows']:,} rows" if not result["problem"] else result["problem"][:90]
        print(
            f"  {label}: {result['seconds']:.2f} s, program {result['program_mb']:.0f} MB, "
            f"reader {result['reader_mb']:.0f} MB (budget {BUDGET_MB} MB) — {outcome}"
        )


def main(quick: bool) -> None:
    from common import best_of, big_database, run, time_imports

    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        sheet = folder / "enterprises.xlsx"
        make_sheet(sheet, 10_000)
        time_imports("enterprises", "10,000 enterprises with full validation", folder, sheet)

        import openpyxl
        import python_calamine

        started = time.perf_counter()
        list(openpyxl.load_workbook(sheet, read_only=True).active.iter_rows(values_only=True))
        print(f"  reading it with openpyxl alone: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        python_calamine.CalamineWorkbook.from_path(str(sheet)).get_sheet_by_index(0).to_python()
        print(f"  reading it with python-calamine alone: {time.perf_counter() - started:.2f} s")

        empty = folder / "empty.sqlite3"
        run(sys.executable, "-m", "unionapp", "--db", str(empty), "init")
        report_dry_runs(
            "crafted files, refused (dry run, whole check):", hostile_files(folder), empty
        )
        corners = folder / "corners.xlsx"
        result = json.loads(run(sys.executable, __file__, "--crash", str(corners))[1])
        print(
            f"  the two-cell file given to the reader without the checks: the reader ends "
            f"({result['outcome']}, exit {result['exit']}) after {result['seconds']:.2f} s; "
            f"the program carries on at {result['program_mb']:.0f} MB"
        )
        if quick:
            return
        report_dry_runs("large sheets (dry run):", big_files(folder), empty)

        path = big_database()
        for suffix in ("xlsx", "csv"):
            out = folder / f"export.{suffix}"
            seconds = [
                run(
                    sys.executable,
                    "-m",
                    "unionapp",
                    "--db",
                    str(path),
                    "export",
                    "enterprises",
                    "--out",
                    str(out),
                )[0]
                for _ in range(2)
            ]
            print(
                f"export 100,000 enterprises to .{suffix}, whole process: {best_of(seconds)}, "
                f"{out.stat().st_size / 2**20:.1f} MiB"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure(*sys.argv[2:5])
    elif sys.argv[1:2] == ["--crash"]:
        crash(sys.argv[2])
    else:
        main("--quick" in sys.argv)
