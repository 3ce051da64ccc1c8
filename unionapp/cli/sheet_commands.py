"""import KIND FILE [--dry-run] [--update] [--session N]; export KIND --out FILE; template KIND."""

from __future__ import annotations

import argparse
import sys
import time

from unionapp.cli.output import OutputFailed, check_suffix, reading_into
from unionapp.db import open_database
from unionapp.services.settings import ownership_types
from unionapp.spreadsheets.catalog import EXPORTS
from unionapp.spreadsheets.kinds import KINDS


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser("import", help="从表格导入（全部成功或全部不导入）")
    command.add_argument("kind", choices=sorted(KINDS), metavar="KIND",
                         help="、".join(sorted(KINDS)))  # fmt: skip
    command.add_argument("file", help=".xlsx / .xls / .ods / .csv 文件")
    command.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    command.add_argument("--update", action="store_true", help="用表格内容更新已在册的记录")
    command.add_argument("--session", type=int, help="trainings：导入到这个培训场次")
    command.set_defaults(handler=run_import)

    command = commands.add_parser("export", help="导出为 .xlsx 或 .csv")
    command.add_argument("kind", choices=sorted(EXPORTS), metavar="KIND",
                         help="、".join(sorted(EXPORTS)))  # fmt: skip
    command.add_argument("--out", required=True)
    command.add_argument("--full", action="store_true", help="导出完整的身份证号和电话（默认遮盖）")
    command.set_defaults(handler=run_export)

    command = commands.add_parser("template", help="生成空白导入模板")
    command.add_argument("kind", choices=sorted(KINDS), metavar="KIND")
    command.add_argument("--out", required=True)
    command.set_defaults(handler=run_template)


def run_import(args: argparse.Namespace) -> int:
    from unionapp.spreadsheets.applying import apply_import
    from unionapp.spreadsheets.importer import plan_import

    database = open_database(args.db, create=False)
    started = time.perf_counter()
    try:
        if args.dry_run:
            with database.read() as session:
                report = plan_import(session, args.kind, args.file, update=args.update,
                                     session_id=args.session)  # fmt: skip
        else:
            with database.write() as session:
                report = plan_import(session, args.kind, args.file, update=args.update,
                                     session_id=args.session)  # fmt: skip
                if report.ok:
                    result = apply_import(session, report)
    finally:
        database.close()
    if not report.ok:
        for problem in report.problems:
            print(problem, file=sys.stderr)
        print(report.summary(), file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"检查通过：{report.summary()}（未写入）")
    else:
        extra = f"，家庭成员 {result.children} 人" if result.children else ""
        print(f"已导入：新增 {result.added} 条，更新 {result.updated} 条{extra}"
              f"（{time.perf_counter() - started:.2f} 秒）")  # fmt: skip
        if report.extra_columns:
            print(f"未导入的列：{'、'.join(report.extra_columns)}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from unionapp.spreadsheets.writing import export_list

    if not check_suffix(args.out, ".xlsx", ".csv"):
        return 1
    try:
        with reading_into(args.db, args.out) as session:
            count = export_list(session, args.kind, args.out, reveal=args.full)
    except OutputFailed:
        return 1
    print(f"已导出 {count} 条到 {args.out}")
    return 0


def run_template(args: argparse.Namespace) -> int:
    from unionapp.spreadsheets.writing import write_template

    if not check_suffix(args.out, ".xlsx"):
        return 1
    try:
        with reading_into(args.db, args.out, create=True) as session:
            path = write_template(
                args.kind, args.out, {"ownership": tuple(ownership_types(session))}
            )
    except OutputFailed:
        return 1
    print(f"已生成模板 {path}")
    return 0
