"""backup --out FILE; restore FILE."""

from __future__ import annotations

import argparse
from pathlib import Path

from unionapp.cli.opening import open_for, password_of
from unionapp.db.errors import DatabaseBusy, DatabaseError
from unionapp.db.paths import locate


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser("backup", help="把数据库备份到一个文件（如U盘）")
    command.add_argument("--out", required=True)
    command.set_defaults(handler=run_backup)
    command = commands.add_parser("restore", help="从备份文件恢复（先保留当前数据库的副本）")
    command.add_argument("file")
    command.set_defaults(handler=run_restore)


def database_file(args: argparse.Namespace) -> Path:
    path = locate(args.db).path
    if path is None:
        from unionapp.safety.server_backups import RESTORE_REFUSED

        raise DatabaseError(RESTORE_REFUSED)
    return path


def run_backup(args: argparse.Namespace) -> int:
    """An SQLite file is copied; a server database is dumped by pg_dump."""
    from unionapp.safety.backups import back_up

    database = open_for(args, create=False)  # refuses damaged, foreign and locked files
    try:
        target = back_up(database, Path(args.out))
    finally:
        database.close()
    if database.path is None:
        print(f"已用 pg_dump 备份到 {target}（恢复请用 pg_restore）")
    else:
        print(f"已备份到 {target}" + ("（已加密，恢复时需要同一密码）" if database.key else ""))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from unionapp.audit.anchors import AnchorStore
    from unionapp.db.keys import Keyring
    from unionapp.db.sqlite import FileKind, file_kind
    from unionapp.safety.lock import InstanceLock
    from unionapp.safety.restoring import restore_from

    path = database_file(args)
    source = Path(args.file)
    lock = InstanceLock(path)
    owner = lock.acquire()
    if owner is not None:
        raise DatabaseBusy(
            f"数据库正在被另一个工会工作台（进程 {owner.pid}）使用，请先关闭它再恢复"
        )
    try:
        encrypted = FileKind.ENCRYPTED in (file_kind(path), file_kind(source))
        keyring = Keyring(password_of(args)) if encrypted else None
        kept = restore_from(path, source, keyring, anchors=AnchorStore())
    finally:
        lock.release()
    print(f"已从 {args.file} 恢复；原数据库的副本保存在 {kept}")
    return 0
