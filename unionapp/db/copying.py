"""Consistent copies of a live SQLite database (never a file copy of a live database).

A copy is made through SQLite's online backup API into a file created owner-only before its
first byte, under the same key as its source (an encrypted database makes encrypted copies), in
rollback-journal mode so that reading it later leaves no -wal or -shm files beside it. It is
written as a partial file and renamed into place: a kill leaves the old file or the new one.
"""

from __future__ import annotations

from pathlib import Path

from unionapp.db import sqlite
from unionapp.db.keys import CipherKey
from unionapp.system.files import writing


def copy_sqlite(
    source: Path | sqlite.driver.Connection, destination: Path, key: CipherKey | None
) -> Path:
    """Copy ``source`` (a file, or an open connection to copy from) to ``destination``."""
    with writing(destination) as temp:
        own = not isinstance(source, sqlite.driver.Connection)
        src = sqlite.connect(source, key, read_only=True) if own else source
        try:
            dst = sqlite.connect(temp, key)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            if own:
                src.close()
    return destination
