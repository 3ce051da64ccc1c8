"""设置: the union's settings kept in the database, on three pages: the union and the archive
(name, operator, idle lock, 档案编号 prefix, 低保 line), the wording of its 审批表 (title,
approval levels, commitment, note; previewed on an example family before saving), and the
ownership types. All are checked together by the core; a problem shows beside its field.
(The password that encrypts the database is set from 工具 > 数据库密码….)"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionapp.database import Database
from unionapp.db import DatabaseError
from unionapp.services import union_settings
from unionapp.services.settings import DEFAULTS, FORM_WORDING, add_ownership_type, ownership_types
from unionapp.services.union_settings import SettingsInvalid

PROBLEM_STYLE = "color: #b3261e;"


def _lines(editor: QPlainTextEdit, lines: int) -> QPlainTextEdit:
    """A text box sized to ``lines`` lines of its font."""
    height = editor.fontMetrics().lineSpacing() * lines + 14
    editor.setFixedHeight(height)
    editor.setTabChangesFocus(True)
    return editor


class SettingsDialog(QDialog):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(self.tr("Settings"))
        with database.read() as session:
            values = union_settings.current(session)
            types = ownership_types(session)
        self.problems: dict[str, QLabel] = {}
        self.pages = QTabWidget()
        self.pages.addTab(self._union_page(values), self.tr("Union and archive"))
        self.pages.addTab(self._form_page(values), self.tr("Application form"))
        self.pages.addTab(self._ownership_page(types), self.tr("Ownership types"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    # Pages ----------------------------------------------------------------------------------
    def _row(self, form: QFormLayout, key: str, label: str, editor: QWidget) -> None:
        problem = QLabel()
        problem.setObjectName(f"problem_{key}")
        problem.setStyleSheet(PROBLEM_STYLE)
        problem.setWordWrap(True)
        problem.hide()
        self.problems[key] = problem
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(editor)
        column.addWidget(problem)
        form.addRow(label, column)

    def _union_page(self, values: dict[str, str]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.union_name = QLineEdit(values["union_name"])
        self.union_name.setMaxLength(union_settings.LENGTHS["union_name"])
        self.operator = QLineEdit(values["operator"])
        self.operator.setMaxLength(union_settings.LENGTHS["operator"])
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setValue(int(values["idle_lock_minutes"] or 0))
        self.idle.setSpecialValueText(self.tr("Never"))
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setEnabled(self.database.encrypted)
        self.prefix = QLineEdit(values["archive_prefix"])
        self.prefix.setPlaceholderText("DA")
        self.prefix.setMaxLength(union_settings.LENGTHS["archive_prefix"])
        self.dibao = QLineEdit(values["dibao_line_fen"])
        self.dibao.setPlaceholderText(self.tr("not set"))
        self._row(form, "union_name", self.tr("Union name (printed in headers)"), self.union_name)
        self._row(form, "operator", self.tr("Operator (written in the audit log)"), self.operator)
        self._row(form, "idle_lock_minutes", self.tr("Lock after idle"), self.idle)
        hint = QLabel(
            self.tr("The idle lock needs a database password (Tools > Database password…).")
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        self._row(form, "archive_prefix", self.tr("Archive number prefix"), self.prefix)
        self.prefix_example = QLabel()
        self.prefix_example.setWordWrap(True)
        form.addRow("", self.prefix_example)
        self.prefix.textChanged.connect(self._show_prefix_example)
        self._show_prefix_example()
        dibao = self.tr("Minimum living line (yuan a person a month)")
        self._row(form, "dibao_line_fen", dibao, self.dibao)
        return page

    def _show_prefix_example(self) -> None:
        from datetime import date

        prefix = self.prefix.text().strip() or "DA"
        self.prefix_example.setText(
            self.tr("New archive numbers look like {0}; numbers given already stay.").format(
                f"{prefix}-{date.today().year}-0001"
            )
        )

    def _form_page(self, values: dict[str, str]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.form_title = QLineEdit(values["form_title"])
        self.form_title.setMaxLength(union_settings.LENGTHS["form_title"])
        self.form_levels = _lines(QPlainTextEdit(values["form_levels"]), 4)
        self.form_commitment = _lines(QPlainTextEdit(values["form_commitment"]), 2)
        self.form_note = _lines(QPlainTextEdit(values["form_note"]), 2)
        self._row(form, "form_title", self.tr("Title"), self.form_title)
        self._row(form, "form_levels", self.tr("Approval boxes (one per line)"), self.form_levels)
        self._row(form, "form_commitment", self.tr("Applicant's commitment"), self.form_commitment)
        self._row(form, "form_note", self.tr("Note under the form"), self.form_note)
        self.preview_button = QPushButton(self.tr("Preview on an example family…"))
        self.preview_button.clicked.connect(self.preview_form)
        defaults = QPushButton(self.tr("Usual wording"))
        defaults.setToolTip(self.tr("Put back the wording the program started with"))
        defaults.clicked.connect(self.usual_wording)
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(defaults)
        row.addStretch(1)
        form.addRow("", row)
        return page

    def _ownership_page(self, types: list[str]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.ownership = QListWidget()
        self.ownership.addItems(types)
        self.new_type = QLineEdit()
        self.new_type.setPlaceholderText(self.tr("New ownership type, e.g. 混合所有制"))
        form.addRow(self.tr("Ownership types"), self.ownership)
        form.addRow("", self.new_type)
        return page

    # Values ---------------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        return {
            "union_name": self.union_name.text(),
            "operator": self.operator.text(),
            "idle_lock_minutes": str(self.idle.value()),
            "archive_prefix": self.prefix.text(),
            "dibao_line_fen": self.dibao.text(),
            "form_title": self.form_title.text(),
            "form_levels": self.form_levels.toPlainText(),
            "form_commitment": self.form_commitment.toPlainText(),
            "form_note": self.form_note.toPlainText(),
        }

    def usual_wording(self) -> None:
        self.form_title.setText(DEFAULTS["form_title"])
        self.form_levels.setPlainText(DEFAULTS["form_levels"])
        self.form_commitment.setPlainText(DEFAULTS["form_commitment"])
        self.form_note.setPlainText(DEFAULTS["form_note"])

    def _show_problems(self, problems: dict[str, str]) -> None:
        for key, label in self.problems.items():
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        if problems:
            first = self.problems[next(iter(problems))]
            for index in range(self.pages.count()):
                if self.pages.widget(index).isAncestorOf(first):
                    self.pages.setCurrentIndex(index)
                    break

    def checked(self, keys: tuple[str, ...] | None = None) -> dict[str, str] | None:
        values = self.values()
        if keys is not None:
            values = {key: values[key] for key in keys}
        try:
            stored = union_settings.checked(values)
        except SettingsInvalid as refused:
            self._show_problems(refused.problems)
            return None
        self._show_problems({})
        return stored

    def preview_form(self) -> Path | None:
        """The 审批表 with the wording as typed, for an example family; nothing is saved."""
        from ui.preview import PreviewDialog
        from ui.print_dialog import print_in_background
        from unionapp.reports.registry import ReportRequest
        from unionapp.system.folders import cache_dir

        wording = self.checked((*FORM_WORDING, "union_name", "archive_prefix"))
        if wording is None:
            return None
        folder = cache_dir() / "preview"
        shutil.rmtree(folder, ignore_errors=True)  # earlier examples (one still open stays)
        folder.mkdir(parents=True, exist_ok=True)
        target = Path(tempfile.mkdtemp(dir=folder)) / "审批表示例.pdf"
        request = ReportRequest("hardship-form", sample=True, settings=wording)
        path = print_in_background(self, self.database, request, target)
        if path is not None:
            PreviewDialog(path, self, title=wording["form_title"]).exec()
        return path

    def save(self) -> None:
        try:
            with self.database.write() as session:
                union_settings.save(session, self.values())
                if self.new_type.text().strip():
                    add_ownership_type(session, self.new_type.text().strip())
        except SettingsInvalid as refused:
            self._show_problems(refused.problems)
            return
        except DatabaseError as error:
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
            return
        self.database.operator = self.operator.text().strip()
        self.accept()
