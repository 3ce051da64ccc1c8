"""Which tables changed since the last look, for a window that refreshes what others changed.

``watch(database)`` gives a watcher; ``watcher.changes()`` returns the names of the tables
changed since the previous call (an empty set when nothing did). It never waits on the database
for long and may be called from any thread (a QTimer every second or two); ``close()`` ends it.

- SQLite: ``PRAGMA data_version`` on a connection of the watcher's own moves when any other
  connection (another program, or this program's own) commits; the audit log's entries since
  the last look then say which tables. A change that left no entry, or an entry about the
  whole database (a restore), reports every table.
- PostgreSQL: ``LISTEN unionapp_changes``; migration 0005's triggers send the table's name when
  a transaction that changed it commits. A lost connection is made again in the background;
  once it is back, every table is reported (notices sent meanwhile were missed).

Changes this program made itself are reported too (its sessions are other connections than
the watcher's): refreshing a table twice is harmless, missing another clerk's change is not.
Close the watcher before the database file is replaced (restore, a new password): it holds
the file open.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.engine import make_url

from unionapp.db import sqlite
from unionapp.models import Base

if TYPE_CHECKING:
    from unionapp.database import Database

CHANNEL = "unionapp_changes"  # as migration 0005's trigger function sends
RETRY_SECONDS = (1, 2, 5, 10, 30)  # waits between attempts to connect again, then the last


def all_tables() -> frozenset[str]:
    return frozenset(table.name for table in Base.metadata.sorted_tables)


class Watcher(Protocol):
    def changes(self) -> frozenset[str]: ...

    def close(self) -> None: ...


def watch(database: Database) -> Watcher:
    """A watcher of the database: SQLite's data version, or PostgreSQL's notices."""
    if database.path is not None:
        return FileWatcher(database)
    return ServerWatcher(database.location.url or "")


class FileWatcher:
    """SQLite: the data version of a connection of our own, and the audit log."""

    def __init__(self, database: Database) -> None:
        assert database.path is not None
        self._lock = threading.Lock()
        self._known = all_tables()
        self._connection: Any = None
        self._version = self._last_entry = 0
        try:
            self._connection = sqlite.connect(database.path, database.key, read_only=True)
            self._version = self._data_version()
            self._last_entry = self._newest_entry()
        except sqlite.Error:  # read-only media (nobody writes there): nothing to watch
            if self._connection is not None:
                self._connection.close()
            self._connection = None

    def _data_version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def _newest_entry(self) -> int:
        row = self._connection.execute("SELECT max(id) FROM audit_log").fetchone()
        return int(row[0] or 0)

    def changes(self) -> frozenset[str]:
        with self._lock:
            if self._connection is None:
                return frozenset()
            try:
                version = self._data_version()
                if version == self._version:
                    return frozenset()
                newest = self._newest_entry()
                rows = self._connection.execute(
                    "SELECT DISTINCT table_name FROM audit_log WHERE id > ? AND id <= ?",
                    (self._last_entry, newest),
                ).fetchall()
            except sqlite.Error:  # busy for a moment: nothing is taken as seen, look again later
                return frozenset()
            self._version, self._last_entry = version, max(self._last_entry, newest)
            named = frozenset(row[0] for row in rows)
            if not named or not named <= self._known:  # unlogged, or the whole database
                return self._known
            return named

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


class ServerWatcher:
    """PostgreSQL: LISTEN on a connection of our own, made again in the background if lost."""

    def __init__(self, url: str) -> None:
        self._lock = threading.Lock()
        self._known = all_tables()
        self._conninfo = make_url(url).set(drivername="postgresql").render_as_string(False)
        self._connection: Any = None
        self._missed = False  # notices may have been lost: report everything once
        self._closed = threading.Event()
        self._retrying: threading.Thread | None = None
        try:
            self._connection = self._listen()
        except Exception:  # psycopg.Error, OSError: unreachable now; keep trying quietly
            self._retry()

    def _listen(self) -> Any:
        import psycopg

        connection = psycopg.connect(
            self._conninfo,
            autocommit=True,
            connect_timeout=10,
            keepalives=1,
            keepalives_idle=30,
            keepalives_interval=10,
            keepalives_count=3,
        )
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def changes(self) -> frozenset[str]:
        import psycopg

        with self._lock:
            connection = self._connection
            if connection is None:
                return frozenset()
            try:
                found = self._drain(connection)
            except psycopg.Error:  # the server or the network went away
                self._connection = None
            else:
                if self._missed:  # back after a loss: what was sent meanwhile is unknown
                    self._missed = False
                    return self._known
                return found
        connection.close()
        self._retry()
        return frozenset()

    def _drain(self, connection: Any) -> frozenset[str]:
        """The tables named by the notices that have arrived, without waiting for more."""
        found = {notice.payload for notice in connection.notifies(timeout=0)}
        return frozenset(found) & self._known

    def _retry(self) -> None:
        with self._lock:
            if self._closed.is_set() or (self._retrying and self._retrying.is_alive()):
                return
            self._retrying = threading.Thread(
                target=self._reconnect, name="unionapp-watch-reconnect", daemon=True
            )
            self._retrying.start()

    def _reconnect(self) -> None:
        attempt = 0
        while not self._closed.wait(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]):
            attempt += 1
            try:
                connection = self._listen()
            except Exception:  # still unreachable
                continue
            with self._lock:
                if not self._closed.is_set():
                    self._connection = connection
                    self._missed = True
                    return
            connection.close()  # closed while we were connecting
            return

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    @property
    def connected(self) -> bool:
        with self._lock:
            return self._connection is not None
