"""The schema revisions this program knows, and what an SQLite file holds, read without Alembic
and without changing the file (a read-only connection: no WAL switch, no schema).

A test checks ``REVISIONS`` against Alembic's history, so a new migration cannot forget it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from unionapp.db import sqlite
from unionapp.db.errors import NewerDatabase, NotOurDatabase, WrongPassword
from unionapp.db.keys import CipherKey

REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
)  # oldest first, one line of history
HEAD_REVISION = REVISIONS[-1]
# Revisions that change nothing a sync carries or checks: no synced table's columns, types,
# constraints or values (0007 and 0008: the families list's indexes). A PC and the district's
# server that are only these apart still sync; the district upgrades the server when it suits it.
SYNC_NEUTRAL = frozenset({"0007", "0008"})


def sync_schema(revision: str) -> str:
    """The newest revision up to ``revision`` that changed what a sync carries (a PC and a
    server sync when theirs are the same)."""
    index = REVISIONS.index(revision)
    while index > 0 and REVISIONS[index] in SYNC_NEUTRAL:
        index -= 1
    return REVISIONS[index]


@dataclass(frozen=True)
class FileFacts:
    revision: str | None  # None: no schema yet (a new file)
    tables: frozenset[str]
    read_only_media: bool = False  # a write-protected stick or a CD: readable only as immutable

    @property
    def current(self) -> bool:
        return self.revision == HEAD_REVISION


def read_facts(path: Path, key: CipherKey | None) -> FileFacts:
    """The revision and tables of a file; refuses foreign, newer and unreadable ones untouched."""
    from unionapp.db.engine import translate

    try:
        media = sqlite.needs_immutable(path, key)
        connection = sqlite.connect(path, key, immutable=media)
    except sqlite.Error as error:
        if key is not None and sqlite.is_wrong_key(error):
            raise WrongPassword() from error
        raise translate(error) from error
    try:
        try:
            tables = frozenset(
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            )
        except sqlite.Error as error:
            if key is not None and sqlite.is_wrong_key(error):
                raise WrongPassword() from error
            raise translate(error) from error
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite.Error as error:
        raise translate(error) from error
    finally:
        connection.close()
    facts = FileFacts(revision, tables, media)
    check_ours(path, facts)
    return facts


def check_ours(path: Path, facts: FileFacts) -> None:
    if facts.revision is None and facts.tables - {"alembic_version"}:
        raise NotOurDatabase(
            f"“{path.name}”是其他程序的 SQLite 文件，不是工会工作台的数据库；未作任何改动"
        )
    if facts.revision is not None and facts.revision not in REVISIONS:
        raise NewerDatabase(
            f"“{path.name}”由更新版本的工会工作台写入，当前版本无法打开；请升级程序。数据库未作任何改动。"
        )
