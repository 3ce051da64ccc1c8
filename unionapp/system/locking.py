"""A lock the operating system holds for a process and drops when it ends, however it ends.

POSIX: ``fcntl.flock`` on the lock file. Windows: ``msvcrt.locking`` on one byte far past the
text, so the owner's description at the start of the file stays readable by others. A program
killed by a power cut or the task manager leaves the file, never the lock: there is no process
id to probe (``os.kill(pid, 0)`` is no probe on Windows).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

_LOCK_OFFSET = 1 << 20  # Windows: the locked byte, past any owner text


class HeldLock:
    """An open lock file this process has locked; ``release`` (or process exit) frees it."""

    def __init__(self, handle: int, path: Path) -> None:
        self.handle = handle
        self.path = path

    def write_owner(self, text: str) -> None:
        data = text.encode("utf-8")
        os.lseek(self.handle, 0, os.SEEK_SET)
        os.write(self.handle, data)
        os.ftruncate(self.handle, len(data))

    def release(self) -> None:
        if self.handle < 0:
            return
        with contextlib.suppress(OSError):
            _unlock(self.handle)
        os.close(self.handle)
        self.handle = -1


def try_lock(path: Path) -> HeldLock | None:
    """Lock ``path`` (created owner-only when missing), or None when another process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    try:
        locked = _lock(handle)
    except OSError:
        os.close(handle)
        raise
    if not locked:
        os.close(handle)
        return None
    return HeldLock(handle, path)


def read_owner(path: Path) -> str:
    """The owner's description written at the start of the lock file ('' when unreadable)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return ""


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: int) -> bool:
        os.lseek(handle, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        os.lseek(handle, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)
