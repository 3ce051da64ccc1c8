"""Opening databases: creation, pragmas, migrations, and the clear refusals."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from unionapp.database import open_database
from unionapp.db import DatabaseError
from unionapp.db.migrate import head_revision, upgrade_to_head
from unionapp.db.paths import Location, locate
from unionapp.db.sqlite import driver as sqlite3  # the program's own SQLite (SQLCipher)
from unionapp.safety.checking import check_database


def test_new_database_is_created_migrated_private_and_seeded(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite3"
    database = open_database(str(path))
    with database.read() as session:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        kinds = session.execute(text("SELECT count(*) FROM ownership_type")).scalar()
    database.close()
    assert revision == head_revision()
    assert kinds == 10
    if sys.platform != "win32":  # Windows: the user's profile folder keeps others out
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.sqlite_only  # SQLite's pragmas
def test_every_connection_gets_the_safety_pragmas(db) -> None:
    with db.read() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


@pytest.mark.sqlite_only  # SQLite's write lock
def test_writes_begin_immediate_so_a_second_writer_waits_not_corrupts(db) -> None:
    with db.write() as session:
        session.execute(text("INSERT INTO setting(key, value, uid) VALUES ('x', '1', 'x')"))
        other = sqlite3.connect(db.path, timeout=0.1)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_upgrade_of_an_already_current_database_copies_nothing(db_path: Path) -> None:
    assert upgrade_to_head(Location(path=db_path)) is None
    assert list(db_path.parent.glob("*.before-*")) == []


def test_an_empty_database_of_ours_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    conn.commit()
    conn.close()
    # An alembic_version table with no row is an empty database of ours: migrate without copy.
    database = open_database(str(path))
    database.close()
    assert check_database(open_database(str(path))) == []


def test_database_from_a_newer_version_is_refused_and_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(str(db_path))
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "letter.sqlite3"
    path.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(DatabaseError, match="不是 SQLite 数据库"):
        open_database(str(path))
    assert path.read_text(encoding="utf-8") == "这不是数据库"


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="不是工会工作台的数据库"):
        open_database(str(path))


def test_a_damaged_file_gives_a_clear_message(db_path: Path) -> None:
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match=r"损坏|无法打开"):
        open_database(str(db_path))


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="文件夹"):
        open_database(str(tmp_path))


def test_missing_file_with_create_false(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="不存在"):
        open_database(str(tmp_path / "none.sqlite3"), create=False)


def test_database_location_from_argument_environment_and_url(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("UNIONAPP_DB", str(tmp_path / "env.sqlite3"))
    assert locate(None).path == tmp_path / "env.sqlite3"
    assert locate(str(tmp_path / "arg.db")).path == tmp_path / "arg.db"
    assert locate("postgresql://u@h/db") == Location(url="postgresql://u@h/db")
    monkeypatch.delenv("UNIONAPP_DB")
    assert locate(None).path.name == "unionapp.sqlite3"
    with pytest.raises(DatabaseError, match="不支持“mysql”数据库"):
        locate("mysql://u@h/db")


@pytest.mark.sqlite_only  # SQLite's foreign_key_check (PostgreSQL: tests/unionapp/test_server.py)
def test_integrity_check_reports_broken_references(db) -> None:
    assert check_database(db) == []
    raw = sqlite3.connect(db.path)
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute(
        "INSERT INTO congress (enterprise_id, year, term, session_no, status, delegates_expected,"
        " delegates_present, agenda, resolutions, votes_for, votes_against, votes_abstain,"
        " public_items, uid) VALUES (999, 2024, 1, 1, '计划中', 0, 0, '', '', 0, 0, 0, '', 'u')"
    )
    raw.commit()
    raw.close()
    problems = check_database(db)
    assert problems and "congress" in problems[0].message and problems[0].kind.value == "references"


def test_read_only_database_refuses_writes(db_path: Path) -> None:
    database = open_database(str(db_path), read_only=True)
    with pytest.raises(DatabaseError, match="只读"), database.write():
        pass
    database.close()


def test_revision_list_is_alembics_one_line_of_history() -> None:
    from unionapp.db.migrate import alembic_revisions
    from unionapp.db.revision import HEAD_REVISION, REVISIONS

    assert head_revision() == HEAD_REVISION
    assert tuple(alembic_revisions()) == REVISIONS  # one head, every revision known


def test_report_catalog_and_builders_name_the_same_documents() -> None:
    from unionapp.reports.catalog import CATALOG
    from unionapp.reports.registry import BUILDERS

    assert set(CATALOG) == set(BUILDERS)


def migrate_to(path: Path, revision: str) -> None:
    """Bring a (new or older) file to ``revision`` exactly as the program of that time did."""
    from alembic import command

    from unionapp.db.engine import sqlite_engine
    from unionapp.db.migrate import alembic_config

    engine = sqlite_engine(path, None, pooled=False)
    with engine.connect() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()
    engine.dispose()


def make_old_database(path: Path) -> None:
    """A database file at revision 0001 holding one enterprise, as an older program left it."""
    migrate_to(path, "0001")
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO enterprise (name, credit_code_confirmed, ownership, industry, "
        "community, address, contact, phone, staff_count, migrant_count, above_scale, "
        "union_status, union_chair, member_count, affairs_public, safety_accidents, notes)"
        " VALUES ('老企业', 0, '', '', '', '', '', '', 5, 0, 0, '未建会', '', 0, 0, 0, '')"
    )
    raw.commit()
    raw.close()


def test_migration_from_an_older_revision_takes_a_copy_first(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_database(path)
    database = open_database(str(path))
    with database.read() as session:
        assert session.execute(text("SELECT name FROM enterprise")).scalar() == "老企业"
        assert session.execute(text("SELECT count(*) FROM service_unit")).scalar() == 0
    database.close()
    copies = list(tmp_path.glob(f"old.before-{head_revision()}-*.sqlite3"))
    assert len(copies) == 1
    old = sqlite3.connect(copies[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert old.execute("SELECT name FROM enterprise").fetchone() == ("老企业",)
    old.close()
