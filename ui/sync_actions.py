"""Syncing from the window: 文件 > 同步… and 同步冲突…, the status-bar item, automatic sync
and the retries when the server cannot be reached.

A sync runs in a worker (never two at once); meanwhile the window's writing actions wait.
Afterwards the window refreshes. When the server was unreachable the sync is tried again after
30 s, 1, 2, 5 and then every 10 minutes, while automatic sync is on; a refusal (another
office's database, a wrong address) or a schema mismatch is shown once and not retried.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from ui.worker import Worker
from unionapp.sync.errors import ServerUnreachable, SyncError

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from unionapp.sync.run import SyncReport
    from unionapp.sync.status import SyncStatus

log = logging.getLogger(__name__)
BACKOFF_SECONDS = (30, 60, 120, 300, 600)  # then every 10 minutes
SHORT_ERROR = 24  # characters of the last error shown in the status bar


class SyncActions(QObject):
    finished = Signal(object)  # SyncReport or SyncError, after every attempt

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.url = ""
        self.auto_minutes = 0
        self.report: SyncReport | None = None
        self.error: SyncError | None = None  # of the last attempt
        self.retries = 0
        self.status: SyncStatus | None = None
        self._worker: Worker | None = None
        # the kind of refusal last shown: once, not at every automatic attempt, until the
        # address changes or a sync goes through
        self._shown_refusal: type[SyncError] | None = None
        self.label = QLabel()
        self.label.setObjectName("sync_status")
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("sync_conflicts")
        self.conflicts_button.setFlat(True)
        self.conflicts_button.setStyleSheet("color: #b45309; text-decoration: underline;")
        self.conflicts_button.clicked.connect(self.show_conflicts)
        self.conflicts_button.hide()
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        window.statusBar().addPermanentWidget(self.conflicts_button)
        self.auto_timer = QTimer(self, singleShot=True)
        self.auto_timer.timeout.connect(self.sync_now)
        self.retry_timer = QTimer(self, singleShot=True)
        self.retry_timer.timeout.connect(self.sync_now)
        self.actions: list[QAction] = []

    # Menu and status bar ---------------------------------------------------------
    def add_actions(self, menu: Any) -> None:
        self.sync_action = self.window._action(
            menu, self.tr("S&ync…"), self.show_dialog, "Ctrl+Shift+S"
        )
        self.conflicts_action = self.window._action(
            menu, self.tr("Sync &conflicts…"), self.show_conflicts
        )
        self.actions = [self.sync_action, self.conflicts_action]

    def available(self) -> bool:
        """A PC's own database, open for writing, syncs; one on a server does not."""
        database = self.window.database
        return database is not None and database.path is not None and not database.read_only

    def database_ready(self) -> None:
        if not self.available():
            for action in self.actions:
                action.setVisible(False)
            return
        from unionapp.sync.address import load_address

        stored = load_address(self.window.database)
        self.url, self.auto_minutes = stored.url, stored.auto_minutes
        self.update_status()
        self.schedule()

    def update_status(self) -> None:
        """未同步 / 上次同步 HH:MM, 待上传 N 项, the last error in short; 冲突 N 项 to click."""
        if not self.available():
            return
        from unionapp.db import DatabaseError
        from unionapp.sync.status import sync_status

        try:
            status = self.status = sync_status(self.window.database)
        except DatabaseError as error:  # busy for a moment: the next change updates it
            log.warning("sync status not read: %s", error)
            return
        if not (self.url or status.bound or self.running or self.error is not None):
            self.label.hide()  # an office that does not sync: nothing to say
            return
        if self.running:
            parts = [self.tr("Syncing…")]
        elif status.last_sync_at is None:
            parts = [self.tr("Not synced")]
        else:
            parts = [self.tr("Last sync {0}").format(_when(status.last_sync_at))]
        if status.waiting:
            parts.append(self.tr("{0} to upload").format(status.waiting))
        error = str(self.error) if self.error is not None else status.last_error
        if error and not self.running:
            short = error if len(error) <= SHORT_ERROR else error[: SHORT_ERROR - 1] + "…"
            parts.append(self.tr("failed: {0}").format(short))
        self.label.setText(self.tr(", ").join(parts))
        self.label.setToolTip(error)
        self.label.setStyleSheet("color: #b91c1c;" if error and not self.running else "")
        self.label.show()
        self.conflicts_button.setText(self.tr("{0} conflicts").format(status.conflicts))
        self.conflicts_button.setVisible(status.conflicts > 0)

    # Syncing -------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._worker is not None

    def set_address(self, url: str, auto_minutes: int) -> None:
        """Keep a new address or interval (checked by the core; SyncRefused says why not)."""
        from unionapp.sync.address import store_address

        stored = store_address(self.window.database, url, auto_minutes)
        if stored.url != self.url:
            self._shown_refusal = None
            self.error = None
        self.url, self.auto_minutes = stored.url, stored.auto_minutes
        self.retries = 0
        self.retry_timer.stop()
        self.schedule()
        self.update_status()

    def sync_now(self) -> bool:
        """Start a sync in the background; False when one runs already or no address is kept."""
        if self.running or not self.url or not self.available():
            return False
        self.auto_timer.stop()
        self.retry_timer.stop()
        database, url = self.window.database, self.url

        def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
            from unionapp.sync.run import sync

            try:
                return sync(database, url)
            except SyncError as error:  # typed: the window decides on its kind
                return error

        self._worker = Worker(job)
        self._worker.succeeded.connect(self._done)
        self._worker.failed.connect(self._crashed)
        self.window.set_writing_enabled(False)
        self._worker.start()
        self.update_status()
        return True

    def _crashed(self, message: str) -> None:
        """Something no one expected (logged by the worker): shown like a failed sync."""
        self._done(SyncError(message))

    def _done(self, outcome: object) -> None:
        self._worker = None
        self.window.set_writing_enabled(True)
        if isinstance(outcome, SyncError):
            self.error = outcome
            self._failed(outcome)
        else:
            self.report, self.error, self.retries = outcome, None, 0  # type: ignore[assignment]
            self._shown_refusal = None
            self.schedule()
        self.window.refresh_everything()
        self.finished.emit(outcome)

    def _failed(self, error: SyncError) -> None:
        if isinstance(error, ServerUnreachable):
            if self.auto_minutes:
                delay = BACKOFF_SECONDS[min(self.retries, len(BACKOFF_SECONDS) - 1)]
                self.retries += 1
                self.retry_timer.start(delay * 1000)
            return
        if type(error) is not self._shown_refusal:  # a refusal is said once
            self._shown_refusal = type(error)
            box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("Sync"), str(error), parent=self.window
            )
            box.setObjectName("sync_refused")
            box.setWindowModality(Qt.WindowModality.WindowModal)  # modal to the window, no wait
            box.show()
            self._box = box

    def schedule(self) -> None:
        """The next automatic sync, when it is on."""
        self.auto_timer.stop()
        if self.auto_minutes and self.url and not self.retry_timer.isActive():
            self.auto_timer.start(self.auto_minutes * 60_000)

    def stop(self) -> None:
        """The window or its database goes: no automatic sync or retry any more."""
        self.auto_timer.stop()
        self.retry_timer.stop()
        if self._worker is not None:
            self._worker.wait()

    # Dialogs -------------------------------------------------------------------
    def show_dialog(self) -> None:
        from ui.sync_dialog import SyncDialog

        SyncDialog(self, self.window).exec()

    def show_conflicts(self) -> None:
        from ui.conflicts_dialog import ConflictsDialog

        ConflictsDialog(self, self.window).exec()
        self.update_status()


def _when(moment: Any) -> str:
    from datetime import date

    if moment.date() == date.today():
        return moment.strftime("%H:%M")
    return moment.strftime("%Y-%m-%d %H:%M")
