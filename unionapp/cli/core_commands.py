"""init, demo, stats, check."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date

from unionapp.cli.output import opened


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    init = commands.add_parser("init", help="创建或升级数据库并显示其位置")
    init.set_defaults(handler=run_init)

    demo = commands.add_parser("demo", help="填入演示数据")
    demo.add_argument("--enterprises", type=count_type(200_000), default=300)
    demo.add_argument("--families", type=count_type(200_000), default=80)
    demo.add_argument("--trainings", type=count_type(20_000), default=24)
    demo.add_argument("--seed", type=count_type(2**31), default=2023)
    demo.set_defaults(handler=run_demo)

    stats = commands.add_parser("stats", help="年度目标相关统计")
    stats.add_argument("--year", type=year_type, default=date.today().year)
    stats.add_argument("--json", action="store_true", help="以 JSON 输出")
    stats.set_defaults(handler=run_stats)

    check = commands.add_parser("check", help="检查数据库完整性和操作日志（完好时退出码为 0）")
    check.set_defaults(handler=run_check)


def count_type(largest: int, smallest: int = 0):  # type: ignore[no-untyped-def]
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
        if not smallest <= value <= largest:
            raise argparse.ArgumentTypeError(f"应在 {smallest} 到 {largest:,} 之间")
        return value

    return parse


def year_type(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份") from None
    if not 1949 <= value <= 2100:
        raise argparse.ArgumentTypeError("年份应在 1949 到 2100 之间")
    return value


def run_init(args: argparse.Namespace) -> int:
    with opened(args, create=True) as database:
        print(database.display_name)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from unionapp.services.demo import generate

    with opened(args, create=True) as database:
        started = time.perf_counter()
        with database.write() as session:
            counts = generate(
                session,
                enterprises=args.enterprises,
                families=args.families,
                trainings=args.trainings,
                seed=args.seed,
            )
    elapsed = time.perf_counter() - started
    print(
        f"已生成：企业 {counts.enterprises}，走访 {counts.visits}，荣誉 {counts.honours}，"
        f"职代会 {counts.congresses}，困难职工 {counts.families}（成员 {counts.members}，"
        f"帮扶 {counts.assistance}），培训 {counts.trainings}（人员 {counts.attendees}）"
        f"，用时 {elapsed:.1f} 秒"
    )
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from unionapp.services.stats import STAT_LABELS, compute_stats

    with opened(args) as database, database.read() as session:
        stats = compute_stats(session, args.year)
    data = stats.as_dict()
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{args.year}年统计")
    for key, label in STAT_LABELS.items():
        value = data[key]
        if key.endswith("rate") or key == "union_coverage":
            shown = f"{value:.1%}"
        elif key == "assistance_fen":
            shown = f"{value / 100:,.2f}"
        else:
            shown = str(value)
        print(f"  {label}：{shown}")
    for title, number in sorted(stats.honours_city.items()):
        print(f"  市级及以上“{title}”：{number}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from unionapp.safety.checking import check_database

    with opened(args) as database:
        findings = check_database(database)
    if findings:
        for finding in findings:
            print(finding, file=sys.stderr)
        return 1
    print("数据库完好，操作日志校验通过")
    return 0
