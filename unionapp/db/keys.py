"""The database password turned into SQLCipher keys, once per process.

SQLCipher would run its own key derivation (PBKDF2, 256,000 rounds) on every connection. Instead
the password is stretched once with scrypt, salted with the 16-byte salt SQLCipher keeps at the
start of each encrypted file, and every connection gets the raw key: opening a connection costs
nothing more than with a plain file. The database, its backups and its copies share one salt
(a copy is made with the key of its source), so one derivation opens them all. Nothing derived
here is ever written to disk.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

SALT_BYTES = 16
_N, _R, _P = 2**15, 8, 1  # about 0.13 s and 32 MiB on the office PC's class of machine


@dataclass(frozen=True)
class CipherKey:
    """A raw SQLCipher key and the salt of the files it opens."""

    key: bytes
    salt: bytes

    def pragma(self) -> str:
        return f"PRAGMA key = \"x'{self.key.hex()}{self.salt.hex()}'\""

    def attach_clause(self) -> str:
        """The KEY clause of ``ATTACH DATABASE … AS name KEY …`` for a file under this key."""
        return f"KEY \"x'{self.key.hex()}{self.salt.hex()}'\""

    def audit_key(self) -> bytes:
        """The key that signs the audit log's chain (separate from the encryption key)."""
        return hmac.new(self.key, b"unionapp audit chain", hashlib.sha256).digest()

    def __repr__(self) -> str:  # never print key material
        return f"CipherKey(salt={self.salt.hex()})"


def derive(password: str, salt: bytes) -> CipherKey:
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, maxmem=64 * 1024 * 1024, dklen=32
    )
    return CipherKey(digest, salt)


class Keyring:
    """The password the clerk gave and the keys derived from it (by salt)."""

    def __init__(self, password: str) -> None:
        if not password:
            raise ValueError("empty password")
        self._password = password
        self._keys: dict[bytes, CipherKey] = {}

    def key_for(self, salt: bytes) -> CipherKey:
        found = self._keys.get(salt)
        if found is None:
            found = self._keys[salt] = derive(self._password, salt)
        return found

    def new_key(self) -> CipherKey:
        """A key for a newly encrypted file, with a fresh salt."""
        return self.key_for(os.urandom(SALT_BYTES))

    def matches(self, password: str) -> bool:
        """Whether ``password`` is the one this keyring was made from (constant time)."""
        return hmac.compare_digest(password.encode("utf-8"), self._password.encode("utf-8"))

    def __repr__(self) -> str:
        return "Keyring(…)"
