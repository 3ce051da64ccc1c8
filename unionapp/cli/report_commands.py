"""report NAME --out FILE.pdf [--year Y] [--id N ...] [--type T]."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from unionapp.cli.core_commands import year_type
from unionapp.cli.output import check_suffix, opened
from unionapp.reports.catalog import CATALOG
from unionapp.schema.records import ASSISTANCE_KINDS


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = commands.add_parser("report", help="打印文档（PDF）")
    report.add_argument(
        "name",
        choices=sorted(CATALOG),
        metavar="NAME",
        help="：".join(("文档", "、".join(sorted(CATALOG)))),
    )
    report.add_argument("--out", required=True, help="输出的 PDF 文件")
    report.add_argument("--year", type=year_type, help="年度（默认今年）")
    report.add_argument("--id", type=int, nargs="+", dest="ids", metavar="N", help="记录编号")
    report.add_argument("--type", choices=ASSISTANCE_KINDS, dest="kind", help="帮扶类型")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from unionapp.reports.font_cache import FontCache, default_cache_dir
    from unionapp.reports.fonts import FontLibrary  # ReportLab loads here
    from unionapp.reports.registry import ReportRequest, print_report
    from unionapp.services.disclosure import record_disclosure, refuse_if_read_only

    if not check_suffix(args.out, ".pdf"):
        return 1
    started = time.perf_counter()
    request = ReportRequest(args.name, year=args.year, ids=args.ids, kind=args.kind)
    info = CATALOG[args.name]
    with opened(args) as database:
        if info.discloses:
            refuse_if_read_only(database)
        with database.read() as session:
            fonts = FontLibrary(cache=FontCache(default_cache_dir()))
            path = print_report(session, request, args.out, fonts)
        if info.discloses:
            record_disclosure(
                database,
                Path(path),
                table="family",
                what=info.discloses,
                count=len(args.ids) if args.ids else 0,
            )
    print(f"已生成 {path}（{time.perf_counter() - started:.2f} 秒）")
    return 0
