"""One program per database: a lock the operating system holds for the program while it runs.

The lock file beside the database says who holds it (process, computer); the lock itself is the
operating system's, so a program that was killed, or lost its power, holds nothing: there is no
stale lock to guess about. The file stays (deleting a lock file others may be opening is racy).
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from unionapp.system.locking import HeldLock, read_owner, try_lock


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class InstanceLock:
    def __init__(self, database: Path) -> None:
        self.path = lock_path(database)
        self._held: HeldLock | None = None

    @property
    def held(self) -> bool:
        return self._held is not None

    def owner(self) -> LockOwner | None:
        """Who holds the lock now (another program), or None when it is free or ours."""
        if self._held is not None:
            return None
        try:
            probe = try_lock(self.path)
        except OSError:
            return None
        if probe is not None:
            probe.release()
            return None
        return self._described()

    def _described(self) -> LockOwner | None:
        """The holder as its lock file describes it; None when that is this very program."""
        try:
            data = json.loads(read_owner(self.path))
            owner = LockOwner(int(data["pid"]), str(data["host"]))
        except (ValueError, KeyError, TypeError):
            return LockOwner(-1, "")
        if owner == LockOwner(os.getpid(), socket.gethostname()):
            return None
        return owner

    def acquire(self) -> LockOwner | None:
        """Take the lock; returns the other owner instead when another program holds it."""
        if self._held is not None:
            return None
        try:
            held = try_lock(self.path)
        except OSError:
            return None  # a read-only folder: no lock; opening the database will say more
        if held is None:
            return self._described() or LockOwner(os.getpid(), socket.gethostname())
        held.write_owner(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}))
        self._held = held
        return None

    def release(self) -> None:
        if self._held is not None:
            self._held.release()
            self._held = None
