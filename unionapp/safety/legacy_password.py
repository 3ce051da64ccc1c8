"""Databases from before encryption kept an opening password as a scrypt hash in their settings
(which protected nothing: the file itself was plain). Such a file still asks for that password,
and is then encrypted with it (see ``encryption.encrypt_legacy``)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path

from unionapp.db import sqlite
from unionapp.db.errors import PasswordRequired, WrongPassword
from unionapp.db.keys import Keyring
from unionapp.db.revision import FileFacts

KEY = "password_hash"


def stored_hash(path: Path) -> str:
    try:
        connection = sqlite.connect_reading(path)
    except sqlite.Error:
        return ""
    try:
        row = connection.execute("SELECT value FROM setting WHERE key = ?", (KEY,)).fetchone()
    except sqlite.Error:
        return ""
    finally:
        connection.close()
    return row[0] if row else ""


def verify_hash(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def check_legacy_password(
    path: Path,
    facts: FileFacts,
    password: str | Callable[[], str] | Keyring | None,
    *,
    read_only: bool,
) -> Keyring | None:
    """The keyring for a plain file that still has an opening password, else None."""
    if "setting" not in facts.tables:
        return None
    stored = stored_hash(path)
    if not stored:
        return None
    if isinstance(password, Keyring):
        raise WrongPassword()  # a keyring of an encrypted file cannot answer a legacy hash
    given = password() if callable(password) else password
    if not given:
        raise PasswordRequired()
    if not verify_hash(given, stored):
        raise WrongPassword("密码不正确")
    return Keyring(given)
