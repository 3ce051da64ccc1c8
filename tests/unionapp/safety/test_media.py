"""Backups on read-only media (a write-protected stick, a CD) can be checked and restored from,
and a database there opens read-only; leftovers of killed runs are removed at the next start."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.unionapp.safety.test_encryption import add_family
from unionapp.database import open_database
from unionapp.db import ReadOnlyLocation
from unionapp.db.sqlite import driver
from unionapp.models import HardshipFamily
from unionapp.safety.backups import backups_folder, check_backup_file, clean_leftovers
from unionapp.safety.restoring import restore_from

pytestmark = pytest.mark.sqlite_only  # SQLite files on read-only or failing media


@pytest.fixture
def write_protect():
    """Make a folder immutable (even for root: chattr +i), where the platform allows it."""
    protected: list[Path] = []

    def protect(folder: Path) -> Path:
        if sys.platform != "linux" or shutil.which("chattr") is None:
            pytest.skip("needs chattr")
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
            pytest.skip("cannot write-protect a folder here")
        protected.append(folder)
        return folder

    yield protect
    for folder in protected:
        subprocess.run(["chattr", "-i", str(folder)], check=False)


def wal_copy(source: Path, target: Path) -> Path:
    """A copy in WAL mode, as a file copied off a running program's folder would be."""
    shutil.copyfile(source, target)
    connection = driver.connect(str(target))
    connection.execute("PRAGMA journal_mode=WAL")
    connection.close()
    return target


def test_a_backup_on_write_protected_media_is_checked_and_restored(db, tmp_path, write_protect):
    add_family(db)
    anchors = db.anchors
    db.close()  # (a copy of the file alone holds what was written once the program closed)
    stick = tmp_path / "U盘"
    stick.mkdir()
    backup = wal_copy(db.path, stick / "备份.sqlite3")
    write_protect(stick)
    database = open_database(str(db.path), anchors=anchors)
    add_family(database, "后来的一户", serial=2)
    database.close()
    assert check_backup_file(backup) == []
    restore_from(db.path, backup, anchors=anchors)
    database = open_database(str(db.path))
    with database.read() as session:
        assert session.scalar(select(func.count(HardshipFamily.id))) == 1
    database.close()
    assert sorted(p.name for p in stick.iterdir()) == ["备份.sqlite3"]  # nothing written there


def test_a_database_on_write_protected_media_opens_read_only(db, tmp_path, write_protect):
    add_family(db)
    db.close()
    disc = tmp_path / "光盘"
    disc.mkdir()
    copy = wal_copy(db.path, disc / "unionapp.sqlite3")
    write_protect(disc)
    with pytest.raises(ReadOnlyLocation, match="只读方式打开"):
        open_database(str(copy))
    database = open_database(str(copy), read_only=True)
    with database.read() as session:
        assert session.scalar(select(func.count(HardshipFamily.id))) == 1
    database.close()


def test_the_next_start_removes_what_killed_runs_left(db, tmp_path: Path) -> None:
    folder = backups_folder(db.path)
    folder.mkdir(exist_ok=True)
    left = [
        db.path.with_name(f".{db.path.name}.partial"),
        folder / ".unionapp-20240601-090000.sqlite3.partial",
        folder / ".unionapp.restoring.sqlite3.partial-wal",
        folder / "unionapp-20240601-090000.sqlite3-wal",
        folder / "unionapp-20240601-090000.sqlite3-shm",
    ]
    for path in left:
        path.write_bytes(b"half")
    kept = folder / "unionapp-20240601-090000.sqlite3"
    kept.write_bytes(b"a finished backup")
    assert sorted(clean_leftovers(db.path)) == sorted(left)
    assert kept.exists() and db.path.exists()
