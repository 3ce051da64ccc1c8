"""Consistent copies through SQLite's online backup API, automatic rotation, checked restore."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from unionapp.db.copying import copy_sqlite
from unionapp.db.engine import SQLITE_HEADER, DatabaseError
from unionapp.db.revision import HEAD_REVISION

KEEP_DAILY = 7
KEEP_WEEKLY = 8
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})\.sqlite3$")


def backups_folder(database: Path) -> Path:
    return database.parent / "backups"


def backup_to(database: Path, target: Path) -> Path:
    """A consistent copy of a live database, readable by the owner only, checked afterwards."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.partial")
    try:
        copy_sqlite(database, temp)
        problems = check_backup_file(temp)
        if problems:
            raise DatabaseError("备份文件校验失败：" + "；".join(problems))
        os.replace(temp, target)
    except sqlite3.Error as error:
        raise DatabaseError(f"备份失败：{error}") from error
    except OSError as error:
        raise DatabaseError(f"无法写入备份“{target}”：{error.strerror}") from error
    finally:
        temp.unlink(missing_ok=True)
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


def automatic_backup(database: Path, when: str, now: datetime | None = None) -> Path | None:
    """Back up at start (at most once a day) and at close; then keep 7 daily and 8 weekly."""
    now = now or datetime.now()
    if when == "start" and any(b.taken.date() == now.date() for b in list_backups(database)):
        return None
    target = backups_folder(database) / f"{database.stem}-{now:%Y%m%d-%H%M%S}.sqlite3"
    backup_to(database, target)
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


def check_backup_file(path: Path) -> list[str]:
    """Why a file is not a sound database of this program (not newer than it); [] when it is."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return [f"“{path.name}”不是 SQLite 数据库文件"]
    except OSError as error:
        return [f"无法读取“{path.name}”：{error.strerror}"]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return [f"无法打开“{path.name}”：{error}"]
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            return [f"“{path.name}”已损坏：{result[0]}"]
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            return [f"“{path.name}”不是工会工作台的数据库"]
    except sqlite3.DatabaseError as error:
        return [f"“{path.name}”已损坏：{error}"]
    finally:
        conn.close()
    if revision is None:
        return [f"“{path.name}”不是工会工作台的数据库"]
    if revision[0] != HEAD_REVISION and not _known_older(revision[0]):
        return [f"“{path.name}”由更新版本的程序写入，当前版本不能使用"]
    return []


def _known_older(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    from unionapp.db.migrate import alembic_config

    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    return revision in known


def newest_sound_backup(database: Path) -> BackupFile | None:
    for backup in list_backups(database):
        if not check_backup_file(backup.path):
            return backup
    return None


def restore_from(database: Path, source: Path, now: datetime | None = None) -> Path:
    """Check ``source``, keep a copy of the current database, then copy ``source`` over it.

    The caller closes its connections first. Returns the copy kept of the old database.
    """
    problems = check_backup_file(source)
    if problems:
        raise DatabaseError("；".join(problems) + "。当前数据库未作改动。")
    now = now or datetime.now()
    kept = backups_folder(database) / f"{database.stem}.before-restore-{now:%Y%m%d-%H%M%S}.sqlite3"
    if database.exists():
        try:
            backup_to(database, kept)
        except DatabaseError:  # the current file is damaged: keep its bytes as they are
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(database, kept)
            kept.chmod(0o600)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(database)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as error:
        raise DatabaseError(f"恢复失败：{error}。原数据库的副本在“{kept}”") from error
    database.chmod(0o600)
    return kept
