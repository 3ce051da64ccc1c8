"""report NAME --out FILE.pdf [--year Y] [--id N ...] [--type T]."""

from __future__ import annotations

import argparse
import time

from unionapp.cli.output import OutputFailed, check_suffix, reading_into
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
    from unionapp.reports.font_cache import FontCache, default_cache_dir
    from unionapp.reports.fonts import FontLibrary  # ReportLab loads here
    from unionapp.reports.registry import ReportRequest, print_report

    if not check_suffix(args.out, ".pdf"):
        return 1
    started = time.perf_counter()
    request = ReportRequest(args.name, year=args.year, ids=args.ids, kind=args.kind)
    try:
        with reading_into(args.db, args.out) as session:
            path = print_report(session, request, args.out,
                                    FontLibrary(cache=FontCache(default_cache_dir())))  # fmt: skip
    except OutputFailed:
        return 1
    print(f"已生成 {path}（{time.perf_counter() - started:.2f} 秒）")
    return 0
