"""Alembic revisions applied at open, after a copy of the file is taken aside.

On SQLite the whole upgrade is one transaction (we emit BEGIN ourselves), so a kill half-way
leaves the file at its old revision; the copy taken before (``NAME.before-REV-….sqlite3``,
owner-only, under the file's own key) is for the clerk, should the new version disappoint.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, exc

from unionapp.db.copying import copy_sqlite
from unionapp.db.engine import server_engine, sqlite_engine, translate
from unionapp.db.errors import DatabaseError
from unionapp.db.keys import CipherKey
from unionapp.db.paths import Location
from unionapp.db.revision import HEAD_REVISION

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def alembic_revisions() -> list[str]:
    """Alembic's history, oldest first (a test compares it with ``revision.REVISIONS``)."""
    script = ScriptDirectory.from_config(alembic_config())
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def before_copy_path(path: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.before-{HEAD_REVISION}-{stamp}{path.suffix}")


def upgrade_to_head(
    location: Location, key: CipherKey | None = None, *, revision: str | None = None
) -> Path | None:
    """Bring the database to the newest revision; returns the pre-migration copy, if any.

    ``revision`` is the file's current one (None for a new, empty file: nothing to copy).
    """
    copy: Path | None = None
    if location.path is not None:
        if revision is not None:
            copy = copy_sqlite(location.path, before_copy_path(location.path), key)
        engine = sqlite_engine(location.path, key, pooled=False)
    else:
        engine = server_engine(location.url or "")
    try:
        _upgrade(engine, sqlite_file=location.path is not None)
    except exc.DBAPIError as error:
        raise DatabaseError(f"数据库升级失败，原数据库未改动：{translate(error)}") from error
    finally:
        engine.dispose()
    return copy


def _upgrade(engine: Engine, *, sqlite_file: bool) -> None:
    with engine.connect() as conn:
        if sqlite_file:
            # Batch migrations rebuild tables; foreign keys must be off while they do.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        # One transaction for every step: begun here, so Alembic (which on SQLite would commit
        # after each revision) runs inside it; a kill leaves the file at its old revision.
        with conn.begin():
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
