"""Other clerks' changes: the window's one watcher of the database, looked at every two
seconds; the tables changed go out by the ``changed`` signal (tabs, overview, the sync status
and an open form listen).

A look is cheap (SQLite: one PRAGMA on the watcher's own connection; PostgreSQL: notices
already received, without waiting), so it runs on the GUI thread; making the watcher can wait
on a server, so that runs in a worker. The watcher is closed before the database file is
replaced (restore, a new password) or the window goes; a new window makes a new one.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ui.worker import Worker

if TYPE_CHECKING:
    from unionapp.database import Database
    from unionapp.db.watch import Watcher

log = logging.getLogger(__name__)
INTERVAL_MS = 2000


class ChangeWatch(QObject):
    changed = Signal(object)  # frozenset of table names

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._watcher: Watcher | None = None
        self._starting: Worker | None = None
        self._generation = 0  # a watcher made for an earlier start is closed, not used
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.poll)

    @property
    def watching(self) -> bool:
        return self._watcher is not None

    def start(self, database: Database) -> None:
        """Watch ``database`` (the watcher is made off the GUI thread)."""
        self.stop()
        self._generation += 1
        generation = self._generation

        def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
            from unionapp.db.watch import watch

            return watch(database)

        self._starting = Worker(job)
        self._starting.succeeded.connect(lambda watcher: self._made(watcher, generation))
        self._starting.failed.connect(lambda message: log.warning("no watcher: %s", message))
        self._starting.start()

    def _made(self, watcher: Watcher, generation: int) -> None:
        if generation != self._generation:  # stopped (or restarted) meanwhile
            watcher.close()
            return
        self._watcher = watcher
        self.timer.start()

    def poll(self) -> frozenset[str]:
        """Look once; the tables changed since the last look (also sent by ``changed``)."""
        if self._watcher is None:
            return frozenset()
        try:
            found = self._watcher.changes()
        except Exception:  # a watcher must never break the window: look again later
            log.exception("watching the database failed")
            return frozenset()
        if found:
            self.changed.emit(found)
        return found

    def stop(self) -> None:
        """Close the watcher (it holds the database file open)."""
        self._generation += 1
        self.timer.stop()
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            with contextlib.suppress(Exception):
                watcher.close()


def window_watch(widget: QWidget | None) -> ChangeWatch | None:
    """The change watch of the main window ``widget`` belongs to (a form finds it this way)."""
    while widget is not None:
        found = getattr(widget, "change_watch", None)
        if isinstance(found, ChangeWatch):
            return found
        widget = widget.parentWidget()
    return None
