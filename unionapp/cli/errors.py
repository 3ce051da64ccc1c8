"""What a command raises when it cannot do its work (light: no SQLAlchemy)."""


class CommandFailed(Exception):
    """The message goes to stderr, exit code 1."""
