"""The errors the clerk sees from the storage layer (light: no SQLAlchemy).

The kind of failure is the type, so the window and the command line decide on it (a wrong
password is never offered a restore from backup); the message is for the clerk, in Chinese.
"""


class DatabaseError(Exception):
    """A database cannot be opened or used."""


class PasswordRequired(DatabaseError):
    """The file is encrypted and no password was given."""

    def __init__(self, message: str = "数据库已加密，需要输入密码才能打开") -> None:
        super().__init__(message)


class WrongPassword(DatabaseError):
    """The password given does not open the file (or the file is not one of ours)."""

    def __init__(self, message: str = "密码不正确，或这个文件不是工会工作台的数据库") -> None:
        super().__init__(message)


class DatabaseDamaged(DatabaseError):
    """SQLite reports the file as damaged (a restore from backup may help)."""


class NotOurDatabase(DatabaseError):
    """The file is not a database of this program (left untouched)."""


class NewerDatabase(DatabaseError):
    """Written by a newer version of the program (left untouched)."""


class DatabaseBusy(DatabaseError):
    """Another program holds the database (or the operation needs it to itself)."""


class ReadOnlyLocation(DatabaseError):
    """The file is on read-only media: it can be opened read-only, nothing else."""
