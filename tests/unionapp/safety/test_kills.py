"""A kill at any moment of a backup, a restore, a migration or a password change leaves the
database whole (the old state or the new one, never neither) and the next start tidies up."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.unionapp.test_database import migrate_to
from unionapp.database import open_database
from unionapp.db import WrongPassword
from unionapp.db.revision import HEAD_REVISION
from unionapp.db.sqlite import FileKind, driver, file_kind
from unionapp.models import Enterprise
from unionapp.safety.backups import backup_to, check_backup_file, clean_leftovers
from unionapp.safety.checking import check_database
from unionapp.services.demo import generate

pytestmark = pytest.mark.sqlite_only  # processes killed while writing an SQLite file

RUNNER = Path(__file__).with_name("operations.py")
KILLS = 5


@pytest.fixture(scope="module")
def big_template(tmp_path_factory) -> Path:
    """A database large enough that each operation takes a noticeable moment."""
    path = tmp_path_factory.mktemp("big") / "big.sqlite3"
    database = open_database(str(path))
    with database.write() as session:
        generate(session, enterprises=5_000, families=400, trainings=20, seed=7)
    database.close()
    return path


def enterprises(path: Path, password: str | None = None) -> int:
    database = open_database(str(path), password=password)
    try:
        assert check_database(database, quick=True) == []
        with database.read() as session:
            return session.scalar(select(func.count(Enterprise.id)))
    finally:
        database.close()


def run_and_kill(args: list[str], rng: random.Random, longest: float) -> bool:
    """Start the operation, kill it at a random moment; True when it finished first."""
    process = subprocess.Popen(
        [sys.executable, str(RUNNER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "started"
    time.sleep(rng.uniform(0, longest))
    process.kill()  # TerminateProcess on Windows, SIGKILL elsewhere
    out, err = process.communicate(timeout=60)
    assert "Traceback" not in err, err
    return "done" in out


def measure(args: list[str]) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, str(RUNNER), *args], check=True, capture_output=True)
    return time.monotonic() - started


def test_kills_during_a_backup_never_leave_half_a_copy(big_template, tmp_path) -> None:
    database = tmp_path / "u.sqlite3"
    shutil.copyfile(big_template, database)
    target = tmp_path / "usb" / "copy.sqlite3"
    target.parent.mkdir()
    longest = measure(["backup", str(database), str(target)]) * 1.2
    target.unlink()
    rng = random.Random(14)
    for _ in range(KILLS):
        finished = run_and_kill(["backup", str(database), str(target)], rng, longest)
        assert not target.exists() or check_backup_file(target) == [], "a half copy in place"
        assert finished or not target.exists() or check_backup_file(target) == []
        clean_leftovers(database)
        leftover = [p.name for p in target.parent.iterdir() if p.name.startswith(".")]
        for name in leftover:  # a USB stick is not tidied at start; the partial file is hidden
            assert name.endswith(".partial"), name
        target.unlink(missing_ok=True)
    assert enterprises(database) == 5_000


def test_kills_during_a_restore_leave_the_old_data_or_the_new(big_template, tmp_path) -> None:
    database = tmp_path / "u.sqlite3"
    shutil.copyfile(big_template, database)
    small = tmp_path / "small.sqlite3"
    small_db = open_database(str(small))
    with small_db.write() as session:
        generate(session, enterprises=30, families=3, trainings=1, seed=3)
    small_db.close()
    backup = backup_to(small, tmp_path / "backup.sqlite3")
    longest = measure(["restore", str(database), str(backup)]) * 1.2
    shutil.copyfile(big_template, database)
    rng = random.Random(15)
    for _ in range(KILLS):
        run_and_kill(["restore", str(database), str(backup)], rng, longest)
        clean_leftovers(database)
        assert enterprises(database) in (5_000, 30)  # all of one, never a mixture
        shutil.copyfile(big_template, database)
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)


def test_kills_during_a_migration_leave_the_old_revision(tmp_path) -> None:
    old = tmp_path / "old-template.sqlite3"
    migrate_to(old, "0002")
    raw = driver.connect(str(old))
    raw.executemany(
        "INSERT INTO audit_log (at, operator, table_name, row_id, action, changes) "
        "VALUES ('2024-01-01 09:00:00.000000', '老员', 'enterprise', ?, 'insert', '{}')",
        [(n,) for n in range(20_000)],
    )  # the revision seals every entry: a migration that takes a while
    raw.commit()
    raw.close()
    database = tmp_path / "u.sqlite3"
    shutil.copyfile(old, database)
    longest = measure(["migrate", str(database)]) * 1.2
    rng = random.Random(16)
    for _ in range(KILLS):
        shutil.copyfile(old, database)
        finished = run_and_kill(["migrate", str(database)], rng, longest)
        connection = driver.connect(str(database))
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        sealed = connection.execute(
            "SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'hash'"
        ).fetchone()[0]
        connection.close()
        # One transaction from 0002 to the newest revision: all of it, or none.
        assert revision in ("0002", HEAD_REVISION) and (revision == HEAD_REVISION) == bool(sealed)
        assert finished <= (revision == HEAD_REVISION)
        opened = open_database(str(database))  # the next start finishes the job
        assert check_database(opened) == []
        opened.close()


def test_kills_during_a_password_change_leave_the_old_file_or_the_new(
    big_template, tmp_path
) -> None:
    database = tmp_path / "u.sqlite3"
    shutil.copyfile(big_template, database)
    longest = measure(["password", str(database), "新密码123456"]) * 1.2
    rng = random.Random(17)
    for _ in range(KILLS):
        shutil.copyfile(big_template, database)
        for suffix in ("-wal", "-shm", "-journal"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        run_and_kill(["password", str(database), "新密码123456"], rng, longest)
        clean_leftovers(database)
        if file_kind(database) is FileKind.ENCRYPTED:
            assert enterprises(database, "新密码123456") == 5_000
            with pytest.raises(WrongPassword):
                open_database(str(database), password="旧的")
        else:
            assert enterprises(database) == 5_000
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
