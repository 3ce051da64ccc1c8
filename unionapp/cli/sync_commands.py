"""The district server and syncing from the command line:

``server init URL``, ``server add-office URL --code C --name N`` (the office's address is the
last line printed), ``sync URL`` (push then pull; exit 0 once it completed, conflicts or not),
``conflicts [--json] [--full]`` and ``resolve ID --keep mine|theirs|apart`` (carried out at the
next sync).
"""

from __future__ import annotations

import argparse
import json

from unionapp.cli.output import opened


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    server = commands.add_parser("server", help="区总工会服务器（PostgreSQL）：设置与新增街道")
    actions = server.add_subparsers(dest="server_command", required=True, metavar="ACTION")
    init = actions.add_parser("init", help="创建或升级区总工会数据库（重复运行无害；忽略 --db）")
    init.add_argument("url", metavar="URL", help="postgresql+psycopg://管理员:密码@主机:端口/库")
    init.set_defaults(handler=run_server_init)
    office = actions.add_parser("add-office", help="新增一个街道工会（给出它的同步地址）")
    office.add_argument("url", metavar="URL")
    office.add_argument("--code", required=True, help="街道代码（字母开头，2–16 个字母或数字）")
    office.add_argument("--name", required=True, help="街道工会名称")
    office.set_defaults(handler=run_add_office)

    syncing = commands.add_parser("sync", help="与区总工会服务器同步（先上传后下载）")
    syncing.add_argument("url", metavar="URL", help="本街道的同步地址（server add-office 给出）")
    syncing.set_defaults(handler=run_sync)

    listing = commands.add_parser("conflicts", help="列出未决的同步冲突")
    listing.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    listing.add_argument("--full", action="store_true", help="显示完整身份证号（记入操作日志）")
    listing.set_defaults(handler=run_conflicts)

    resolve = commands.add_parser("resolve", help="决定一个冲突保留哪一边（下次同步时生效）")
    resolve.add_argument("id", type=int, metavar="ID")
    resolve.add_argument(
        "--keep",
        required=True,
        choices=("mine", "theirs", "apart"),
        help="mine 保留本机，theirs 保留服务器；同号登记两次而确是两户时用 apart（两户不同）",
    )
    resolve.set_defaults(handler=run_resolve)


def run_server_init(args: argparse.Namespace) -> int:
    from unionapp.sync.district import init_server

    server_id = init_server(args.url)
    print(f"区总工会数据库已就绪（服务器标识 {server_id}）")
    return 0


def run_add_office(args: argparse.Namespace) -> int:
    from unionapp.sync.district import add_office

    office = add_office(args.url, args.code, args.name)
    print(f"已新增 {office.name}（{office.code}）。本街道各台电脑用下面的地址同步，请妥善保管：")
    print(office.url)
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from unionapp.sync.run import sync

    with opened(args, create=True) as database:
        report = sync(database, args.url)
    if report.first:
        print(f"本机已加入 {report.office}，首次同步完成")
    print(
        f"上传 {report.pushed} 条（重发已收到的 {report.replayed} 条），下载 {report.pulled} 条；"
        f"新冲突 {report.new_conflicts} 个，未决冲突共 {report.open_conflicts} 个"
    )
    if report.open_conflicts:
        print("用 conflicts 查看冲突，用 resolve 编号 --keep mine|theirs 决定保留哪一边")
    return 0


def run_conflicts(args: argparse.Namespace) -> int:
    from unionapp.services.disclosure import record_disclosure, refuse_if_read_only
    from unionapp.sync.conflicts import KINDS, open_conflicts

    with opened(args) as database:
        if args.full:
            refuse_if_read_only(database)
        found = open_conflicts(database, full=args.full)
        if args.full and found:
            record_disclosure(
                database,
                database.location.path or "conflicts",
                table="sync_conflict",
                what="同步冲突中的完整身份证号",
                count=len(found),
            )
    if args.json:
        print(json.dumps([c.as_json() for c in found], ensure_ascii=False, indent=1))
        return 0
    if not found:
        print("没有未决的同步冲突")
        return 0
    for conflict in found:
        field = f"“{conflict.field}”" if conflict.field else ""
        print(
            f"[{conflict.id}] {conflict.table} {conflict.label or conflict.record} {field}"
            f"：{KINDS.get(conflict.kind, conflict.kind)}\n"
            f"    本机：{json.dumps(conflict.mine, ensure_ascii=False)}\n"
            f"    服务器：{json.dumps(conflict.theirs, ensure_ascii=False)}"
        )
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from unionapp.sync.conflicts import decide

    with opened(args) as database:
        decide(database, args.id, args.keep)
    if args.keep == "apart":
        print(
            f"冲突 {args.id} 按两户不同处理，下次同步时本机这户单独上传；"
            "号码登记错的一户须先改正（本机的在本机改，服务器上的由登记的电脑改正后同步），否则等待"
        )
        return 0
    side = "本机" if args.keep == "mine" else "服务器"
    print(f"冲突 {args.id} 将保留{side}的内容，下次同步时生效")
    return 0
