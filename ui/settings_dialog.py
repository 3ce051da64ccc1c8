"""Settings kept in the database: the union's name, the operator, the idle lock, ownership types.
(The password that encrypts the database is set from 工具 > 数据库密码….)"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from unionapp.database import Database
from unionapp.db import DatabaseError
from unionapp.services.settings import (
    add_ownership_type,
    get_setting,
    ownership_types,
    set_setting,
)


class SettingsDialog(QDialog):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(self.tr("Settings"))
        with database.read() as session:
            self.union_name = QLineEdit(get_setting(session, "union_name"))
            self.operator = QLineEdit(get_setting(session, "operator"))
            minutes = int(get_setting(session, "idle_lock_minutes") or 0)
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setValue(minutes)
        self.idle.setSpecialValueText(self.tr("Never"))
        self.idle.setSuffix(self.tr(" min"))
        form = QFormLayout(self)
        form.addRow(self.tr("Union name (printed in headers)"), self.union_name)
        form.addRow(self.tr("Operator (written in the audit log)"), self.operator)
        form.addRow(self.tr("Lock after idle"), self.idle)
        self.idle.setEnabled(database.encrypted)
        hint = QLabel(
            self.tr("The idle lock needs a database password (Tools > Database password…).")
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        self.ownership = QListWidget()
        self.ownership.setMaximumHeight(110)
        with database.read() as session:
            self.ownership.addItems(ownership_types(session))
        self.new_type = QLineEdit()
        self.new_type.setPlaceholderText(self.tr("New ownership type, e.g. 混合所有制"))
        form.addRow(self.tr("Ownership types"), self.ownership)
        form.addRow("", self.new_type)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        try:
            with self.database.write() as session:
                set_setting(session, "union_name", self.union_name.text().strip() or "街道工会")
                set_setting(session, "operator", self.operator.text().strip())
                set_setting(session, "idle_lock_minutes", str(self.idle.value()))
                if self.new_type.text().strip():
                    add_ownership_type(session, self.new_type.text().strip())
        except ValueError as error:
            QMessageBox.warning(self, self.tr("Settings"), str(error))
            return
        except DatabaseError as error:
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
            return
        self.database.operator = self.operator.text().strip()
        self.accept()
