"""Shared fixtures: a fresh SQLite file per test, copied from a template migrated once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import tests.sandbox  # noqa: F401  (first: the user's folders become temporary ones)
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
