"""SQLAlchemy engines over SQLite files (through SQLCipher's driver) and PostgreSQL URLs, and
the translation of driver failures into the errors the clerk reads (decided on SQLite's result
code, or PostgreSQL's SQLSTATE).

SQLite's driver delays BEGIN on its own; we turn that off at connect and emit BEGIN ourselves
(``BEGIN IMMEDIATE`` for writes) as the SQLAlchemy pysqlite recipe shows, so that savepoints
and migrations behave and a writer never fails half-way on a lock upgrade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, UniqueConstraint, create_engine, event, exc
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
        hide_parameters=True,  # an error's text never carries a record's values (ID numbers)
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


# PostgreSQL: write transactions take this advisory lock first, so they follow one another as
# SQLite's BEGIN IMMEDIATE makes them: what a save reads before it writes (a unique value, the
# next archive number, the head of the audit log's chain) cannot change under it. Readers never
# wait. The key is "unionapp" in ASCII, as a positive bigint.
WRITE_LOCK_KEY = 0x756E696F6E617070 & 0x7FFFFFFFFFFFFFFF
WRITE_WAIT_MS = 30_000  # then the save is refused as busy (SQLite waits 5 s)


def take_write_lock(connection: Any) -> None:
    """Wait for (and hold until the transaction ends) the lock writers share on PostgreSQL."""
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def server_engine(url: str) -> Engine:
    try:
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError, ValueError) as error:
        # not the error's text: it repeats the address, password included
        raise DatabaseError(
            "无法使用数据库地址：格式不对或不是支持的数据库（应为 postgresql+psycopg://…）"
        ) from error

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {WRITE_WAIT_MS}")
            take_write_lock(conn)

    return engine


def sqlstate(error: BaseException) -> str | None:
    """PostgreSQL's SQLSTATE of a driver error (wrapped by SQLAlchemy or not)."""
    original = getattr(error, "orig", None) or error
    state = getattr(original, "sqlstate", None)
    return state if isinstance(state, str) else None


def unique_violation(error: BaseException, table: Table) -> str | None:
    """The first column of ``table``'s unique constraint or index that ``error`` (PostgreSQL)
    says was violated, or None (another error, table or constraint; SQLite does not say)."""
    if sqlstate(error) != "23505":
        return None
    original = getattr(error, "orig", None) or error
    diag = getattr(original, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if not name or getattr(diag, "table_name", None) != table.name:
        return None
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.name == name:
            return next(iter(constraint.columns)).name
    for index in table.indexes:
        if index.unique and index.name == name:
            return next(iter(index.columns)).name
    return None


# PostgreSQL's SQLSTATE classes and codes, as the clerk should read them.
_SERVER_BUSY = {"40001", "40P01", "55P03", "55006"}  # serialization, deadlock, lock not available


def _translate_server(state: str, original: object) -> DatabaseError:
    if state in _SERVER_BUSY:
        return DatabaseBusy("数据库正忙：同事正在修改同一批记录，这次修改未保存，请稍后重试")
    if state == "23505":
        return DatabaseError(
            "保存失败：与已有记录重复（可能是同事刚刚保存了相同的内容），请刷新后核对"
        )
    if state == "23503":
        return DatabaseError(
            "保存失败：相关联的记录刚刚被修改或删除（可能是同事同时操作），修改未保存；请刷新后重试"
        )
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return DatabaseError("与数据库服务器的连接断开了，修改未保存；请检查网络后重试")
    if state == "57014":
        return DatabaseError("数据库操作超时被取消，修改未保存；请稍后重试")
    if state in ("53100", "53000"):
        return DatabaseError("数据库服务器磁盘已满，修改未保存；请联系管理服务器的同事")
    if state == "25006":
        return DatabaseError("数据库服务器目前只允许读取，修改未保存；请联系管理服务器的同事")
    if state == "42501":
        return DatabaseError("没有权限进行这项操作；请联系管理数据库服务器的同事（区总工会）")
    if state.startswith("28"):
        return DatabaseError("数据库服务器拒绝登录：用户名或密码不正确")
    if state == "3D000":
        return DatabaseError("数据库服务器上没有这个数据库，请核对数据库地址")
    return DatabaseError(f"数据库操作失败：{driver_text(original)}")


def driver_text(original: object) -> str:
    """A driver error's own sentence, without the details PostgreSQL adds (its DETAIL repeats
    the failing row's values: ID and phone numbers)."""
    diag = getattr(original, "diag", None)
    primary = getattr(diag, "message_primary", None)
    return primary if isinstance(primary, str) and primary else str(original).split("\n")[0]


def driver_error_code(error: BaseException) -> int | None:
    """SQLite's primary result code of a driver error (wrapped by SQLAlchemy or not)."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def translate(error: BaseException) -> DatabaseError:
    """A driver failure as the clerk should read it, decided on SQLite's result code or on
    PostgreSQL's SQLSTATE."""
    code = driver_error_code(error)
    original = getattr(error, "orig", None) or error
    state = sqlstate(error)
    if state is not None:
        return _translate_server(state, original)
    if getattr(error, "connection_invalidated", False):
        return DatabaseError("与数据库服务器的连接断开了，修改未保存；请检查网络后重试")
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
    return DatabaseError(f"数据库操作失败：{driver_text(original)}")


def is_driver_error(error: BaseException) -> bool:
    return isinstance(error, (exc.DBAPIError, sqlite.Error))
