"""文件 > 同步…: the office's sync address (password masked), automatic sync, 立即同步 and
what the last sync did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unionapp.sync.address import AUTO_CHOICES, masked
from unionapp.sync.errors import SyncError

if TYPE_CHECKING:
    from ui.sync_actions import SyncActions


class SyncDialog(QDialog):
    def __init__(self, syncing: SyncActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.syncing = syncing
        self.setObjectName("sync_dialog")
        self.setWindowTitle(self.tr("Sync with the district"))
        self.current = QLabel()
        self.current.setObjectName("address_shown")
        self.current.setWordWrap(True)
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.address.setPlaceholderText(
            self.tr("Paste the address from “server add-office” to change it")
        )
        self.auto = QComboBox()
        self.auto.setObjectName("auto")
        for minutes in AUTO_CHOICES:
            text = self.tr("Off") if minutes == 0 else self.tr("Every {0} minutes").format(minutes)
            self.auto.addItem(text, minutes)
        self.auto.setCurrentIndex(max(0, self.auto.findData(syncing.auto_minutes)))
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b91c1c;")
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("sync_now")
        self.sync_button.clicked.connect(self.sync_now)
        self.conflicts_button = QPushButton(self.tr("Conflicts…"))
        self.conflicts_button.clicked.connect(syncing.show_conflicts)
        form = QFormLayout()
        form.addRow(self.tr("Office's address:"), self.current)
        form.addRow(self.tr("New address:"), self.address)
        form.addRow(self.tr("Automatic sync:"), self.auto)
        form.addRow(self.tr("Last result:"), self.result)
        buttons = QDialogButtonBox()
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.conflicts_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.auto.currentIndexChanged.connect(self.keep)
        syncing.finished.connect(self._finished)
        self._show_state()

    def keep(self) -> bool:
        """Keep a pasted address and the interval chosen; False (and why) when refused."""
        typed = self.address.text().strip()
        url = typed or self.syncing.url
        try:
            self.syncing.set_address(url, int(self.auto.currentData()))
        except SyncError as error:
            self.problem.setText(str(error))
            return False
        self.address.clear()
        self.problem.clear()
        self._show_state()
        return True

    def sync_now(self) -> None:
        if not self.keep():
            return
        if not self.syncing.url:
            self.problem.setText(
                self.tr("Paste the office's sync address first (ask the district for it).")
            )
            return
        if self.syncing.sync_now():
            self._show_state()

    def _finished(self, _outcome: object) -> None:
        self._show_state()

    def _show_state(self) -> None:
        syncing = self.syncing
        self.current.setText(masked(syncing.url) or self.tr("(none yet)"))
        self.sync_button.setEnabled(not syncing.running)
        if syncing.running:
            self.result.setText(self.tr("Syncing…"))
            return
        if syncing.error is not None:
            self.result.setText(self.tr("Not completed: {0}").format(syncing.error))
            self.result.setStyleSheet("color: #b91c1c;")
            return
        self.result.setStyleSheet("")
        report = syncing.report
        if report is None:
            status = syncing.status
            if status is not None and status.last_sync_at is not None:
                when = status.last_sync_at.strftime("%Y-%m-%d %H:%M")
                self.result.setText(self.tr("Last synced {0}").format(when))
            else:
                self.result.setText(self.tr("Not synced yet"))
            return
        self.result.setText(
            self.tr(
                "Uploaded {0} (resent {1}), downloaded {2}; {3} new conflicts, {4} open."
            ).format(
                report.pushed,
                report.replayed,
                report.pulled,
                report.new_conflicts,
                report.open_conflicts,
            )
        )

    def done(self, result: int) -> None:
        self.syncing.finished.disconnect(self._finished)
        super().done(result)
