"""Where the database lives: ``--db``, then ``UNIONAPP_DB``, then the user data folder.

A database is either an SQLite file, kept as a path from start to end (a ``?``, ``#`` or ``%41``
in a folder name is part of the name, never a URL query), or a PostgreSQL server URL.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from unionapp.db.errors import DatabaseError
from unionapp.system.folders import data_dir

ENV_VAR = "UNIONAPP_DB"
DEFAULT_FILE = "unionapp.sqlite3"
SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgresql+psycopg2://")


def default_database_path() -> Path:
    return data_dir() / DEFAULT_FILE


@dataclass(frozen=True)
class Location:
    """An SQLite file (``path``) or a server database (``url``)."""

    path: Path | None = None
    url: str | None = None

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return str(self.path)
        from sqlalchemy.engine import make_url  # server URLs only: show them without password

        return make_url(self.url or "").render_as_string(hide_password=True)

    @property
    def target(self) -> str:
        """What ``--db`` (and :func:`locate`) takes to find this database again."""
        return str(self.path) if self.path is not None else self.url or ""

    @property
    def short_name(self) -> str:
        """For a window title: the file's name, or the server's database and host."""
        if self.path is not None:
            return self.path.name
        from sqlalchemy.engine import make_url

        url = make_url(self.url or "")
        return f"{url.database}@{url.host}" if url.host else str(url.database or "")


def locate(arg: str | None = None) -> Location:
    """The database chosen by argument, environment or default."""
    target = arg or os.environ.get(ENV_VAR) or str(default_database_path())
    if target.startswith("sqlite:///"):
        return Location(path=_absolute(target[len("sqlite:///") :]))
    if target.startswith(SERVER_SCHEMES):
        return Location(url=target)
    if "://" in target:
        scheme = target.split("://", 1)[0]
        raise DatabaseError(
            f"不支持“{scheme}”数据库：请用 SQLite 数据库文件的路径，"
            "或 PostgreSQL 地址（postgresql+psycopg://用户:密码@主机/库名）"
        )
    return Location(path=_absolute(target))


def _absolute(text: str) -> Path:
    if not text or text == ":memory:":
        raise DatabaseError("请指定数据库文件的路径")
    return Path(text).expanduser().absolute()
