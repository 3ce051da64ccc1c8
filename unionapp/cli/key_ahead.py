"""An encrypted database's key, derived while the command loads.

Deriving the key from the password (scrypt, about 0.13 s) and importing SQLAlchemy, the models
and the command's modules (about 0.3 s) need not wait for each other: scrypt leaves Python's
lock while it works. So before the commands load, the global options are read on their own,
and when ``--db`` (or the default database) is an encrypted file whose password is given by
``--password-file`` or ``UNIONAPP_PASSWORD``, its key starts deriving in a thread. A password
typed at the terminal is asked for later, as before, and nothing is derived ahead of it.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from unionapp.db.keys import Keyring

log = logging.getLogger(__name__)
PASSWORD_ENV = "UNIONAPP_PASSWORD"


def first_line(text: str) -> str:
    """The first line without its line ending (a password file may end with a newline)."""
    return text.splitlines()[0] if text else ""


def _global_options(argv: Sequence[str] | None) -> argparse.Namespace:
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--db")
    early.add_argument("--password-file")
    return early.parse_known_args(argv)[0]


def _given_password(options: argparse.Namespace) -> str | None:
    """The password from the file or the environment, read as the command will read it."""
    if options.password_file:
        text = Path(options.password_file).read_text(encoding="utf-8-sig")
        return first_line(text) or None
    return os.environ.get(PASSWORD_ENV) or None


def derive_ahead(argv: Sequence[str] | None) -> Keyring | None:
    """A keyring already deriving the database file's key, or None (not encrypted, no given
    password, a server address, anything unreadable: the command finds and says it itself)."""
    from unionapp.db.errors import DatabaseError
    from unionapp.db.paths import locate
    from unionapp.db.sqlite import FileKind, file_kind, file_salt

    try:
        options = _global_options(argv)
        path = locate(options.db).path
        if path is None or file_kind(path) is not FileKind.ENCRYPTED:
            return None
        password = _given_password(options)
        if password is None:
            return None
        keyring = Keyring(password)
        keyring.prefetch(file_salt(path))
        return keyring
    except (DatabaseError, OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
        log.debug("no key derived ahead: %s", error)
        return None
