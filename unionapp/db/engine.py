"""SQLAlchemy engines over SQLite files (through SQLCipher's driver) and PostgreSQL URLs, and
the translation of driver failures into the errors the clerk reads.

SQLite's driver delays BEGIN on its own; we turn that off at connect and emit BEGIN ourselves
(``BEGIN IMMEDIATE`` for writes) as the SQLAlchemy pysqlite recipe shows, so that savepoints
and migrations behave and a writer never fails half-way on a lock upgrade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.pool import NullPool, QueuePool

from unionapp.db import sqlite
from unionapp.db.errors import DatabaseBusy, DatabaseDamaged, DatabaseError
from unionapp.db.keys import CipherKey

WRITE_OPTION = "unionapp_write"

# SQLite's primary result codes (the low byte of the extended code the driver reports).
BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def sqlite_engine(
    path: Path,
    key: CipherKey | None,
    *,
    read_only: bool = False,
    pooled: bool = True,
    immutable: bool = False,
    wal: bool = True,
) -> Engine:
    """An engine whose every connection has the key, foreign keys, WAL (unless ``wal`` is
    False: a copy being prepared) and synchronous=FULL."""

    def connect() -> Any:
        return sqlite.connect(path, key, read_only=read_only, immutable=immutable)

    engine = create_engine(
        "sqlite://",
        module=sqlite.driver,
        creator=connect,
        poolclass=QueuePool if pooled else NullPool,
    )

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not read_only and wal:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def server_engine(url: str) -> Engine:
    try:
        return create_engine(url, pool_pre_ping=True)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as error:
        raise DatabaseError(f"无法使用数据库地址：{error}") from error


def driver_error_code(error: BaseException) -> int | None:
    """SQLite's primary result code of a driver error (wrapped by SQLAlchemy or not)."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def translate(error: BaseException) -> DatabaseError:
    """A driver failure as the clerk should read it, decided on SQLite's result code."""
    code = driver_error_code(error)
    original = getattr(error, "orig", None) or error
    if code in (BUSY, LOCKED):
        return DatabaseBusy("数据库正被另一个程序占用，请稍后再试")
    if code == READONLY:
        return DatabaseError("数据库文件是只读的（或在只读的U盘、光盘上），无法保存修改")
    if code == FULL:
        return DatabaseError("磁盘已满，修改未保存；请清理磁盘空间后重试")
    if code in (IOERR, CANTOPEN):
        return DatabaseError("无法读写数据库文件（U盘是否已拔出？），修改未保存")
    if code in (CORRUPT, NOTADB):
        return DatabaseDamaged("数据库文件已损坏，请从备份恢复（文件 > 从备份恢复…）")
    return DatabaseError(f"数据库操作失败：{original}")


def is_driver_error(error: BaseException) -> bool:
    return isinstance(error, (exc.DBAPIError, sqlite.Error))
