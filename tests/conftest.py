"""Shared fixtures: a fresh SQLite file per test, copied from a template migrated once; a fresh
PostgreSQL database per test, created from a template database migrated once on a private
server (tests/pg_server.py); a private CUPS scheduler."""

from __future__ import annotations

import itertools
import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import tests.sandbox  # noqa: F401  (first: the user's folders become temporary ones)
from tests import pg_server as postgres
from tests.cups_server import CupsServer, start
from tests.district import district, district_template  # noqa: F401  (fixtures)
from tests.pg_server import PostgresServer
from tests.real_parts import required, tool
from unionapp.database import Database, open_database
from unionapp.services.records import make_context

TODAY = date(2024, 6, 15)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = open_database(str(path))
    database.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, template_db: Path) -> Path:
    path = tmp_path / "unionapp.sqlite3"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(str(db_path), operator="测试员")
    yield database
    database.close()


@pytest.fixture
def context_of():
    """make_context with a fixed today, so tests do not depend on the clock."""

    def make(session, **kwargs):
        kwargs.setdefault("today", TODAY)
        return make_context(session, **kwargs)

    return make


PASSWORD = "工会密码2024"


@pytest.fixture
def encrypted_db(db_path: Path) -> Iterator[Database]:
    """The test database encrypted with ``PASSWORD`` and opened with it."""
    from unionapp.safety.encryption import change_password

    change_password(db_path, None, PASSWORD)
    database = open_database(str(db_path), operator="测试员", password=PASSWORD)
    yield database
    database.close()


# --- A private CUPS scheduler (tests/cups_server.py), started when a test first asks ---------

_names = itertools.count(1)


@pytest.fixture(scope="session")
def cups_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CupsServer]:
    cupsd = tool("cupsd", "cups", "/usr/sbin")
    tool("lp", "cups-bsd or cups-client")
    tool("lpadmin", "cups-client", "/usr/sbin")
    server = start(tmp_path_factory.mktemp("cups"), cupsd)
    yield server
    server.stop()


@pytest.fixture
def cups(cups_server: CupsServer, monkeypatch: pytest.MonkeyPatch) -> CupsServer:
    """The scheduler, used by this test's ``lp`` (CUPS_SERVER), with no default queue."""
    monkeypatch.setenv("CUPS_SERVER", cups_server.socket)
    return cups_server


@pytest.fixture
def queue(cups: CupsServer) -> str:
    name = f"office{next(_names)}"
    cups.add_queue(name)
    return name


# --- A private PostgreSQL server (tests/pg_server.py), started when a test first asks -------------

PG_TEMPLATE = "unionapp_template"
_databases = itertools.count(1)


def pg_programs() -> Path:
    """The folder of initdb and postgres: Debian's newest versioned one, else PATH's."""
    for folder in map(Path, postgres.bin_folders()):
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    initdb = tool("initdb", "postgresql")
    return tool("postgres", "postgresql", str(initdb.parent)).parent


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    if sys.platform == "win32":  # the Windows build's own run, under Wine
        pytest.skip("the test server is Debian's postgresql, started on Linux")
    programs = pg_programs()
    reason = postgres.can_run_as_server_user()
    if reason is not None:
        if required():
            pytest.fail(reason)
        pytest.skip(reason)
    server = postgres.start(programs)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer) -> str:
    """A database migrated to the newest revision once; each test gets a copy of it."""
    pg_server.create_database(PG_TEMPLATE)
    database = open_database(pg_server.url(PG_TEMPLATE))
    database.close()
    return PG_TEMPLATE


@pytest.fixture
def pg_url(pg_server: PostgresServer, pg_template: str) -> Iterator[str]:
    """The URL of a fresh database of this test's own (CREATE DATABASE … TEMPLATE), dropped
    after it."""
    name = f"unionapp_test_{next(_databases)}"
    pg_server.create_database(name, template=pg_template)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    database = open_database(pg_url, operator="测试员")
    yield database
    database.close()
