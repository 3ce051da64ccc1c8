"""Spreadsheets: importing a 10,000-row enterprise sheet with full validation (whole process),
reading it with openpyxl and python-calamine for comparison, and exporting 100,000 rows.

Run: uv run python benchmarks/bench_spreadsheets.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from common import BENCH_PASSWORD, ROOT, best_of, big_database, run

sys.path.insert(0, str(ROOT))


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


def import_times(folder: Path, sheet: Path, encrypted: bool) -> list[float]:
    times = []
    env = {"UNIONAPP_PASSWORD": BENCH_PASSWORD} if encrypted else {}
    for attempt in range(3):
        db = folder / f"import-{attempt}-{encrypted}.sqlite3"
        run(sys.executable, "-m", "unionapp", "--db", str(db), "init")
        if encrypted:
            encrypt(db)
        times.append(
            run(
                sys.executable,
                "-m",
                "unionapp",
                "--db",
                str(db),
                "import",
                "enterprises",
                str(sheet),
                env=env,
            )[0]
        )
    return times


def encrypt(db: Path) -> None:
    from unionapp.safety.encryption import change_password

    change_password(db, None, BENCH_PASSWORD)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "enterprises.xlsx"
        make_sheet(sheet, 10_000)
        for encrypted in (False, True):
            times = import_times(Path(folder), sheet, encrypted)
            what = "into an encrypted database" if encrypted else "(plain database)"
            print(
                f"import 10,000 enterprises with full validation {what}, whole process: "
                f"{best_of(times)} (goal under 1.5 s)"
            )

        import openpyxl
        import python_calamine

        started = time.perf_counter()
        list(openpyxl.load_workbook(sheet, read_only=True).active.iter_rows(values_only=True))
        print(f"  reading it with openpyxl alone: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        python_calamine.CalamineWorkbook.from_path(str(sheet)).get_sheet_by_index(0).to_python()
        print(f"  reading it with python-calamine alone: {time.perf_counter() - started:.2f} s")

        path = big_database()
        for suffix in ("xlsx", "csv"):
            out = Path(folder) / f"export.{suffix}"
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
    main()
