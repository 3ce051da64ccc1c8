"""初次使用设置: what a new office sets before its first form is printed (the union's name on
every form and sheet, the 档案编号 prefix, who works at this PC). Shown at the first start of
an empty database, and later from 工具 > 初次使用设置…; the values go through the same checks
as 设置."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from unionapp.database import Database
from unionapp.db import DatabaseError
from unionapp.services import union_settings
from unionapp.services.union_settings import LENGTHS, SettingsInvalid

PROBLEM_STYLE = "color: #b3261e;"


class FirstStartDialog(QDialog):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(self.tr("First-time setup"))
        with database.read() as session:
            values = union_settings.current(session)
            saved = union_settings.saved_keys(session)
        welcome = QLabel(
            self.tr(
                "Welcome. Three things before the first form is printed; "
                "you can change them later in Tools > Settings."
            )
        )
        welcome.setWordWrap(True)
        self.union_name = QLineEdit()
        self.union_name.setPlaceholderText(self.tr("e.g. 秣陵街道工会"))
        self.union_name.setMaxLength(LENGTHS["union_name"])
        if "union_name" in saved:  # the built-in example name is not this office's
            self.union_name.setText(values["union_name"])
        self.prefix = QLineEdit(values["archive_prefix"])
        self.prefix.setPlaceholderText("DA")
        self.prefix.setMaxLength(LENGTHS["archive_prefix"])
        self.operator = QLineEdit(values["operator"] or database.operator)
        self.operator.setMaxLength(LENGTHS["operator"])
        self.example = QLabel()
        self.prefix.textChanged.connect(self._show_example)
        self._show_example()
        self.problems: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, editor, hint in (
            (
                "union_name",
                self.tr("Union name"),
                self.union_name,
                self.tr("Printed on every form and sign-off sheet."),
            ),
            ("archive_prefix", self.tr("Archive number prefix"), self.prefix, ""),
            (
                "operator",
                self.tr("Your name"),
                self.operator,
                self.tr("Written in the log beside each change."),
            ),
        ):
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(editor)
            if key == "archive_prefix":
                column.addWidget(self.example)
            elif hint:
                column.addWidget(QLabel(hint))
            problem = QLabel()
            problem.setStyleSheet(PROBLEM_STYLE)
            problem.setWordWrap(True)
            problem.hide()
            column.addWidget(problem)
            self.problems[key] = problem
            form.addRow(label, column)
        buttons = QDialogButtonBox()
        self.start = buttons.addButton(self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        later = buttons.addButton(self.tr("Later"), QDialogButtonBox.ButtonRole.RejectRole)
        later.setToolTip(self.tr("Ask again at the next start"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(welcome)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _show_example(self) -> None:
        prefix = self.prefix.text().strip() or "DA"
        self.example.setText(
            self.tr("Archive numbers will look like {0}.").format(
                f"{prefix}-{date.today().year}-0001"
            )
        )

    def values(self) -> dict[str, str]:
        return {
            "union_name": self.union_name.text(),
            "archive_prefix": self.prefix.text(),
            "operator": self.operator.text(),
        }

    def save(self) -> None:
        values = self.values()
        try:
            with self.database.write() as session:
                union_settings.save(session, values)
        except SettingsInvalid as refused:
            for key, label in self.problems.items():
                label.setText(refused.problems.get(key, ""))
                label.setVisible(key in refused.problems)
            return
        except DatabaseError as error:
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
            return
        self.database.operator = self.operator.text().strip()
        self.accept()
