"""Opening databases: location, connection pragmas, migrations, integrity checks."""

from unionapp.db.engine import Database, DatabaseError, open_database

__all__ = ["Database", "DatabaseError", "open_database"]
