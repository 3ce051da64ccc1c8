"""The core's tests run on both databases the program supports: every test using ``db`` runs
once on a fresh SQLite file and once on a fresh PostgreSQL database (``db[sqlite]``,
``db[postgresql]``). Tests about SQLite files themselves (encryption, file backups, WAL, kills,
media) are marked ``sqlite_only`` and run on SQLite alone; a test that asks for the file
(``db_path``, ``encrypted_db``) must say so, or collection fails."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from unionapp.database import Database, open_database

# The Windows build's own run (under Wine) has no PostgreSQL to start: SQLite alone there.
BACKENDS = ("sqlite",) if sys.platform == "win32" else ("sqlite", "postgresql")
FILE_FIXTURES = {"db_path", "encrypted_db"}


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    if request.param == "sqlite":
        path: Path = request.getfixturevalue("db_path")
        target = str(path)
    else:
        target = request.getfixturevalue("pg_url")
    database = open_database(target, operator="测试员")
    yield database
    database.close()


def backend_of(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("db") if callspec is not None else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    kept, dropped, unmarked = [], [], []
    for item in items:
        if backend_of(item) != "postgresql":
            kept.append(item)
        elif item.get_closest_marker("sqlite_only") is not None:
            dropped.append(item)
        elif FILE_FIXTURES & set(getattr(item, "fixturenames", ())):
            unmarked.append(item.nodeid)
        else:
            kept.append(item)
    if unmarked:
        raise pytest.UsageError(
            "these tests use an SQLite file (db_path, encrypted_db): mark them sqlite_only, or "
            "use only db:\n" + "\n".join(unmarked)
        )
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
