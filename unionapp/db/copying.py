"""Consistent copies of a live SQLite database (never a file copy of a live database)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def copy_sqlite(source: Path, destination: Path) -> None:
    """Copy through SQLite's online backup API; the copy is readable by its owner only."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    destination.chmod(0o600)
