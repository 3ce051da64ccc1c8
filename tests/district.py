"""A district on the tests' private PostgreSQL server: a database set up by ``server init``
(copied per test from one set up once), offices added per test, and PCs as SQLite files. The
fixtures ``district_template`` and ``district`` are registered in tests/conftest.py, for the
core's tests and the window's."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text

from tests.pg_server import PostgresServer
from unionapp.database import Database, open_database
from unionapp.sync.district import Office, add_office, init_server

DISTRICT_TEMPLATE = "unionapp_district_template"
_names = itertools.count(1)


@dataclass
class District:
    server: PostgresServer
    name: str
    folder: Path
    template_db: Path
    opened: list[Database] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url(self.name)

    def office(self, code: str, name: str) -> Office:
        return add_office(self.url, code, name)

    def pc(self, name: str) -> Database:
        """A PC's own database: a fresh SQLite file."""
        path = self.folder / f"{name}.sqlite3"
        shutil.copyfile(self.template_db, path)
        database = open_database(str(path), operator=name)
        self.opened.append(database)
        return database

    def direct(self, office: Office, operator: str = "直连") -> Database:
        """A clerk of ``office`` working on the server itself (direct mode)."""
        return self.direct_url(office.url, operator)

    def direct_url(self, url: str, operator: str = "直连") -> Database:
        database = open_database(url, operator=operator)
        self.opened.append(database)
        return database

    def admin(self, sql: str, **params: object) -> list[tuple]:
        engine = create_engine(self.url)
        try:
            with engine.begin() as conn:
                result = conn.execute(text(sql), params)
                return [tuple(row) for row in result] if result.returns_rows else []
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def district_template(pg_server: PostgresServer, pg_template: str) -> str:
    pg_server.create_database(DISTRICT_TEMPLATE, template=pg_template)
    init_server(pg_server.url(DISTRICT_TEMPLATE))
    return DISTRICT_TEMPLATE


@pytest.fixture
def district(
    pg_server: PostgresServer, district_template: str, tmp_path: Path, template_db: Path
) -> Iterator[District]:
    name = f"unionapp_district_{next(_names)}"
    pg_server.create_database(name, template=district_template)
    made = District(pg_server, name, tmp_path, template_db)
    yield made
    for database in made.opened:
        database.close()
    pg_server.drop_database(name)
    with pg_server.admin() as connection:
        roles = connection.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"unionapp_{name}_%",)
        ).fetchall()
        for (role,) in roles:
            connection.execute(psycopg.sql.SQL("DROP ROLE {}").format(psycopg.sql.Identifier(role)))
