"""工具 > 数据库密码…: set, change or remove the password that encrypts the database and its
backups. The new password is typed twice; the dialog says plainly that a forgotten password
means the data is lost."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from unionapp.safety.encryption import FORGOTTEN, check_new_password


class PasswordChangeDialog(QDialog):
    def __init__(self, encrypted: bool, check_current, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.encrypted = encrypted
        self._check_current = check_current
        self.setWindowTitle(self.tr("Database password"))
        self.current = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="current")
        self.new = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="new")
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="repeat")
        self.remove = QCheckBox(self.tr("Remove the password (the database is decrypted)"))
        self.remove.setObjectName("remove")
        self.remove.toggled.connect(self._removing)
        warning = QLabel(FORGOTTEN)
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #b00020; font-weight: bold;")
        explain = QLabel(
            self.tr(
                "With a password the database, its backups and attachments are "
                "encrypted on disk; the password is asked when the program "
                "starts."
            )
        )
        explain.setWordWrap(True)
        self.error = QLabel(objectName="error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout(self)
        form.addRow(explain)
        if encrypted:
            form.addRow(self.tr("Current password"), self.current)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("New password again"), self.repeat)
        if encrypted:
            form.addRow(self.remove)
        form.addRow(warning)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(460)

    def _removing(self, on: bool) -> None:
        self.new.setEnabled(not on)
        self.repeat.setEnabled(not on)

    def new_password(self) -> str | None:
        """The password chosen, or None to remove it."""
        return None if self.remove.isChecked() else self.new.text()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def check(self) -> None:
        if self.encrypted and not self._check_current(self.current.text()):
            self._fail(self.tr("The current password is wrong."))
            return
        if not self.remove.isChecked():
            try:
                check_new_password(self.new.text())
            except ValueError as error:
                self._fail(str(error))
                return
            if self.new.text() != self.repeat.text():
                self._fail(self.tr("The two new passwords differ."))
                return
        self.accept()
