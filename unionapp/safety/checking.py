"""Is the database sound? SQLite's own checks and foreign keys (PostgreSQL: what
``server_checks`` can see from a connection), and the audit log's chain: every seal follows
from the one before, and the newest seal kept outside the database (and in the backups) is
still in the chain."""

from __future__ import annotations

from sqlalchemy import exc, text

from unionapp.audit import chain
from unionapp.database import Database
from unionapp.db import sqlite
from unionapp.db.errors import DatabaseError
from unionapp.safety.backups import key_for_file, list_backups
from unionapp.safety.findings import Finding, Kind

__all__ = ["Finding", "Kind", "check_audit", "check_database", "ensure_sound"]

BACKUPS_COMPARED = 3


def check_database(database: Database, *, quick: bool = False) -> list[Finding]:
    """What is wrong, in Chinese; an empty list means the database is sound. ``quick`` runs
    SQLite's quick check only (the window does it at every start); on PostgreSQL, the
    connection and the revision."""
    findings: list[Finding] = []
    if database.path is None:
        from unionapp.safety.server_checks import check_server

        try:
            with database.read() as session:
                findings += check_server(session.connection(), quick=quick)
        except DatabaseError as error:  # the server went away or refused
            return [Finding(Kind.SERVER, f"无法检查数据库：{error}")]
        if quick:
            return findings
    else:
        pragma = "quick_check" if quick else "integrity_check"
        with database.read() as session:
            rows = [row[0] for row in session.execute(text(f"PRAGMA {pragma}"))]
            if rows != ["ok"]:
                findings += [Finding(Kind.DAMAGED, f"数据库结构损坏：{row}") for row in rows[:20]]
                return findings
            if quick:
                return findings
            for table, rowid, parent, _index in session.execute(text("PRAGMA foreign_key_check")):
                findings.append(
                    Finding(Kind.REFERENCES, f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
                )
    if not quick:
        findings += check_audit(database)
    return findings


def ensure_sound(session) -> None:  # type: ignore[no-untyped-def]
    """Refuse to write into a damaged file (SQLite only notices damage in pages it touches)."""
    if session.connection().dialect.name != "sqlite":
        return
    from unionapp.db.engine import CORRUPT, NOTADB, driver_error_code
    from unionapp.db.errors import DatabaseDamaged

    try:
        rows = [row[0] for row in session.execute(text("PRAGMA quick_check"))]
    except exc.DBAPIError as error:  # a page so damaged the check itself cannot read it
        if driver_error_code(error) not in (CORRUPT, NOTADB):
            raise
        rows = ["数据库结构无法读取"]
    if rows != ["ok"]:
        raise DatabaseDamaged(f"数据库文件已损坏（{rows[0]}），未写入任何数据；请从备份恢复")


def check_audit(database: Database) -> list[Finding]:
    key = database.key.audit_key() if database.key else None
    with database.read() as session:
        connection = session.connection()
        verdict = chain.verify(chain.entries(connection), key)
        if verdict.broken_at is not None:
            return [
                Finding(
                    Kind.AUDIT, f"操作日志第 {verdict.broken_at} 条起被改动或删除过（校验链断开）"
                )
            ]
        findings = _against_anchor(database, verdict.head, connection)
    if database.path is not None:
        findings += _against_backups(database, verdict.head)
    return findings


def _seal_at(connection, entry_id: int) -> str | None:  # type: ignore[no-untyped-def]
    return connection.execute(
        chain.TABLE.select()
        .with_only_columns(chain.TABLE.c.hash)
        .where(chain.TABLE.c.id == entry_id)
    ).scalar()


def _against_anchor(database: Database, head: chain.Head, connection) -> list[Finding]:  # type: ignore[no-untyped-def]
    if database.anchors is None:
        return []
    anchor = database.anchors.get(database.display_name)
    if anchor is None:
        return []
    if anchor.database_id and database.database_id and anchor.database_id != database.database_id:
        return [
            Finding(Kind.AUDIT, "这个位置上的数据库已不是本机上次使用的那一个（可能被整个替换过）")
        ]
    if anchor.id > head.id:
        return [
            Finding(
                Kind.AUDIT, f"操作日志被截短：本机记录到第 {anchor.id} 条，现在只到第 {head.id} 条"
            )
        ]
    if _seal_at(connection, anchor.id) != anchor.hash:
        return [
            Finding(
                Kind.AUDIT,
                f"操作日志第 {anchor.id} 条及以前的记录被改写过（与本机保存的校验值不符）",
            )
        ]
    return []


def _against_backups(database: Database, head: chain.Head) -> list[Finding]:
    """The newest backups' logs must be a beginning of the current one."""
    assert database.path is not None
    findings: list[Finding] = []
    for backup in list_backups(database.path)[:BACKUPS_COMPARED]:
        key = key_for_file(backup.path, database.keyring)
        try:
            connection = sqlite.connect_reading(backup.path, key)
        except sqlite.Error:
            continue
        try:
            row = connection.execute(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"
            ).fetchone()
        except sqlite.Error:
            continue
        finally:
            connection.close()
        if not row or not row[1] or row[0] > head.id:
            continue
        with database.read() as session:
            seal = _seal_at(session.connection(), row[0])
        if seal != row[1]:
            findings.append(
                Finding(
                    Kind.AUDIT,
                    f"操作日志与备份“{backup.path.name}”不一致：第 {row[0]} 条及以前的记录被改写过",
                )
            )
            break
    return findings
