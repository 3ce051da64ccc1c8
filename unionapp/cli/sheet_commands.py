"""import KIND FILE [--dry-run] [--update] [--session N]; export KIND --out FILE; template KIND."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from unionapp.cli.output import check_suffix, opened
from unionapp.cli.startup import paused
from unionapp.services.settings import ownership_types
from unionapp.spreadsheets.catalog import EXPORTS
from unionapp.spreadsheets.kinds import KINDS
from unionapp.system.logs import redact


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser("import", help="从表格导入（全部成功或全部不导入）")
    command.add_argument(
        "kind", choices=sorted(KINDS), metavar="KIND", help="、".join(sorted(KINDS))
    )
    command.add_argument("file", help=".xlsx / .xls / .ods / .csv 文件")
    command.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    command.add_argument("--update", action="store_true", help="用表格内容更新已在册的记录")
    command.add_argument("--session", type=int, help="trainings：导入到这个培训场次")
    command.set_defaults(handler=run_import)

    command = commands.add_parser("export", help="导出为 .xlsx 或 .csv")
    command.add_argument(
        "kind", choices=sorted(EXPORTS), metavar="KIND", help="、".join(sorted(EXPORTS))
    )
    command.add_argument("--out", required=True)
    command.add_argument("--full", action="store_true", help="导出完整的身份证号和电话（默认遮盖）")
    command.set_defaults(handler=run_export)

    command = commands.add_parser("template", help="生成空白导入模板")
    command.add_argument("kind", choices=sorted(KINDS), metavar="KIND")
    command.add_argument("--out", required=True)
    command.set_defaults(handler=run_template)


def run_import(args: argparse.Namespace) -> int:
    from unionapp.safety.checking import ensure_sound
    from unionapp.spreadsheets.applying import apply_import
    from unionapp.spreadsheets.importer import plan_import

    started = time.perf_counter()
    options = {
        "update": args.update,
        "session_id": args.session,
        "reader": getattr(args, "reader", None),  # started while the command loaded
    }
    bulk = paused(getattr(args, "whole_process", False))  # the command process only
    with bulk, opened(args) as database:
        if args.dry_run:
            with database.read() as session:
                report = plan_import(session, args.kind, args.file, **options)
        else:
            with database.write() as session:
                ensure_sound(session)
                report = plan_import(session, args.kind, args.file, **options)
                if report.ok:
                    result = apply_import(session, report)
    if not report.ok:
        for problem in report.problems:
            print(redact(str(problem)), file=sys.stderr)
        print(report.summary(), file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"检查通过：{report.summary()}（未写入）")
    else:
        extra = f"，家庭成员 {result.children} 人" if result.children else ""
        print(
            f"已导入：新增 {result.added} 条，更新 {result.updated} 条{extra}"
            f"（{time.perf_counter() - started:.2f} 秒）"
        )
        if report.extra_columns:
            print(f"未导入的列：{'、'.join(report.extra_columns)}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from unionapp.services.disclosure import record_disclosure, refuse_if_read_only
    from unionapp.spreadsheets.writing import export_list

    if not check_suffix(args.out, ".xlsx", ".csv"):
        return 1
    kind = EXPORTS[args.kind]
    discloses = args.full and any(f.sensitive for f in kind.spec.fields)
    with opened(args) as database:
        if discloses:
            refuse_if_read_only(database)
        with database.read() as session:
            count = export_list(session, args.kind, args.out, reveal=args.full)
        if discloses:
            record_disclosure(
                database,
                Path(args.out),
                table=kind.spec.key,
                what="完整身份证号和电话（导出）",
                count=count,
            )
    print(f"已导出 {count} 条到 {args.out}")
    return 0


def run_template(args: argparse.Namespace) -> int:
    from unionapp.spreadsheets.writing import write_template

    if not check_suffix(args.out, ".xlsx"):
        return 1
    with opened(args, create=True) as database, database.read() as session:
        choices = {"ownership": tuple(ownership_types(session))}
    path = write_template(args.kind, args.out, choices)
    print(f"已生成模板 {path}")
    return 0
