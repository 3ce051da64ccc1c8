"""init, demo, stats, check."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date

from unionapp.db import open_database
from unionapp.db.integrity import check_database
from unionapp.services.demo import generate
from unionapp.services.stats import STAT_LABELS, compute_stats


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    init = commands.add_parser("init", help="创建或升级数据库并显示其位置")
    init.set_defaults(handler=run_init)

    demo = commands.add_parser("demo", help="填入演示数据")
    demo.add_argument("--enterprises", type=_count, default=300)
    demo.add_argument("--families", type=_count, default=80)
    demo.add_argument("--trainings", type=_count, default=24)
    demo.add_argument("--seed", type=int, default=2023)
    demo.set_defaults(handler=run_demo)

    stats = commands.add_parser("stats", help="年度目标相关统计")
    stats.add_argument("--year", type=int, default=date.today().year)
    stats.add_argument("--json", action="store_true", help="以 JSON 输出")
    stats.set_defaults(handler=run_stats)

    check = commands.add_parser("check", help="检查数据库完整性")
    check.set_defaults(handler=run_check)


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("不能为负数")
    return value


def run_init(args: argparse.Namespace) -> int:
    database = open_database(args.db)
    print(database.display_name)
    database.close()
    return 0


def run_demo(args: argparse.Namespace) -> int:
    database = open_database(args.db)
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
    database.close()
    return 0


def run_stats(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False)
    with database.read() as session:
        stats = compute_stats(session, args.year)
    database.close()
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
    for title, count in sorted(stats.honours_city.items()):
        print(f"  市级及以上“{title}”：{count}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False)
    problems = check_database(database)
    database.close()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    print("数据库完好")
    return 0
