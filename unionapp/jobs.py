"""What long jobs (printing, imports, backups) share, without loading their libraries."""


class Cancelled(Exception):
    """The clerk cancelled a long job; nothing was written."""
