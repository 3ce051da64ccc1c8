"""Consistent copies through SQLite's online backup API, automatic rotation, checked files;
:func:`back_up` also takes a server database (``pg_dump``, see ``server_backups``).

Backups go to ``backups/`` beside the database: at start (once a day) and at close, keeping the
newest of each of the last 7 days and of the last 8 weeks. A copy is made under the key of its
database (encrypted databases make encrypted backups), owner-only from its first byte, without
-wal or -shm files, as a partial file renamed into place (see ``db.copying``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from unionapp.db import sqlite
from unionapp.db.copying import copy_sqlite
from unionapp.db.engine import translate
from unionapp.db.errors import DatabaseError
from unionapp.db.keys import CipherKey, Keyring
from unionapp.db.revision import REVISIONS
from unionapp.db.sqlite import FileKind, file_kind
from unionapp.system.files import remove_leftovers

if TYPE_CHECKING:
    from unionapp.database import Database

KEEP_DAILY = 7
KEEP_WEEKLY = 8
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})\.sqlite3$")


def backups_folder(database: Path) -> Path:
    return database.parent / "backups"


def back_up(database: Database, target: Path) -> Path:
    """The one way to back up an open database to ``target`` (a USB stick, 备份到…): a checked
    copy of an SQLite file under its own key, or a ``pg_dump`` of a server database."""
    if database.path is not None:
        return backup_to(database.path, target, database.key)
    from unionapp.safety.server_backups import dump_to

    return dump_to(database.location.url or "", target)


def backup_suffix(database: Database) -> str:
    """The file name ending a backup of this database takes (``.sqlite3`` or ``.dump``)."""
    from unionapp.safety.server_backups import DUMP_SUFFIX

    return ".sqlite3" if database.path is not None else DUMP_SUFFIX


def restore_refusal(database: Database) -> str | None:
    """Why this database cannot be restored from here (a shared server database), or None."""
    if database.path is not None:
        return None
    from unionapp.safety.server_backups import RESTORE_REFUSED

    return RESTORE_REFUSED


def backup_to(database: Path, target: Path, key: CipherKey | None = None) -> Path:
    """A consistent copy of a live database, checked afterwards; the old ``target`` stays
    until the new copy is complete and sound."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_sqlite(database, target, key)
    except sqlite.Error as error:
        raise DatabaseError(f"备份失败：{translate(error)}") from error
    except OSError as error:
        raise DatabaseError(f"无法写入备份“{target}”：{error.strerror or error}") from error
    problems = check_backup_file(target, key=key)
    if problems:
        raise DatabaseError("备份文件校验失败：" + "；".join(problems))
    return target


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken: datetime


def list_backups(database: Path) -> list[BackupFile]:
    """Automatic backups of this database, newest first."""
    folder = backups_folder(database)
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match and match["stem"] == database.stem:
                found.append(BackupFile(path, datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def copies_of(database: Path) -> list[Path]:
    """Every copy of the database the program keeps: backups, and the copies taken before a
    migration or a restore (which the password follows)."""
    found = [b.path for b in list_backups(database)]
    for folder in (database.parent, backups_folder(database)):
        if folder.is_dir():
            found += [p for p in folder.glob(f"{database.stem}.before-*") if p.is_file()]
    return sorted(set(found))


def automatic_backup(
    database: Path, when: str, now: datetime | None = None, key: CipherKey | None = None
) -> Path | None:
    """Back up at start (at most once a day) and at close; then keep 7 daily and 8 weekly."""
    now = now or datetime.now()
    if when == "start" and any(b.taken.date() == now.date() for b in list_backups(database)):
        return None
    target = backups_folder(database) / f"{database.stem}-{now:%Y%m%d-%H%M%S}.sqlite3"
    backup_to(database, target, key)
    prune(database)
    return target


def prune(database: Path) -> list[Path]:
    """Keep the newest copy of each of the last 7 days and of each of the last 8 weeks."""
    backups = list_backups(database)
    keep: set[Path] = set()
    days: dict[date, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    for backup in backups:  # newest first: the first seen per day or week is the newest
        days.setdefault(backup.taken.date(), backup.path)
        weeks.setdefault(backup.taken.isocalendar()[:2], backup.path)
    keep.update(list(days.values())[:KEEP_DAILY])
    keep.update(list(weeks.values())[:KEEP_WEEKLY])
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def clean_leftovers(database: Path) -> list[Path]:
    """What killed programs left: partial copies beside the database and in ``backups/``, and
    -wal/-shm files of backups (a backup is never open when the program starts)."""
    removed = remove_leftovers(database.parent) + remove_leftovers(backups_folder(database))
    folder = backups_folder(database)
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name.endswith(("-wal", "-shm", "-journal")):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def key_for_file(path: Path, keyring: Keyring | None) -> CipherKey | None:
    """The key for a backup: None when plain; the keyring's for an encrypted one."""
    if file_kind(path) is not FileKind.ENCRYPTED or keyring is None:
        return None
    return keyring.key_for(sqlite.file_salt(path))


def check_backup_file(
    path: Path, keyring: Keyring | None = None, *, key: CipherKey | None = None
) -> list[str]:
    """Why a file is not a sound database of this program (not newer than it); [] when it is."""
    kind = file_kind(path)
    if kind is FileKind.MISSING:
        return [f"“{path.name}”不存在"]
    if kind is FileKind.ENCRYPTED:
        key = key or key_for_file(path, keyring)
        if key is None:
            return [f"“{path.name}”已加密，需要密码才能使用"]
    elif kind is not FileKind.PLAIN:
        return [f"“{path.name}”不是 SQLite 数据库文件"]
    else:
        key = None
    try:
        connection = sqlite.connect_reading(path, key)
    except sqlite.Error as error:
        return [f"无法打开“{path.name}”：{translate(error)}"]
    try:
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        except sqlite.Error as error:
            if key is not None and sqlite.is_wrong_key(error):
                return [f"“{path.name}”无法用当前密码打开（可能由另一个密码加密）"]
            return [f"“{path.name}”已损坏：{error}"]
        if result != ["ok"]:
            return [f"“{path.name}”已损坏：{result[0]}"]
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite.Error:
            return [f"“{path.name}”不是工会工作台的数据库"]
    finally:
        connection.close()
    if revision is None:
        return [f"“{path.name}”不是工会工作台的数据库"]
    if revision[0] not in REVISIONS:
        return [f"“{path.name}”由更新版本的程序写入，当前版本不能使用"]
    return []


def newest_sound_backup(database: Path, keyring: Keyring | None = None) -> BackupFile | None:
    for backup in list_backups(database):
        if not check_backup_file(backup.path, keyring):
            return backup
    return None
