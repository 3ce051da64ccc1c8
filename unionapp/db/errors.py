"""The one error the clerk sees from the storage layer (light: no SQLAlchemy)."""


class DatabaseError(Exception):
    """A database cannot be opened or used; the message is for the clerk, in Chinese."""
