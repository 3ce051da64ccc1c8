"""The password prompt and the idle lock."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from unionapp.database import Database

INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class PasswordDialog(QDialog):
    """Asks for the password; the caller checks it (opening the database, or the idle lock)."""

    def __init__(
        self, message: str, parent: QWidget | None = None, *, error: str = "", check=None
    ) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle(self.tr("Password"))
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setObjectName("password")
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.error = QLabel(error)
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(bool(error))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.message, self.password, self.error, buttons):
            layout.addWidget(widget)
        self._check = check
        self.tries = 0

    def check(self) -> None:
        if self._check is None or self._check(self.password.text()):
            self.accept()
            return
        self.tries += 1
        self.password.clear()
        self.error.setText(self.tr("Wrong password ({0} tries).").format(self.tries))
        self.error.show()
        time.sleep(min(2.0, 0.25 * self.tries))  # slow down guessing


class IdleLock(QObject):
    """Hides the window after the chosen idle minutes until the password is given again."""

    def __init__(self, window: QMainWindow, database: Database) -> None:
        super().__init__(window)
        self.window, self.database = window, database
        self.last_input = time.monotonic()
        self.locked = False
        self.watching = False  # the filter sees every event, so it is only there when needed
        self.timer = QTimer(self, interval=15_000)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.check()

    def _watch(self, on: bool) -> None:
        if on == self.watching:
            return
        self.watching = on
        if on:
            self.last_input = time.monotonic()
            QApplication.instance().installEventFilter(self)
        else:
            QApplication.instance().removeEventFilter(self)

    def minutes(self) -> int:
        from unionapp.services.settings import get_setting

        if self.database.keyring is None:
            return 0  # nothing to unlock with
        with self.database.read() as session:
            return int(get_setting(session, "idle_lock_minutes") or 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.last_input = time.monotonic()
        return False

    def check(self, now: float | None = None) -> None:
        minutes = self.minutes()
        self._watch(bool(minutes))
        idle = (now or time.monotonic()) - self.last_input
        if minutes and not self.locked and idle >= minutes * 60:
            self.lock()

    def lock(self) -> None:
        from unionapp.database import verify_password

        self.locked = True
        central = self.window.centralWidget()
        central.hide()
        message = QApplication.translate(
            "PasswordDialog", "Locked after being idle. Enter the password."
        )
        dialog = PasswordDialog(
            message, self.window, check=lambda text: verify_password(self.database, text)
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self.window.close()  # cancelling the lock closes the program; nothing is lost
            return
        central.show()
        self.locked = False
        self.last_input = time.monotonic()
