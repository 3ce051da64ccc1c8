"""Restore from a backup: the database taken for this alone, the current data kept, the backup's
records put in place in one transaction, the audit log kept and told what happened.

The restore waits for any writer (an import) to finish and then holds the write lock: the copy
kept of the current data ("before-restore") is what was there when the restore took the
database, and nothing can slip in between. The backup is first brought to this program's schema
in a private temporary copy; then, table by table, its rows replace the current ones. The
audit log is not replaced: the restore is added to it, with what it undid (records removed,
brought back and changed, per table).
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from unionapp.audit import chain
from unionapp.audit.anchors import Anchor, AnchorStore
from unionapp.db import sqlite
from unionapp.db.copying import copy_sqlite
from unionapp.db.engine import WRITE_OPTION, sqlite_engine, translate
from unionapp.db.errors import DatabaseBusy, DatabaseError
from unionapp.db.keys import CipherKey, Keyring
from unionapp.db.migrate import upgrade_to_head
from unionapp.db.paths import Location
from unionapp.db.revision import HEAD_REVISION, read_facts
from unionapp.safety.backups import backups_folder, check_backup_file, key_for_file
from unionapp.safety.encryption import current_key
from unionapp.system.files import partial_path, replace

KEPT_TABLES = {"audit_log"}  # what a restore never replaces
WAIT_MS = 120_000  # a large import may hold the write lock for a while; the restore waits
ID_LIST_LIMIT = 200


def kept_copy_path(database: Path, now: datetime) -> Path:
    name = f"{database.stem}.before-restore-{now:%Y%m%d-%H%M%S}.sqlite3"
    return backups_folder(database) / name


def restore_from(
    database: Path,
    source: Path,
    keyring: Keyring | None = None,
    *,
    operator: str = "",
    anchors: AnchorStore | None = None,
    now: datetime | None = None,
) -> Path:
    """Put ``source`` in place of the data in ``database``; returns the copy kept of the data
    as it was. The caller makes sure no other copy of the program has the database open."""
    problems = check_backup_file(source, keyring)
    if problems:
        raise DatabaseError("；".join(problems) + "。当前数据库未作改动。")
    now = now or datetime.now()
    key = current_key(database, keyring) if database.exists() else None
    if not _sound(database, key):
        return _replace_file(database, source, keyring, key, now)
    staged = _staged(database, source, keyring, key)
    try:
        return _replace_rows(database, staged, key, operator, anchors, now, source)
    finally:
        staged.unlink(missing_ok=True)


def _sound(database: Path, key: CipherKey | None) -> bool:
    """Whether the current file can be restored into row by row (else it is replaced whole)."""
    if not database.exists() or database.stat().st_size == 0:
        return False
    try:
        connection = sqlite.connect_reading(database, key)
    except sqlite.Error:
        return False
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite.Error:
        return False
    finally:
        connection.close()
    return rows == [("ok",)] and {"alembic_version", "audit_log"} <= tables


def _replace_file(
    database: Path, source: Path, keyring: Keyring | None, key: CipherKey | None, now: datetime
) -> Path:
    """A damaged (or missing) database: keep its bytes as they are, then put the backup in its
    place whole (its own audit log comes with it; the damaged one is in the kept copy)."""
    import shutil

    from unionapp.system.files import writing

    kept = kept_copy_path(database, now)
    kept.parent.mkdir(parents=True, exist_ok=True)
    for original, copy in ((database, kept), (_wal(database), kept.with_name(kept.name + ".wal"))):
        if original.exists():  # the damaged file's bytes, as they are (its WAL beside them)
            with writing(copy) as temp, original.open("rb") as old, temp.open("wb") as new:
                shutil.copyfileobj(old, new)
    for stale in (_wal(database), database.with_name(database.name + "-shm")):
        stale.unlink(missing_ok=True)  # never to be applied to the restored file
    wanted = key if key is not None else key_for_file(source, keyring)
    staged = _staged(database, source, keyring, wanted)
    try:
        replace(staged, database)
    finally:
        staged.unlink(missing_ok=True)
    return kept


def _wal(database: Path) -> Path:
    return database.with_name(database.name + "-wal")


def _staged(database: Path, source: Path, keyring: Keyring | None, key: CipherKey | None) -> Path:
    """The backup at this program's schema, in a private partial file under the database's
    key (removed at the next start should the restore be killed)."""
    staged = partial_path(backups_folder(database) / f"{database.stem}.restoring.sqlite3")
    staged.parent.mkdir(parents=True, exist_ok=True)
    source_key = key_for_file(source, keyring)
    connection = sqlite.connect_reading(source, source_key)
    try:
        if source_key == key:
            copy_sqlite(connection, staged, key)
        else:  # a backup under another key (or none): re-encrypt it into the staged copy
            from unionapp.safety.encryption import _export
            from unionapp.system.files import create_private

            staged.unlink(missing_ok=True)
            create_private(staged)
            _export(connection, staged, key)
    finally:
        connection.close()
    facts = read_facts(staged, key)
    if facts.revision != HEAD_REVISION:
        upgrade_to_head(Location(path=staged), key, revision=None)
    return staged


def _replace_rows(
    database: Path,
    staged: Path,
    key: CipherKey | None,
    operator: str,
    anchors: AnchorStore | None,
    now: datetime,
    source: Path,
) -> Path:
    engine = sqlite_engine(database, key, pooled=False)
    engine.update_execution_options(**{WRITE_OPTION: True})
    kept = kept_copy_path(database, now)
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            raw.execute(f"PRAGMA busy_timeout={WAIT_MS}")
            raw.execute("PRAGMA foreign_keys=OFF")
            clause = key.attach_clause() if key is not None else "KEY ''"
            raw.execute(f"ATTACH DATABASE ? AS staged {clause}", (str(staged),))
            try:
                with conn.begin():  # BEGIN IMMEDIATE: waits for a writer, then holds the lock
                    _keep_current(database, key, kept)
                    undone = _swap(conn)
                    _record(conn, key, operator, now, source, undone)
                    head = chain.head(conn)
                    database_id = (
                        conn.execute(
                            text("SELECT value FROM setting WHERE key = 'database_id'")
                        ).scalar()
                        or ""
                    )
            finally:
                with contextlib.suppress(Exception):
                    raw.execute("DETACH DATABASE staged")
    except DatabaseError:
        raise
    except Exception as error:
        busy = translate(error)
        if isinstance(busy, DatabaseBusy):
            raise DatabaseBusy(
                "数据库一直被其他程序占用（如正在进行的导入），未能恢复；请稍后再试"
            ) from error
        raise DatabaseError(f"恢复失败，当前数据库未作改动：{busy}") from error
    finally:
        engine.dispose()
    if anchors is not None:
        anchors.put(str(database), Anchor(database_id, head.id, head.hash), forward_only=False)
    return kept


def _keep_current(database: Path, key: CipherKey | None, kept: Path) -> None:
    """Copy the committed data through a second connection (the first holds the write lock;
    SQLite's backup cannot read from a connection in a write transaction)."""
    reader = sqlite.connect(database, key, read_only=True)
    try:
        copy_sqlite(reader, kept, key)
    finally:
        reader.close()


def _tables(conn: Connection, schema: str) -> list[str]:
    rows = conn.exec_driver_sql(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [row[0] for row in rows]


def _columns(conn: Connection, table: str) -> str:
    names = [row[1] for row in conn.exec_driver_sql(f'PRAGMA main.table_info("{table}")')]
    return ", ".join(f'"{name}"' for name in names)


def _swap(conn: Connection) -> dict[str, dict[str, Any]]:
    """Replace every table's rows by the staged copy's; returns what changed, per table."""
    undone: dict[str, dict[str, Any]] = {}
    for table in _tables(conn, "main"):
        if table in KEPT_TABLES:
            continue
        columns = _columns(conn, table)
        undone[table] = _difference(conn, table, columns)
        conn.exec_driver_sql(f'DELETE FROM main."{table}"')
        conn.exec_driver_sql(
            f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM staged."{table}"'
        )
    return {table: found for table, found in undone.items() if any(found.values())}


def _difference(conn: Connection, table: str, columns: str) -> dict[str, Any]:
    """Rows the restore removes, brings back and changes (by id where the table has one)."""
    current = f'SELECT {columns} FROM main."{table}"'
    staged = f'SELECT {columns} FROM staged."{table}"'
    if '"id"' not in columns.split(", "):
        return {
            "changed": conn.exec_driver_sql(
                f"SELECT count(*) FROM ({current} EXCEPT {staged})"
            ).scalar()
        }

    def ids(sql: str) -> list[int]:
        return [row[0] for row in conn.exec_driver_sql(sql)]

    removed = ids(f'SELECT id FROM main."{table}" EXCEPT SELECT id FROM staged."{table}"')
    returned = ids(f'SELECT id FROM staged."{table}" EXCEPT SELECT id FROM main."{table}"')
    changed = ids(
        f'SELECT id FROM ({current} EXCEPT {staged}) WHERE id IN (SELECT id FROM staged."{table}")'
    )
    return {"removed": removed, "returned": returned, "changed": changed}


def _record(
    conn: Connection,
    key: CipherKey | None,
    operator: str,
    now: datetime,
    source: Path,
    undone: dict[str, dict[str, Any]],
) -> None:
    import json

    summary: dict[str, Any] = {"file": [None, source.name]}
    for table, found in undone.items():
        summary[table] = [
            None,
            {
                kind: (
                    values
                    if isinstance(values, int)
                    else {"count": len(values), "ids": values[:ID_LIST_LIMIT]}
                )
                for kind, values in found.items()
            },
        ]
    entry = {
        "at": now.replace(microsecond=0),
        "operator": operator,
        "table_name": "database",
        "row_id": 0,
        "action": "restore-file",
        "changes": json.dumps(summary, ensure_ascii=False),
    }
    chain.seal([entry], chain.head(conn), key.audit_key() if key else None)
    conn.execute(chain.TABLE.insert(), [entry])
