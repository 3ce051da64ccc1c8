"""Backups, restore and its refusals, the instance lock, faults at the write, the password."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from unionapp.database import open_database
from unionapp.db import DatabaseError
from unionapp.db.sqlite import driver as sqlite3  # the program's own SQLite (SQLCipher)
from unionapp.models import Enterprise
from unionapp.safety.backups import (
    automatic_backup,
    backup_to,
    check_backup_file,
    list_backups,
    newest_sound_backup,
    prune,
)
from unionapp.safety.lock import InstanceLock, lock_path
from unionapp.safety.restoring import restore_from
from unionapp.schema.records import ENTERPRISE
from unionapp.services import records

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="Windows has no mode bits")
# Copies of SQLite files, their locks and faults (PostgreSQL: tests/unionapp/test_server.py).
pytestmark = pytest.mark.sqlite_only


def add(db, name: str, notes: str = "") -> None:
    with db.write() as session:
        records.create(
            session,
            ENTERPRISE,
            {"name": name, "union_status": "未建会", "notes": notes},
            records.make_context(session),
        )


def names(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM enterprise")}
    finally:
        conn.close()


def test_backup_is_consistent_private_and_restorable(db, tmp_path: Path) -> None:
    add(db, "甲")
    copy = backup_to(db.path, tmp_path / "usb" / "copy.sqlite3")
    if sys.platform != "win32":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert names(copy) == {"甲"} and check_backup_file(copy) == []
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy.sqlite3"]  # no -wal, -shm
    add(db, "乙")
    db.close()
    kept = restore_from(db.path, copy)
    assert names(db.path) == {"甲"}
    assert names(kept) == {"甲", "乙"}  # the current database was kept before the swap


@pytest.mark.parametrize("damage", ["text", "newer", "foreign", "wrecked"])
def test_restore_refuses_bad_files_and_leaves_the_database_alone(db, tmp_path, damage) -> None:
    add(db, "甲")
    bad = tmp_path / "bad.sqlite3"
    if damage == "text":
        bad.write_text("不是数据库", encoding="utf-8")
    else:
        backup_to(db.path, bad)
        conn = sqlite3.connect(bad)
        if damage == "newer":
            conn.execute("UPDATE alembic_version SET version_num='9999'")
        elif damage == "foreign":
            conn.execute("DROP TABLE alembic_version")
        conn.commit()
        conn.close()
        if damage == "wrecked":
            data = bytearray(bad.read_bytes())
            data[4096:8192] = b"\x00\x13" * 2048
            bad.write_bytes(bytes(data))
    db.close()
    before = db.path.read_bytes()
    with pytest.raises(DatabaseError, match="当前数据库未作改动"):
        restore_from(db.path, bad)
    assert db.path.read_bytes() == before


def test_automatic_backups_once_a_day_at_start_and_at_every_close(db) -> None:
    morning = datetime(2024, 6, 3, 8, 0)
    assert automatic_backup(db.path, "start", morning) is not None
    assert automatic_backup(db.path, "start", morning + timedelta(hours=3)) is None
    evening = automatic_backup(db.path, "close", morning + timedelta(hours=9))
    assert [b.path for b in list_backups(db.path)] == [evening]  # a day keeps its newest copy


def test_rotation_keeps_seven_daily_and_eight_weekly(db) -> None:
    start = datetime(2024, 1, 1, 9, 0)  # a Monday
    for day in range(90):
        for hour in (9, 17):
            automatic_backup(db.path, "close", start + timedelta(days=day, hours=hour - 9))
    kept = list_backups(db.path)
    days = {b.taken.date() for b in kept}
    weeks = {b.taken.isocalendar()[:2] for b in kept}
    last = (start + timedelta(days=89)).date()
    assert {last - timedelta(days=n) for n in range(7)} <= days
    assert len(weeks) == 8 and len(kept) <= 7 + 8
    assert all(b.taken.hour == 17 for b in kept)  # the newest copy of each day is the one kept
    assert prune(db.path) == []


def test_newest_sound_backup_skips_damaged_ones(db) -> None:
    first = automatic_backup(db.path, "close", datetime(2024, 6, 1, 9))
    second = automatic_backup(db.path, "close", datetime(2024, 6, 2, 9))
    second.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert newest_sound_backup(db.path).path == first


def test_a_second_instance_sees_the_first_and_a_stale_lock_is_taken(tmp_path: Path) -> None:
    database = tmp_path / "u.sqlite3"
    other = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; sys.path.insert(0, sys.argv[1]);"
                "from pathlib import Path; from unionapp.safety.lock import InstanceLock;"
                "lock = InstanceLock(Path(sys.argv[2])); assert lock.acquire() is None;"
                "print('held', flush=True); time.sleep(60)"
            ),
            str(Path.cwd()),
            str(database),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout.readline().strip() == "held"
        mine = InstanceLock(database)
        owner = mine.acquire()
        assert owner is not None and owner.pid == other.pid
    finally:
        other.kill()
        other.wait()
    # The other program died without letting go: the operating system let go for it.
    assert lock_path(database).exists()
    assert mine.acquire() is None and mine.held
    assert InstanceLock(database).owner() is None  # ours: not "another program"
    mine.release()
    assert not mine.held and InstanceLock(database).acquire() is None


def _fault(db, pragma: str) -> None:
    db.engine.dispose()
    event.listen(db.engine, "connect", lambda conn, _r: conn.execute(pragma))


def test_disk_full_at_the_write_gives_a_clear_message_and_keeps_what_was_saved(db) -> None:
    add(db, "已保存")
    with db.read() as session:
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()
    _fault(db, f"PRAGMA max_page_count={pages}")  # SQLite's own "database or disk is full"
    with pytest.raises(DatabaseError, match="磁盘已满"):
        for number in range(50):
            add(db, f"新{number}", notes="x" * 2000)
    db.engine.dispose()
    assert "已保存" in names(db.path)
    assert sqlite3.connect(db.path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_read_only_file_gives_a_clear_message(db) -> None:
    _fault(db, "PRAGMA query_only=ON")  # writes fail as on a read-only file or medium
    with pytest.raises(DatabaseError, match="只读"):
        add(db, "甲")


def test_a_locked_database_gives_a_clear_message(db) -> None:
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    _fault(db, "PRAGMA busy_timeout=200")
    try:
        with pytest.raises(DatabaseError, match="占用"):
            add(db, "甲")
    finally:
        other.execute("ROLLBACK")
        other.close()
    add(db, "甲")  # works again once the other program lets go


def test_backup_command_line_and_restore(db, tmp_path: Path, capsys) -> None:
    from unionapp.cli.main import main

    add(db, "甲")
    out = tmp_path / "usb.sqlite3"
    assert main(["--db", str(db.path), "backup", "--out", str(out)]) == 0
    add(db, "乙")
    db.close()
    assert main(["--db", str(db.path), "restore", str(out)]) == 0
    assert names(db.path) == {"甲"}
    (tmp_path / "junk.sqlite3").write_text("junk")
    assert main(["--db", str(db.path), "restore", str(tmp_path / "junk.sqlite3")]) == 1
    assert "不是 SQLite 数据库文件" in capsys.readouterr().err


@POSIX
def test_files_are_created_owner_only(tmp_path: Path) -> None:
    database = open_database(str(tmp_path / "new.sqlite3"))
    add(database, "甲")
    for path in tmp_path.glob("new.sqlite3*"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    database.close()
    with open_database(str(tmp_path / "new.sqlite3")).read() as session:
        assert session.scalar(select(func.count(Enterprise.id))) == 1


def test_restore_over_a_damaged_database_keeps_its_bytes(db, tmp_path: Path) -> None:
    add(db, "甲")
    good = backup_to(db.path, tmp_path / "good.sqlite3")
    db.close()
    wrecked = bytearray(db.path.read_bytes())
    wrecked[100:4096] = b"\xee" * (4096 - 100)
    db.path.write_bytes(bytes(wrecked))
    kept = restore_from(db.path, good)
    assert kept.read_bytes() == bytes(wrecked)
    assert names(db.path) == {"甲"}


def test_the_lock_works_on_a_first_start_before_the_data_folder_exists(tmp_path: Path) -> None:
    lock = InstanceLock(tmp_path / "not-yet" / "unionapp.sqlite3")
    assert lock.acquire() is None and lock.held
    lock.release()
