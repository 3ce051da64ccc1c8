"""The optional opening password, stored as a salted scrypt hash (never the password)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from sqlalchemy.orm import Session

from unionapp.services.settings import get_setting, set_setting

KEY = "password_hash"
N, R, P = 2**14, 8, 1


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"scrypt${N}${R}${P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"  # fmt: skip


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected))  # fmt: skip
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def password_set(session: Session) -> bool:
    return bool(get_setting(session, KEY))


def set_password(session: Session, password: str) -> None:
    """Set (or with an empty string, remove) the opening password."""
    if password and len(password) < 4:
        raise ValueError("密码至少4位")
    set_setting(session, KEY, hash_password(password) if password else "")


def check_password(session: Session, password: str) -> bool:
    stored = get_setting(session, KEY)
    return not stored or verify_password(password, stored)
