"""A database on a server (PostgreSQL): opened by URL, migrated in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import exc, inspect, text

from unionapp.db.engine import server_engine, sqlstate, translate
from unionapp.db.errors import DatabaseError, NewerDatabase, NotOurDatabase
from unionapp.db.paths import Location
from unionapp.db.revision import HEAD_REVISION, REVISIONS

if TYPE_CHECKING:
    from unionapp.audit.anchors import AnchorStore
    from unionapp.database import Database


def open_server(
    location: Location, *, read_only: bool, operator: str, anchors: AnchorStore
) -> Database:
    from unionapp.database import Database, _finish

    engine = server_engine(location.url or "")
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except exc.DBAPIError as error:
        engine.dispose()
        raise _unreachable(location, error) from error
    if revision is None and tables - {"alembic_version"}:
        engine.dispose()
        raise NotOurDatabase("这个数据库里已有其他程序的表，不是工会工作台的数据库；未作任何改动")
    if revision is not None and revision not in REVISIONS:
        engine.dispose()
        raise NewerDatabase("这个数据库由更新版本的工会工作台写入，当前版本无法打开；请升级程序")
    if revision != HEAD_REVISION:
        if read_only:
            engine.dispose()
            raise DatabaseError("这个数据库需要升级，只读方式下不能升级")
        from unionapp.db.migrate import upgrade_to_head

        upgrade_to_head(location)
    database = Database(location, engine, read_only=read_only, operator=operator, anchors=anchors)
    _finish(database)
    return database


def _unreachable(location: Location, error: exc.DBAPIError) -> DatabaseError:
    """Why the server could not be used: its own reason (SQLSTATE) when it answered, else
    where we tried and the driver's first line."""
    if sqlstate(error) is not None:
        return translate(error)
    detail = str(error.orig).strip().splitlines()
    return DatabaseError(
        f"无法连接数据库服务器“{location.short_name}”：请检查网络、地址和端口"
        + (f"（{detail[0]}）" if detail else "")
    )
