"""Alembic revisions applied at open, after a copy of the file is taken aside."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, exc, inspect

from unionapp.db.copying import copy_sqlite
from unionapp.db.engine import DatabaseError, make_engine
from unionapp.db.paths import sqlite_file

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


def _current(engine: Engine) -> tuple[set[str], set[str]]:
    """Current revisions and table names, with damaged files turned into clear errors."""
    try:
        with engine.connect() as conn:
            revisions = set(MigrationContext.configure(conn).get_current_heads())
            tables = set(inspect(conn).get_table_names())
    except exc.DatabaseError as error:
        text = str(error.orig)
        if "not a database" in text or "malformed" in text:
            raise DatabaseError("数据库文件已损坏或不是本程序的数据库，请从备份恢复") from error
        raise DatabaseError(f"无法打开数据库：{text}") from error
    return revisions, tables


def _refuse_unknown(revisions: set[str], tables: set[str]) -> None:
    known = {script.revision for script in _script().walk_revisions()}
    if revisions - known:
        raise DatabaseError(
            "这个数据库由更新版本的工会工作台写入，当前版本无法打开；请升级程序。数据库未作任何改动。"
        )
    if not revisions and tables - {"alembic_version"}:
        raise DatabaseError("这个 SQLite 文件不是工会工作台的数据库，未作任何改动")


def check_revision(engine: Engine) -> None:
    """Refuse a database that is newer than this program, or not one of ours."""
    revisions, tables = _current(engine)
    _refuse_unknown(revisions, tables)


def upgrade_to_head(url: str) -> Path | None:
    """Bring the database to the newest revision; returns the pre-migration copy, if any."""
    engine = make_engine(url, pooled=False)
    try:
        revisions, tables = _current(engine)
        _refuse_unknown(revisions, tables)
        if revisions == {head_revision()}:
            return None
        copy: Path | None = None
        path = sqlite_file(url)
        if revisions and path is not None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            copy = path.with_name(f"{path.stem}.before-{head_revision()}-{stamp}{path.suffix}")
            copy_sqlite(path, copy)
        with engine.connect() as conn:
            if path is not None:
                # Batch migrations rebuild tables; foreign keys must be off while they do.
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
            config = alembic_config(url)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
        return copy
    except exc.OperationalError as error:
        raise DatabaseError(f"数据库升级失败，原文件未改动：{error.orig}") from error
    finally:
        engine.dispose()
