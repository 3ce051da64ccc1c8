"""Storage: where the database is, how SQLite and PostgreSQL are connected to, keys, migrations,
copies. Light to import (the errors); `unionapp.database` opens a database."""

from unionapp.db.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseError,
    NewerDatabase,
    NotOurDatabase,
    PasswordRequired,
    ReadOnlyLocation,
    WrongPassword,
)

__all__ = [
    "DatabaseBusy",
    "DatabaseDamaged",
    "DatabaseError",
    "NewerDatabase",
    "NotOurDatabase",
    "PasswordRequired",
    "ReadOnlyLocation",
    "WrongPassword",
]
