"""The hardship archive: importing 10,000 families with 20,000 household members (whole
process, as the clerk runs it), and filtering a 100,000-family archive as the table does.

Run: uv run python benchmarks/bench_archive.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, big_database, time_imports

sys.path.insert(0, str(ROOT))


def person(serial: int, year: int) -> str:
    from unionapp.validation.idcard import id_check_char

    body = f"320115{year}{1 + serial % 12:02d}{1 + serial % 28:02d}{serial % 1000:03d}"
    return body + id_check_char(body)


def make_sheet(path: Path, families: int) -> None:
    """Families on the first sheet, two household members each on the second."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    first = book.add_worksheet("困难职工")
    first.write_row(
        0,
        0,
        [
            "姓名",
            "身份证号",
            "民族",
            "工作状态",
            "工作单位",
            "家庭住址",
            "联系电话",
            "家庭人口",
            "家庭年总收入(元)",
            "医疗支出(元/年)",
            "困难类别",
            "主要致困原因",
            "次要致困原因",
        ],
    )
    second = book.add_worksheet("家庭成员")
    second.write_row(0, 0, ["职工身份证号", "姓名", "关系", "身份证号", "单位或学校", "月收入(元)"])
    row = 1
    for n in range(families):
        worker = person(n, 1960 + n % 40)
        first.write_row(
            n + 1,
            0,
            [
                f"职工{n:05d}",
                worker,
                "汉族",
                "在岗",
                f"南京测试企业{n % 500}",
                f"江宁街道天元中路{n}号",
                "13812345678",
                3,
                "36000",
                "5000",
                "相对困难",
                "因病",
                "因学",
            ],
        )
        for m in range(2):
            child = person(n * 2 + m + 1000, 2000 + (n + m) % 20)
            second.write_row(row, 0, [worker, f"成员{n:05d}-{m}", "子女", child, "江宁小学", "0"])
            row += 1
    book.close()


def import_benchmark() -> None:
    """Five imports into a new database each, plain and then encrypted (an archive of
    hardship families is what a clerk would keep under a password)."""
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        sheet = folder / "families.xlsx"
        make_sheet(sheet, 10_000)
        label = "10,000 families with 20,000 household members"
        time_imports("families", label, folder, sheet, show=True)


def filter_benchmark() -> None:
    from unionapp.database import open_database
    from unionapp.schema.filters import ListQuery
    from unionapp.schema.hardship import FAMILY
    from unionapp.services.listing import count_all, list_ids

    path = big_database(enterprises=2_000, families=100_000)
    database = open_database(str(path))
    queries = {
        "search a name": ListQuery(search="张"),
        "search digits of an ID number": ListQuery(search="3201151"),
        "search an archive number": ListQuery(search="DA-2025-00"),
        "category 深度困难": ListQuery(filters={"category": "深度困难"}),
        "status 已脱困": ListQuery(filters={"status": "已脱困"}),
        "helped this year": ListQuery(filters={"helped": "是"}),
        "not reviewed this year": ListQuery(filters={"reviewed": "否"}),
        "sorted by income per head": ListQuery(sort="income_per_head_fen"),
    }
    with database.read() as session:
        total = count_all(session, FAMILY)
        for label, query in queries.items():
            times = []
            for _ in range(5):
                started = time.perf_counter()
                ids = list_ids(session, FAMILY, query)
                times.append(time.perf_counter() - started)
            print(
                f"  {label}: {len(ids):,} of {total:,} in median "
                f"{statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms"
            )
    database.close()


if __name__ == "__main__":
    import_benchmark()
    print("filtering the 100,000-family archive (goal under 100 ms):")
    filter_benchmark()
