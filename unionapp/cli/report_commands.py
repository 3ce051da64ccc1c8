"""report NAME --out FILE.pdf …; print NAME [--printer QUEUE] [--copies N] [--duplex …] …

Both take the same selections (none means all, as in the window): ``--year``, ``--id``,
``--type`` and, for the sign-off sheet, ``--with-bank``. ``print`` hands the PDF to the print
system and prints the job's id once the print system has accepted it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from unionapp.cli.core_commands import count_type, year_type
from unionapp.cli.output import check_suffix, opened
from unionapp.reports.catalog import CATALOG, disclosed_by
from unionapp.schema.codes import ASSISTANCE_KINDS

DUPLEX = ("one-sided", "long-edge", "short-edge")
# What _write imports on first use (ReportLab, HarfBuzz, the fonts), loaded at start-up when the
# command is the whole process (see startup).
LOADS = (
    "unionapp.reports.font_cache",
    "unionapp.reports.fonts",
    "unionapp.reports.registry",
    "unionapp.services.disclosure",
)


def _selections(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "name",
        choices=sorted(CATALOG),
        metavar="NAME",
        help="：".join(("文档", "、".join(sorted(CATALOG)))),
    )
    command.add_argument("--year", type=year_type, help="年度（默认今年）")
    command.add_argument("--id", type=int, nargs="+", dest="ids", metavar="N", help="记录编号")
    command.add_argument("--type", choices=ASSISTANCE_KINDS, dest="kind", help="帮扶类型")
    command.add_argument(
        "--with-bank",
        action="store_true",
        help="relief-signoff：打印完整银行卡号（实名制发放；记入操作日志）",
    )


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = commands.add_parser("report", help="生成文档（PDF 文件）")
    _selections(report)
    report.add_argument("--out", required=True, help="输出的 PDF 文件")
    report.set_defaults(handler=run_report, preload=LOADS)

    printing = commands.add_parser("print", help="打印文档（交给打印系统）")
    _selections(printing)
    printing.add_argument("--printer", metavar="QUEUE", help="打印机（默认：系统默认打印机）")
    printing.add_argument(
        "--copies", type=count_type(99, smallest=1), default=1, help="份数（1–99）"
    )
    printing.add_argument("--duplex", choices=DUPLEX, default="one-sided", help="单面或双面")
    printing.set_defaults(handler=run_print, preload=(*LOADS, "unionapp.printing"))


def _write(args: argparse.Namespace, database, out: Path) -> Path:  # type: ignore[no-untyped-def]
    """The PDF, written from one read session; a print with full numbers is audited."""
    from unionapp.reports.font_cache import FontCache, default_cache_dir
    from unionapp.reports.fonts import FontLibrary  # ReportLab loads here
    from unionapp.reports.registry import ReportRequest, print_report
    from unionapp.services.disclosure import record_disclosure, refuse_if_read_only

    request = ReportRequest(
        args.name, year=args.year, ids=args.ids, kind=args.kind, with_bank=args.with_bank
    )
    discloses = disclosed_by(args.name, with_bank=args.with_bank)
    if discloses:
        refuse_if_read_only(database)
    with database.read() as session:
        path = print_report(
            session, request, out, FontLibrary(cache=FontCache(default_cache_dir()))
        )
    if discloses:
        record_disclosure(
            database, path, table="family", what=discloses, count=len(args.ids) if args.ids else 0
        )
    return path


def run_report(args: argparse.Namespace) -> int:
    if not check_suffix(args.out, ".pdf"):
        return 1
    started = time.perf_counter()
    with opened(args) as database:
        path = _write(args, database, Path(args.out))
    print(f"已生成 {path}（{time.perf_counter() - started:.2f} 秒）")
    return 0


def run_print(args: argparse.Namespace) -> int:
    import tempfile

    from unionapp.printing import Duplex, PrintOptions, resolve, submit
    from unionapp.system.folders import cache_dir

    options = PrintOptions(
        printer=resolve(args.printer),  # an unknown printer is said before any work
        copies=args.copies,
        duplex=Duplex(args.duplex),
        title=CATALOG[args.name].label,
        landscape=args.name == "relief-signoff",
    )
    spool = cache_dir() / "print-jobs"
    spool.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=spool) as folder, opened(args) as database:
        path = _write(args, database, Path(folder) / f"{args.name}.pdf")
        job = submit(path, options)
    print(f"已送交打印机，打印任务 {job}")
    return 0
