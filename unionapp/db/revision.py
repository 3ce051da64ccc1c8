"""The schema revision this program writes, known without loading Alembic.

A test checks it against the newest Alembic revision, so a new migration cannot forget it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

HEAD_REVISION = "0002"


def sqlite_revision(path: Path) -> str | None:
    """The stamped revision of an SQLite file, or None if unstamped or unreadable."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return row[0] if row else None
