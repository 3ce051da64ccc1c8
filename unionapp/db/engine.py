"""Open a database: pragmas, explicit BEGIN handling, migrations, clear refusals.

SQLite's stdlib driver delays BEGIN on its own; we turn that off at connect and emit BEGIN
ourselves (``BEGIN IMMEDIATE`` for writes) as the SQLAlchemy pysqlite recipe shows, so that
savepoints and migrations behave and a writer never fails half-way on a lock upgrade.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from unionapp.db.errors import DatabaseError
from unionapp.db.paths import resolve_database, sqlite_file
from unionapp.db.revision import HEAD_REVISION, sqlite_revision
from unionapp.services import audit

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
_WRITE_OPTION = "unionapp_write"


def _configure_sqlite(engine: Engine, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get(_WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def check_sqlite_header(path: Path) -> None:
    """Refuse a file that exists but is not an SQLite database (before SQLite touches it)."""
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseError(f"“{path}”是一个文件夹，不是数据库文件")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(f"无法读取数据库文件“{path}”：{error.strerror}") from error
    if head and head != SQLITE_HEADER:
        raise DatabaseError(f"“{path}”不是本程序的数据库文件（不是 SQLite 数据库）")


def _create_private_file(path: Path) -> None:
    """Create the database file readable by the owner only (0600 on POSIX)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(f"无法创建数据库文件夹“{path.parent}”：{error.strerror}") from error
    if path.exists():
        return
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise DatabaseError(f"无法创建数据库文件“{path}”：{error.strerror}") from error
    os.close(fd)


def make_engine(url: str, *, read_only: bool = False, pooled: bool = True) -> Engine:
    path = sqlite_file(url)
    if path is None:
        return create_engine(url, pool_pre_ping=True)
    connect_url = f"sqlite:///file:{path}?mode=ro&uri=true" if read_only else url
    engine = create_engine(
        connect_url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=None if pooled else NullPool,
    )
    _configure_sqlite(engine, read_only)
    return engine


@dataclass
class Database:
    """An open database: an engine and the sessions made from it."""

    url: str
    engine: Engine
    path: Path | None
    read_only: bool = False
    operator: str = ""
    _reader: sessionmaker[Session] = field(init=False, repr=False)
    _writer: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )
        audit.install(self._reader)
        audit.install(self._writer)

    @property
    def display_name(self) -> str:
        return str(self.path) if self.path else self.engine.url.render_as_string()

    def session(self) -> Session:
        """A plain session for reading; the caller frames any transaction."""
        session = self._reader()
        session.info["operator"] = self.operator
        return session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite): all of it is saved, or none."""
        if self.read_only:
            raise DatabaseError("数据库以只读方式打开，不能保存修改")
        session = self._writer()
        session.info["operator"] = self.operator
        try:
            with session.begin():
                yield session
        except exc.OperationalError as error:
            raise translate_operational_error(error) from error
        finally:
            session.close()

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        session = self.session()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def translate_operational_error(error: exc.OperationalError) -> DatabaseError:
    """Turn SQLite's low-level failures into a message the clerk can act on."""
    text = str(error.orig).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError("数据库正被另一个程序占用，请稍后再试")
    if "readonly" in text or "read-only" in text:
        return DatabaseError("数据库文件是只读的，无法保存修改")
    if "disk is full" in text or "full" in text:
        return DatabaseError("磁盘已满，修改未保存；请清理磁盘空间后重试")
    if "disk i/o" in text or "unable to open" in text:
        return DatabaseError("无法读写数据库文件（U盘是否已拔出？），修改未保存")
    if "malformed" in text or "not a database" in text:
        return DatabaseError("数据库文件已损坏，请从备份恢复")
    return DatabaseError(f"数据库操作失败：{error.orig}")


def open_database(
    target: str | None = None,
    *,
    create: bool = True,
    read_only: bool = False,
    operator: str = "",
) -> Database:
    """Open (and create or upgrade) the database named by path or URL.

    Raises :class:`DatabaseError` with a clear message for a file that is not a database, is
    damaged, was written by a newer version of the program, or cannot be created.
    """
    url = resolve_database(target)
    path = sqlite_file(url)
    if path is not None:
        check_sqlite_header(path)
        if not path.exists():
            if not create or read_only:
                raise DatabaseError(f"数据库文件“{path}”不存在")
            _create_private_file(path)
    current = path is not None and sqlite_revision(path) == HEAD_REVISION
    if not current and not read_only:
        from unionapp.db.migrate import upgrade_to_head  # Alembic loads only when needed

        upgrade_to_head(url)
    engine = make_engine(url, read_only=read_only)
    database = Database(url=url, engine=engine, path=path, read_only=read_only, operator=operator)
    try:
        with database.read() as session:
            session.connection().exec_driver_sql(
                "SELECT count(*) FROM sqlite_master" if path else "SELECT 1"
            )
    except exc.DatabaseError as error:
        engine.dispose()
        raise DatabaseError(f"无法打开数据库：{error.orig}") from error
    if not current:
        from unionapp.db.migrate import check_revision

        check_revision(database.engine)
    if operator == "":
        database.operator = _stored_operator(database)
    return database


def _stored_operator(database: Database) -> str:
    from unionapp.services.settings import get_setting

    with database.read() as session:
        return get_setting(session, "operator")
