"""Setting up the district's PostgreSQL database and its offices (``server init``,
``server add-office``): the program's schema, then the district layer (district_sql)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import make_url

from unionapp.db.engine import server_engine
from unionapp.db.errors import DatabaseError
from unionapp.db.revision import HEAD_REVISION, sync_schema
from unionapp.models.ids import uuid7
from unionapp.sync import district_sql as sql
from unionapp.sync.errors import SyncRefused

CODE = re.compile(r"[A-Za-z][A-Za-z0-9]{1,15}")
TRIGRAM_PROBE = "张三丰"


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    url: str  # postgresql+psycopg://ROLE:PASSWORD@HOST:PORT/DB


def _postgresql(url: str) -> None:
    try:
        backend = make_url(url).get_backend_name()
    except Exception as error:  # any unreadable address is the same refusal
        raise SyncRefused(f"无法识别的数据库地址：{error}") from error
    if backend != "postgresql":
        raise SyncRefused("区总工会服务器须为 PostgreSQL 数据库（postgresql+psycopg://…）")


def _check_locale(conn: Connection) -> None:
    """pg_trgm splits Chinese into trigrams only where the database's character classes know
    Chinese letters (a UTF-8 locale such as C.UTF-8 or zh_CN.UTF-8; not the ``C`` locale)."""
    conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    trigrams = conn.execute(text("SELECT show_trgm(:probe)"), {"probe": TRIGRAM_PROBE}).scalar()
    if not trigrams:
        ctype = conn.execute(text("SHOW lc_ctype")).scalar()
        raise SyncRefused(
            f"这个数据库的字符分类（lc_ctype = {ctype}）不能为中文建立检索索引（{TRIGRAM_PROBE}"
            "切不出三元组）；请用 UTF-8 区域（如 C.UTF-8 或 zh_CN.UTF-8）新建数据库："
            "CREATE DATABASE … TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' "
            "LC_COLLATE 'C.UTF-8'"
        )


def _unique_constraints(conn: Connection, table: str) -> dict[tuple[str, ...], str]:
    found = {}
    for constraint in inspect(conn).get_unique_constraints(table):
        found[tuple(constraint["column_names"])] = constraint["name"]
    return found


def _per_office_keys(conn: Connection) -> list[str]:
    """Natural keys unique within each office rather than the whole district."""
    statements = []
    for table in sql.OWNED:
        present = _unique_constraints(conn, table)
        wanted = list(sql.PER_OFFICE_UNIQUE.get(table, []))
        if table in sql.tables.ORDER:
            wanted.append(("uid",))
        for columns in wanted:
            name = f"uq_{table}_office_{'_'.join(columns)}"
            if ("office", *columns) in present:
                continue
            if columns in present:
                statements.append(f"ALTER TABLE {table} DROP CONSTRAINT {present[columns]}")
            statements.append(
                f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE (office, {', '.join(columns)})"
            )
    for table, columns in sql.PER_OFFICE_KEYS.items():
        key = inspect(conn).get_pk_constraint(table)
        if key["constrained_columns"] != ["office", *columns]:
            statements += [
                f"ALTER TABLE {table} DROP CONSTRAINT {key['name']}",
                f"ALTER TABLE {table} ADD CONSTRAINT pk_{table} "
                f"PRIMARY KEY (office, {', '.join(columns)})",
            ]
    return statements


def _run(conn: Connection, statement: str) -> None:
    """A DDL script as it is, in the connection's transaction (no placeholders: its ``%I``
    belong to PL/pgSQL's format())."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


def _roles(conn: Connection) -> None:
    for role in (sql.OFFICES, sql.DISTRICT):
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        if exists.first() is None:
            conn.execute(text(f"CREATE ROLE {role} NOLOGIN"))


