"""backup --out FILE; restore FILE."""

from __future__ import annotations

import argparse
from pathlib import Path

from unionapp.db import DatabaseError
from unionapp.db.paths import resolve_database, sqlite_file


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser("backup", help="把数据库备份到一个文件（如U盘）")
    command.add_argument("--out", required=True)
    command.set_defaults(handler=run_backup)
    command = commands.add_parser("restore", help="从备份文件恢复（先保留当前数据库的副本）")
    command.add_argument("file")
    command.set_defaults(handler=run_restore)


def _database_file(args: argparse.Namespace) -> Path:
    path = sqlite_file(resolve_database(args.db))
    if path is None:
        raise DatabaseError("备份和恢复只适用于本机的 SQLite 数据库文件")
    return path


def run_backup(args: argparse.Namespace) -> int:
    from unionapp.db import open_database
    from unionapp.safety.backups import backup_to

    database = open_database(args.db, create=False)  # refuses damaged or foreign files
    database.close()
    target = backup_to(_database_file(args), Path(args.out))
    print(f"已备份到 {target}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from unionapp.safety.backups import restore_from
    from unionapp.safety.lock import InstanceLock

    path = _database_file(args)
    owner = InstanceLock(path).owner()
    if owner is not None:
        raise DatabaseError(
            f"数据库正在被另一个工会工作台（进程 {owner.pid}）使用，请先关闭它再恢复"
        )
    kept = restore_from(path, Path(args.file))
    print(f"已从 {args.file} 恢复；原数据库的副本保存在 {kept}")
    return 0
