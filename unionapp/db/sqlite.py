"""SQLite files through SQLCipher's driver: plain and encrypted databases by one code path.

SQLCipher without a key is SQLite; with one, every page on disk (and in the WAL) is encrypted.
An encrypted file has no readable header: it is recognised by what it is (page-sized, starting
with 16 random bytes of salt), and a key that does not open it is a wrong password, never damage.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from pathlib import Path

import sqlcipher3.dbapi2 as driver

from unionapp.db.keys import SALT_BYTES, CipherKey

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
CANTOPEN = 14  # SQLite: the file (or its -shm) cannot be opened
Error = driver.Error
DatabaseDriverError = driver.DatabaseError
# Magic numbers of files a clerk might pick by mistake: they are not encrypted databases.
_OTHER_MAGIC = (
    b"PK\x03\x04",
    b"%PDF",
    b"\xd0\xcf\x11\xe0",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"{\\rtf",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"MZ",
)


class FileKind(enum.Enum):
    MISSING = "missing"
    EMPTY = "empty"  # 0 bytes: SQLite would make a database of it
    PLAIN = "plain"  # an SQLite file (ours or not: the schema tells)
    ENCRYPTED = "encrypted"  # looks like an SQLCipher file: needs the password
    OTHER = "other"  # not a database at all


def _entropy(data: bytes) -> float:
    counts = Counter(data)
    return -sum(n / len(data) * math.log2(n / len(data)) for n in counts.values())


def file_kind(path: Path) -> FileKind:
    """What ``path`` holds, from its size and first bytes (reading no more than 4 KiB)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            return FileKind.OTHER
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        return FileKind.MISSING
    except OSError:
        return FileKind.OTHER
    if size == 0:
        return FileKind.EMPTY
    if head.startswith(SQLITE_HEADER):
        return FileKind.PLAIN
    if size % 512 or size < 1024 or head.startswith(_OTHER_MAGIC):
        return FileKind.OTHER
    # Encrypted pages are indistinguishable from random bytes; text and most formats are not.
    return FileKind.ENCRYPTED if _entropy(head) > 7.2 else FileKind.OTHER


ENCRYPTED_CACHE_KIB = 32 * 1024


def file_salt(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SALT_BYTES)


def uri(path: Path, **options: str) -> str:
    """An SQLite URI for ``path``: ``?``, ``#`` and ``%`` in folder names stay part of the name."""
    query = "&".join(f"{key}={value}" for key, value in options.items())
    return Path(path).resolve().as_uri() + (f"?{query}" if query else "")


def connect(
    path: Path,
    key: CipherKey | None = None,
    *,
    read_only: bool = False,
    immutable: bool = False,
    timeout_ms: int = BUSY_TIMEOUT_MS,
) -> driver.Connection:
    """A driver connection with the key applied first; BEGIN is left to the caller.

    ``immutable`` reads a file on read-only media (no -shm can be made there), only for files
    nobody writes, such as a backup on a CD or a write-protected stick.
    """
    if read_only or immutable:
        options = {"mode": "ro"} | ({"immutable": "1"} if immutable else {})
        connection = driver.connect(
            uri(path, **options),
            uri=True,
            timeout=timeout_ms / 1000,
            check_same_thread=False,
            isolation_level=None,
        )
    else:
        connection = driver.connect(
            str(path), timeout=timeout_ms / 1000, check_same_thread=False, isolation_level=None
        )
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            connection.execute(key.pragma())
            # Pages of an encrypted file are decrypted on every read that misses SQLite's own
            # cache (the system's file cache holds them encrypted): 32 MiB keep a search of
            # 100,000 enterprises from decrypting them all again (0.10 s -> 0.03 s). The cache
            # fills only with pages actually read.
            connection.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")
        connection.execute(f"PRAGMA busy_timeout={timeout_ms}")
    except driver.Error:
        connection.close()
        raise
    return connection


def needs_immutable(path: Path, key: CipherKey | None = None) -> bool:
    """Whether reading ``path`` needs ``immutable``: it is on read-only media (a write-protected
    stick, a CD) where SQLite cannot make the -shm file a WAL database needs."""
    connection = connect(path, key, read_only=True)
    try:
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except driver.Error as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF != CANTOPEN:
            raise
        return True
    finally:
        connection.close()
    return False


def connect_reading(path: Path, key: CipherKey | None = None) -> driver.Connection:
    """A read-only connection (an immutable one on read-only media)."""
    return connect(path, key, immutable=needs_immutable(path, key))


def is_wrong_key(error: BaseException) -> bool:
    """SQLite's 'file is not a database' (SQLITE_NOTADB), which a wrong key also gives."""
    return getattr(error, "sqlite_errorcode", None) == 26
