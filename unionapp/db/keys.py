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
import threading
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
        self._deriving: dict[bytes, _Derivation] = {}

    def key_for(self, salt: bytes) -> CipherKey:
        found = self._keys.get(salt)
        if found is None:
            started = self._deriving.pop(salt, None)
            found = started.result() if started is not None else derive(self._password, salt)
            self._keys[salt] = found
        return found

    def prefetch(self, salt: bytes) -> None:
        """Start deriving the key for ``salt`` in the background, so that it is ready when the
        file is opened: scrypt leaves Python's lock while it works, so a command's imports go
        on at the same time. ``key_for`` waits for it (and raises what it raised)."""
        if salt not in self._keys and salt not in self._deriving:
            self._deriving[salt] = _Derivation(self._password, salt)

    def new_key(self) -> CipherKey:
        """A key for a newly encrypted file, with a fresh salt."""
        return self.key_for(os.urandom(SALT_BYTES))

    def matches(self, password: str) -> bool:
        """Whether ``password`` is the one this keyring was made from (constant time)."""
        return hmac.compare_digest(password.encode("utf-8"), self._password.encode("utf-8"))

    def __repr__(self) -> str:
        return "Keyring(…)"


class _Derivation:
    """One key derivation running in a thread of its own."""

    def __init__(self, password: str, salt: bytes) -> None:
        self._password, self._salt = password, salt
        self._key: CipherKey | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="key-derivation", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._key = derive(self._password, self._salt)
        except BaseException as error:  # handed to the caller of result()
            self._error = error

    def result(self) -> CipherKey:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._key is not None
        return self._key
