"""The audit log is tamper-evident: editing, deleting or re-sealing entries is found by check,
identity numbers are stored masked, and the log survives a restore (which is itself logged)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.unionapp.safety.test_encryption import add_family, worker_id
from unionapp.audit import chain
from unionapp.audit.reading import history
from unionapp.cli.main import main
from unionapp.database import open_database
from unionapp.db.sqlite import driver
from unionapp.models import AuditEntry, HardshipFamily
from unionapp.safety.backups import backup_to
from unionapp.safety.checking import Kind, check_database
from unionapp.safety.restoring import restore_from
from unionapp.schema.records import FAMILY
from unionapp.services import records


def edit(db, statement: str) -> list[tuple]:
    """Another program changing the database directly (an editor of the database file, or
    psql on the server), past the program and its log."""
    if db.path is None:
        import psycopg

        with psycopg.connect(db.location.url.replace("+psycopg", ""), autocommit=True) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchall() if cursor.description else []
    connection = driver.connect(str(db.path), isolation_level=None)
    try:
        connection.execute("PRAGMA busy_timeout=5000")
        return connection.execute(statement).fetchall()
    finally:
        connection.close()


def audit_kinds(findings) -> list[Kind]:
    return [finding.kind for finding in findings]


def test_every_change_is_sealed_and_identity_numbers_are_masked(db) -> None:
    add_family(db)
    with db.read() as session:
        family = session.scalar(select(HardshipFamily))
    with db.write() as session:
        records.update(
            session, FAMILY, family.id, {"phone": "13900001111"}, records.make_context(session)
        )
    with db.write() as session:
        records.delete(session, FAMILY, family.id)
    assert check_database(db) == []
    with db.read() as session:
        logged = " ".join(entry.changes for entry in history(session, "family"))
    assert worker_id(1) not in logged and "320115********" in logged
    assert "13812345678" not in logged and "13900001111" not in logged and "139****1111" in logged


def test_an_edited_entry_breaks_the_chain_and_check_exits_1(db, capsys) -> None:
    add_family(db)
    add_family(db, "第二户", serial=2)
    edit(db, "UPDATE audit_log SET operator = '别人' WHERE id = 2")
    findings = check_database(db)
    assert audit_kinds(findings) == [Kind.AUDIT] and "第 2 条" in findings[0].message
    db.close()
    assert main(["--db", db.location.target, "check"]) == 1
    assert "校验链断开" in capsys.readouterr().err


def test_the_outside_seal_finds_a_rewritten_or_shortened_log(db) -> None:
    add_family(db)
    add_family(db, "第二户", serial=2)
    rows = edit(db, "SELECT id FROM audit_log ORDER BY id")
    last = rows[-1][0]
    # Rewrite by an editor: change entry 1 and re-seal everything after it (no password).
    edit(db, "UPDATE audit_log SET operator = '别人' WHERE id = 1")
    engine_db = open_database(db.location.target, anchors=db.anchors)
    with engine_db.engine.connect() as conn:
        previous = ""
        for row in list(chain.entries(conn)):
            sealed = chain.seal_of(previous, row, None)
            conn.execute(
                chain.TABLE.update()
                .where(chain.TABLE.c.id == row["id"])
                .values(prev_hash=previous, hash=sealed)
            )
            previous = sealed
        conn.commit()
    findings = check_database(engine_db)
    assert audit_kinds(findings) == [Kind.AUDIT] and "改写" in findings[0].message
    # Cutting the newest entries off is found too.
    edit(db, f"DELETE FROM audit_log WHERE id = {int(last)}")
    findings = check_database(engine_db)
    assert audit_kinds(findings) == [Kind.AUDIT] and "截短" in findings[0].message
    engine_db.close()


def test_with_a_password_nobody_without_it_can_reseal(encrypted_db) -> None:
    db = encrypted_db
    add_family(db)
    with db.write() as session:  # an editor who somehow has the file open, but not the key
        connection = session.connection()
        connection.execute(text("UPDATE audit_log SET operator = '别人' WHERE id = 1"))
        previous = ""
        for row in list(chain.entries(connection)):
            sealed = chain.seal_of(previous, row, None)  # SHA-256: the only seal they can make
            connection.execute(
                chain.TABLE.update()
                .where(chain.TABLE.c.id == row["id"])
                .values(prev_hash=previous, hash=sealed)
            )
            previous = sealed
    assert audit_kinds(check_database(db)) == [Kind.AUDIT]


@pytest.mark.sqlite_only  # a restore from a file
def test_a_restore_keeps_the_log_and_says_what_it_undid(db, tmp_path: Path) -> None:
    add_family(db)
    saved = backup_to(db.path, tmp_path / "backup.sqlite3")
    add_family(db, "备份后新增", serial=2)
    with db.read() as session:
        entries_before = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()))
    anchors = db.anchors
    db.close()
    restore_from(db.path, saved, anchors=anchors, operator="恢复员")
    database = open_database(str(db.path), anchors=anchors)
    assert check_database(database) == []
    with database.read() as session:
        newest = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        names = list(session.scalars(select(HardshipFamily.worker_name)))
    database.close()
    assert names == ["阿依古丽·买买提"]
    assert newest.id == entries_before + 1 and newest.action == "restore-file"
    assert newest.operator == "恢复员"
    undone = json.loads(newest.changes)
    assert undone["file"] == [None, "backup.sqlite3"]
    assert undone["family"][1]["removed"]["count"] == 1


@pytest.mark.parametrize("full", [False, True])
def test_full_exports_are_audited_and_masked_exports_hide_birth_dates(db, tmp_path, full) -> None:
    import openpyxl

    add_family(db)
    out = tmp_path / "困难职工.xlsx"
    db.close()
    args = ["--db", db.location.target, "export", "families", "--out", str(out)]
    assert main(args + (["--full"] if full else [])) == 0
    book = openpyxl.load_workbook(out)
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert (worker_id(1) in cells) is full
    assert ("1980-01-01 00:00:00" in cells) is full and (
        1980 in [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    ) is not full
    database = open_database(db.location.target)
    with database.read() as session:
        disclosed = [e for e in history(session) if e.action == "disclose"]
    assert len(disclosed) == (1 if full else 0)
    if full:
        assert "困难职工.xlsx" in disclosed[0].changes
    assert check_database(database) == []
    database.close()


def test_entries_from_before_the_chain_are_masked_and_sealed_by_the_migration(tmp_path) -> None:
    from tests.unionapp.test_database import migrate_to

    path = tmp_path / "old.sqlite3"
    migrate_to(path, "0002")
    connection = driver.connect(str(path))
    changes = json.dumps(
        {
            "id_number": [None, worker_id(5)],
            "worker_name": [None, "老户"],
            "phone": ["13812345678", None],
        },
        ensure_ascii=False,
    )
    connection.executemany(
        "INSERT INTO audit_log (at, operator, table_name, row_id, action, changes) "
        "VALUES (?, '老员', ?, ?, ?, ?)",
        [
            ("2023-05-01 09:00:00.000000", "family", 1, "insert", changes),
            ("2023-05-02 10:30:00.000000", "family", 1, "delete", changes),
        ],
    )
    connection.commit()
    connection.close()
    database = open_database(str(path))
    assert check_database(database) == []
    with database.read() as session:
        logged = " ".join(e.changes for e in history(session))
        database_id = session.execute(
            text("SELECT value FROM setting WHERE key = 'database_id'")
        ).scalar()
    database.close()
    assert worker_id(5) not in logged and "13812345678" not in logged and "老户" in logged
    assert database_id and len(database_id) == 32
