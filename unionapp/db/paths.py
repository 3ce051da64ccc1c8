"""Where the database lives: ``--db``, then ``UNIONAPP_DB``, then the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_VAR = "UNIONAPP_DB"
DEFAULT_FILE = "unionapp.sqlite3"


def default_database_path() -> Path:
    return Path(user_data_dir("unionapp", appauthor=False)) / DEFAULT_FILE


def resolve_database(arg: str | None = None) -> str:
    """An SQLAlchemy URL for the database chosen by argument, environment or default."""
    target = arg or os.environ.get(ENV_VAR) or str(default_database_path())
    if "://" in target:
        return target
    return "sqlite:///" + str(Path(target).expanduser().resolve())


def sqlite_file(url: str) -> Path | None:
    """The file behind an SQLite URL, or ``None`` for other databases and memory."""
    if not url.startswith("sqlite"):
        return None
    path = url.split("///", 1)[1] if "///" in url else ""
    if not path or path == ":memory:":
        return None
    return Path(path)
