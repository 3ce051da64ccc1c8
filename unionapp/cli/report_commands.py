"""report NAME --out FILE.pdf [--year Y] [--id N ...] [--type T]."""

from __future__ import annotations

import argparse
import sys
import time

from unionapp.db import open_database
from unionapp.reports.catalog import CATALOG
from unionapp.schema.records import ASSISTANCE_KINDS


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = commands.add_parser("report", help="打印文档（PDF）")
    report.add_argument("name", choices=sorted(CATALOG), metavar="NAME",
                        help="：".join(("文档", "、".join(sorted(CATALOG)))))  # fmt: skip
    report.add_argument("--out", required=True, help="输出的 PDF 文件")
    report.add_argument("--year", type=int, help="年度（默认今年）")
    report.add_argument("--id", type=int, nargs="+", dest="ids", metavar="N", help="记录编号")
    report.add_argument("--type", choices=ASSISTANCE_KINDS, dest="kind", help="帮扶类型")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    if not args.out.lower().endswith(".pdf"):
        print("错误：--out 应为 .pdf 文件", file=sys.stderr)
        return 1
    from unionapp.reports.registry import ReportRequest, print_report  # ReportLab loads here

    database = open_database(args.db, create=False)
    started = time.perf_counter()
    try:
        with database.read() as session:
            path = print_report(
                session, ReportRequest(args.name, year=args.year, ids=args.ids, kind=args.kind),
                args.out,
            )  # fmt: skip
    except OSError as error:
        print(f"错误：无法写入“{args.out}”：{error.strerror}", file=sys.stderr)
        return 1
    finally:
        database.close()
    print(f"已生成 {path}（{time.perf_counter() - started:.2f} 秒）")
    return 0
