"""Shared fixtures: a fresh SQLite file per test, copied from a template migrated once."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="unionapp-cache-")  # parsed fonts

from unionapp.db import Database, open_database
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
    path.chmod(0o600)
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
