"""password set | change | remove: encrypt the database (and its backups) with a password,
re-encrypt it under a new one, or decrypt it.

The new password is the first line of standard input (without its line ending); at a terminal
it is asked twice. The current one, for ``change`` and ``remove``, comes like any command's:
``--password-file``, ``UNIONAPP_PASSWORD`` or a prompt at a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from unionapp.cli.errors import CommandFailed
from unionapp.cli.opening import first_line, password_of
from unionapp.cli.safety_commands import database_file
from unionapp.db.errors import DatabaseBusy


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser("password", help="设置、更改或取消数据库密码（数据库和备份加密）")
    command.add_argument(
        "action",
        choices=("set", "change", "remove"),
        help="set 设置；change 更改；remove 取消。新密码从标准输入的第一行读取",
    )
    command.set_defaults(handler=run_password)


def new_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("新密码：")
        if getpass.getpass("再输入一次新密码：") != first:
            raise CommandFailed("两次输入的密码不一致，未作改动")
        return first
    line = first_line(sys.stdin.read())
    if not line:
        raise CommandFailed("请在标准输入的第一行提供新密码")
    return line


def run_password(args: argparse.Namespace) -> int:
    from unionapp.audit.anchors import AnchorStore
    from unionapp.db.keys import Keyring
    from unionapp.db.sqlite import FileKind, file_kind
    from unionapp.safety.encryption import FORGOTTEN, change_password
    from unionapp.safety.lock import InstanceLock

    path = database_file(args)
    kind = file_kind(path)
    if args.action == "set" and kind is FileKind.ENCRYPTED:
        raise CommandFailed("数据库已设置密码；要更改请用 password change")
    if args.action != "set" and kind is not FileKind.ENCRYPTED:
        raise CommandFailed("数据库没有设置密码")
    current = Keyring(password_of(args)) if kind is FileKind.ENCRYPTED else None
    new = new_password() if args.action != "remove" else None
    lock = InstanceLock(path)
    owner = lock.acquire()
    if owner is not None:
        raise DatabaseBusy(
            f"数据库正在被工会工作台窗口（进程 {owner.pid}）使用，请先关闭窗口再更改密码"
        )
    try:
        report = change_password(path, current, new, anchors=AnchorStore())
    except ValueError as error:
        raise CommandFailed(str(error)) from error
    finally:
        lock.release()
    done = {
        "set": "已设置密码，数据库已加密",
        "change": "已更改密码",
        "remove": "已取消密码，数据库已解密",
    }[args.action]
    print(f"{done}；备份和副本 {len(report.copies)} 个已一并处理")
    for path_skipped, reason in report.skipped:
        print(f"未处理：{path_skipped.name}：{reason}", file=sys.stderr)
    if new is not None:
        print(FORGOTTEN, file=sys.stderr)
    return 0