def init_server(url: str) -> str:
    """Create or upgrade the district database; returns its identity. Running it again
    changes nothing."""
    _postgresql(url)
    from unionapp.database import open_database

    engine = server_engine(url)
    try:
        with engine.begin() as conn:
            _check_locale(conn)
        database = open_database(url, create=True)  # the program's schema, migrated
        database.close()
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(7226)"))  # one init at a time
            _roles(conn)
            for statement in (sql.FOUNDATION, sql.STAMP, sql.CAPTURE, sql.links_sql()):
                _run(conn, statement)
            for table in sql.OWNED:
                for statement in sql.table_sql(table):
                    _run(conn, statement)
            for statement in _per_office_keys(conn):
                _run(conn, statement)
            _run(conn, sql.OTHER_OFFICE)
            for statement in sql.own_tables_sql():
                _run(conn, statement)
            app_tables = [  # a PC's own sync address has no business on the server
                t
                for t in inspect(conn).get_table_names()
                if t not in ("alembic_version", "sync_address")
            ]
            for statement in sql.grants_sql(app_tables):
                _run(conn, statement)
            conn.execute(
                text(
                    "INSERT INTO district (id, server_id, layer, sync_schema, sync_revision) "
                    "VALUES (1, :id, :layer, :schema, :revision) ON CONFLICT (id) DO UPDATE "
                    "SET layer = excluded.layer, sync_schema = excluded.sync_schema, "
                    "sync_revision = excluded.sync_revision"
                ),
                {
                    "id": uuid7(),
                    "layer": sql.LAYER,
                    "schema": sync_schema(HEAD_REVISION),
                    "revision": HEAD_REVISION,  # a later migration alone leaves this behind
                },
            )
            return str(conn.execute(text("SELECT server_id FROM district")).scalar())
    except DatabaseError:
        raise
    except Exception as error:
        from sqlalchemy import exc

        if isinstance(error, exc.DBAPIError):
            raise DatabaseError(f"设置区总工会数据库失败，未作改动：{error.orig}") from error
        raise
    finally:
        engine.dispose()


def add_office(url: str, code: str, name: str) -> Office:
    """A new office: its own PostgreSQL role (a random password), member of the offices'
    role; returns the address its PCs sync with."""
    _postgresql(url)
    if not CODE.fullmatch(code):
        raise SyncRefused("街道代码须以字母开头，由 2 到 16 个字母或数字组成（如 JN、MoLing2）")
    name = " ".join(name.split())
    if not name or len(name) > 60:
        raise SyncRefused("街道工会名称不能为空，最多 60 个字")
    # Roles belong to the whole PostgreSQL cluster: the database's name keeps two districts
    # (or a test's databases) on one server apart.
    database_name = re.sub(r"[^a-z0-9]+", "_", (make_url(url).database or "").lower())
    role = f"unionapp_{database_name}_{code.lower()}"[:63]
    password = secrets.token_urlsafe(18)
    engine = server_engine(url)
    try:
        with engine.begin() as conn:
            if conn.execute(text("SELECT 1 FROM district")).first() is None:
                raise SyncRefused("这个数据库还没有设置为区总工会数据库；请先运行 server init")
            taken = conn.execute(
                text("SELECT 1 FROM office WHERE lower(code) = lower(:c)"), {"c": code}
            )
            if taken.first() is not None:
                raise SyncRefused(f"街道代码“{code}”已经有了；每个街道工会一个代码")
            _run(conn, f"CREATE ROLE {role} LOGIN PASSWORD '{password}' IN ROLE {sql.OFFICES}")
            conn.execute(
                text("INSERT INTO office (code, name, role) VALUES (:c, :n, :r)"),
                {"c": code, "n": name, "r": role},
            )
    except SyncRefused:
        raise
    except Exception as error:
        from sqlalchemy import exc

        if isinstance(error, exc.DBAPIError):
            raise DatabaseError(f"无法新增街道工会：{error.orig}") from error
        raise
    finally:
        engine.dispose()
    office_url = make_url(url).set(username=role, password=password)
    return Office(code, name, office_url.render_as_string(hide_password=False))
