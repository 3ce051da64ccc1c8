"""One program per database: a lock file with the pid; a stale lock (its process gone) is taken."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class InstanceLock:
    def __init__(self, database: Path) -> None:
        self.path = lock_path(database)
        self.held = False

    def owner(self) -> LockOwner | None:
        """Who holds the lock now, or None if it is free or stale."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            owner = LockOwner(int(data["pid"]), str(data["host"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if owner.host == socket.gethostname() and not _alive(owner.pid):
            return None  # stale: the program that took it is gone
        if owner.pid == os.getpid() and owner.host == socket.gethostname():
            return None
        return owner

    def acquire(self) -> LockOwner | None:
        """Take the lock; returns the other owner instead when another program holds it."""
        other = self.owner()
        if other is not None:
            return other
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)  # a first start: no folder yet
            self.path.unlink(missing_ok=True)
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return self.owner() or LockOwner(-1, "")
        except OSError:
            return None  # a read-only folder: no lock; opening the database will say more
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"pid": os.getpid(), "host": socket.gethostname()}, handle)
        self.held = True
        return None

    def release(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False
