"""One editor widget per field kind, made from the field's description."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from sqlalchemy import select

from unionapp.database import Database
from unionapp.models import Enterprise
from unionapp.schema import FieldSpec
from unionapp.schema.fields import form_text

PLACEHOLDERS = {
    "date": "2023-03-01",
    "money": "0.00",
    "idcard": "18位身份证号",
    "creditcode": "18位统一社会信用代码",
    "phone": "手机或固定电话",
}


class FieldEditor(QWidget):
    """Wraps the editor for one field: ``value()`` gives raw input, ``changed`` fires on edits."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, choices: tuple[str, ...], database: Database) -> None:
        super().__init__()
        self.spec = spec
        self.database = database
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.widget = self._make(spec, choices)
        layout.addWidget(self.widget, 1)
        self.setObjectName(f"editor_{spec.key}")
        self.widget.setObjectName(f"field_{spec.key}")

    def _make(self, spec: FieldSpec, choices: tuple[str, ...]) -> QWidget:
        kind = spec.kind
        if kind == "bool":
            box = QCheckBox()
            box.toggled.connect(self.changed)
            return box
        if kind == "choice":
            combo = QComboBox()
            if not spec.required:
                combo.addItem("")
            combo.addItems(list(choices))
            combo.currentIndexChanged.connect(self.changed)
            return combo
        if kind == "multi":
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            self._checks = []
            for choice in choices:
                check = QCheckBox(choice)
                check.toggled.connect(self.changed)
                row.addWidget(check)
                self._checks.append(check)
            row.addStretch(1)
            return holder
        if kind == "longtext":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(64)
            text.textChanged.connect(self.changed)
            return text
        line = QLineEdit()
        line.setMaxLength(spec.max_length if kind == "text" else 40)
        line.setPlaceholderText(PLACEHOLDERS.get(kind, ""))
        line.textChanged.connect(self.changed)
        if kind in ("int", "money", "float", "year"):
            line.setAlignment(Qt.AlignmentFlag.AlignRight)
        if kind == "enterprise":
            self._completions = QStringListModel(self)
            completer = QCompleter(self._completions, line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            line.setCompleter(completer)
            line.textEdited.connect(self._complete)
        return line

    def _complete(self, text: str) -> None:
        """Offer up to 30 enterprise names containing what was typed (asked of the database)."""
        if not text.strip():
            return
        with self.database.read() as session:
            names = list(
                session.scalars(
                    select(Enterprise.name)
                    .where(Enterprise.name.contains(text.strip(), autoescape=True))
                    .order_by(Enterprise.name)
                    .limit(30)
                )
            )
        self._completions.setStringList(names)

    def value(self) -> Any:
        widget = self.widget
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QLineEdit):
            return widget.text()
        return "、".join(check.text() for check in self._checks if check.isChecked())

    def set_value(self, value: Any, shown: str | None = None) -> None:
        widget = self.widget
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            text = "" if value is None else str(value)
            if widget.findText(text) < 0 and text:
                widget.addItem(text)
            widget.setCurrentIndex(widget.findText(text))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QLineEdit):
            widget.setText(shown if shown is not None else form_text(self.spec, value))
        else:
            chosen = set(str(value or "").split("、"))
            for check in self._checks:
                check.setChecked(check.text() in chosen)

    def focus_widget(self) -> QWidget:
        return self._checks[0] if self.spec.kind == "multi" and self._checks else self.widget
