"""Opening databases: location, connection pragmas, migrations, integrity checks.

`DatabaseError` is light; `Database` and `open_database` load SQLAlchemy on first use, so the
window can be on screen before the ORM is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unionapp.db.errors import DatabaseError

if TYPE_CHECKING:
    from unionapp.db.engine import Database, open_database

__all__ = ["Database", "DatabaseError", "open_database"]


def __getattr__(name: str) -> Any:
    if name in ("Database", "open_database"):
        from unionapp.db import engine

        return getattr(engine, name)
    raise AttributeError(f"module 'unionapp.db' has no attribute {name!r}")
