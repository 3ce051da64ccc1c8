"""One editor widget per field kind, made from the field's description.

``value()`` gives what the clerk typed (the core cleans it); ``changed`` fires on every edit and
``left`` when the clerk leaves the field, so a form can hold back "必填" until then.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QEvent,
    QObject,
    QRegularExpression,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QWidget,
    QWidgetAction,
)
from sqlalchemy import select

from unionapp.database import Database
from unionapp.models import Enterprise
from unionapp.schema import FieldSpec, RecordSpec
from unionapp.schema.fields import form_text

# Grey hints inside empty editors; a date's must not look like a date already given.
PLACEHOLDERS = {
    "date": QT_TRANSLATE_NOOP("FieldEditor", "yyyy-mm-dd, e.g. 2024-03-01"),
    "money": QT_TRANSLATE_NOOP("FieldEditor", "yuan, e.g. 1500.00"),
    "idcard": QT_TRANSLATE_NOOP("FieldEditor", "18-digit ID number"),
    "creditcode": QT_TRANSLATE_NOOP("FieldEditor", "18-character unified credit code"),
    "phone": QT_TRANSLATE_NOOP("FieldEditor", "mobile or landline"),
    "archiveno": QT_TRANSLATE_NOOP("FieldEditor", "leave blank to number automatically"),
    "bankcard": QT_TRANSLATE_NOOP("FieldEditor", "12 to 19 digits"),
    "employer": QT_TRANSLATE_NOOP("FieldEditor", "type to choose from the survey, or any name"),
    "year": QT_TRANSLATE_NOOP("FieldEditor", "e.g. 2024"),
}
NUMERIC_KINDS = ("int", "money", "float", "year")
LONG_LINE = 150  # a one-line text allowed this many characters or more wraps onto two lines
COMPLETIONS = 30
LONG_TEXT_LINES = 4  # a free text (circumstances, notes) shows this many lines


def translate(text: str) -> str:
    return QCoreApplication.translate("FieldEditor", text)


def wraps(spec: FieldSpec, record: RecordSpec) -> bool:
    """A long one-line text (an address, a reason) wraps onto two lines; a name never does."""
    return spec.kind == "text" and spec.max_length >= LONG_LINE and spec.key != record.title_field


def is_wide(spec: FieldSpec, record: RecordSpec) -> bool:
    """Fields that take a form's whole width: free texts, several choices, long lines."""
    if spec.derived:
        return False
    return spec.kind in ("longtext", "multi", "employer") or wraps(spec, record)


def as_typed(spec: FieldSpec, value: Any) -> str:
    """A stored value as its editor shows it; text (a value given as typed) stays as it is."""
    if value is None or isinstance(value, str):
        return value or ""
    return form_text(spec, value)


def lines_high(text: QPlainTextEdit, lines: int) -> int:
    """The height that shows ``lines`` lines whole, whichever fallback font draws them (some
    are a little taller than the first)."""
    line = text.fontMetrics().lineSpacing() + 2
    return int(line * lines + 2 * (text.document().documentMargin() + text.frameWidth()))


class OneLineText(QPlainTextEdit):
    """A one-line value long enough to wrap (an address of 120 characters reads at once):
    Enter moves on like Tab, pasted line breaks become spaces."""

    def __init__(self, lines: int = 2) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFixedHeight(lines_high(self, lines))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source) -> None:  # type: ignore[no-untyped-def]
        self.insertPlainText(" ".join(source.text().split()))


class _FocusWatch(QObject):
    """Tells the editor when focus leaves one of its widgets."""

    def __init__(self, editor: FieldEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            if event.reason() != Qt.FocusReason.PopupFocusReason:  # a list opening is not leaving
                self.editor.left.emit(event.reason().value)
        elif event.type() == QEvent.Type.FocusIn:
            self.editor.entered.emit()
        return False


class FieldEditor(QWidget):
    """Wraps the editor for one field: ``value()`` gives raw input, ``changed`` fires on edits,
    ``entered`` and ``left`` when focus comes into it and leaves it."""

    changed = Signal()
    entered = Signal()
    left = Signal(int)  # the Qt.FocusReason it left by

    def __init__(
        self,
        spec: FieldSpec,
        choices: tuple[str, ...],
        database: Database,
        wrap_lines: int = 0,
    ) -> None:
        super().__init__()
        self.spec = spec
        self.wrap_lines = wrap_lines  # a long one-line text shown on this many lines
        self.database = database
        self._checks: list[QCheckBox] = []
        self._watch = _FocusWatch(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.widget = self._make(spec, choices)
        layout.addWidget(self.widget, 1)
        if spec.kind == "date":
            layout.addWidget(self._calendar_button())
        self.setObjectName(f"editor_{spec.key}")
        self.widget.setObjectName(f"field_{spec.key}")
        for widget in [self.widget, *self._checks]:
            widget.installEventFilter(self._watch)

    # Construction ----------------------------------------------------------
    def _make(self, spec: FieldSpec, choices: tuple[str, ...]) -> QWidget:
        kind = spec.kind
        if kind == "bool":
            box = QCheckBox()
            box.toggled.connect(self.changed)
            return box
        if kind == "choice":
            return self._combo(spec, choices)
        if kind == "multi":
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
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
            text.setFixedHeight(lines_high(text, LONG_TEXT_LINES))
            text.textChanged.connect(self.changed)
            return text
        if self.wrap_lines:
            wrapping = OneLineText(self.wrap_lines)
            wrapping.textChanged.connect(self.changed)
            return wrapping
        line = QLineEdit()
        line.setMaxLength(spec.max_length if kind in ("text", "employer") else 40)
        if kind in PLACEHOLDERS:
            line.setPlaceholderText(translate(PLACEHOLDERS[kind]))
        line.textChanged.connect(self.changed)
        if kind in ("text", "employer"):  # a text longer than its box can be read whole
            line.textChanged.connect(line.setToolTip)
        if kind in NUMERIC_KINDS:
            line.setAlignment(Qt.AlignmentFlag.AlignRight)
        if kind == "bankcard":
            digits = QRegularExpression(r"[0-9 \-]{0,25}")
            line.setValidator(QRegularExpressionValidator(digits, line))
        if kind in ("enterprise", "employer"):
            self._completions = QStringListModel(self)
            completer = QCompleter(self._completions, line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            line.setCompleter(completer)
            line.textEdited.connect(self._complete)
        return line

    def _combo(self, spec: FieldSpec, choices: tuple[str, ...]) -> QComboBox:
        """A list; a blank one says so (never a silent first choice): an optional field has a
        "(not given)" entry, a required one without a default shows "choose…" until chosen."""
        combo = QComboBox()
        combo.setMaxVisibleItems(20)
        if not spec.required:
            combo.addItem(self.tr("(not given)"), "")
        for choice in choices:
            combo.addItem(choice, choice)
        combo.setPlaceholderText(self.tr("Choose…"))
        combo.setCurrentIndex(-1 if spec.required else 0)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def _calendar_button(self) -> QToolButton:
        """A calendar beside a date: a click sets the date in the box."""
        button = QToolButton()
        button.setObjectName(f"calendar_{self.spec.key}")
        button.setText("▾")
        button.setToolTip(self.tr("Choose from a calendar"))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        menu = QMenu(button)
        calendar = QCalendarWidget()
        calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(lambda: self._show_calendar(calendar))
        calendar.clicked.connect(lambda day: (self._pick_date(day), menu.close()))
        button.setMenu(menu)
        return button

    def _show_calendar(self, calendar: QCalendarWidget) -> None:
        shown = QDate.fromString(self.value().strip(), "yyyy-MM-dd")
        calendar.setSelectedDate(shown if shown.isValid() else QDate.currentDate())

    def _pick_date(self, day: QDate) -> None:
        self.set_value(day.toString("yyyy-MM-dd"))
        self.changed.emit()
        self.left.emit(Qt.FocusReason.OtherFocusReason.value)

    def _complete(self, text: str) -> None:
        """Offer up to 30 survey enterprise names containing what was typed (asked of the
        database as the clerk types, so a register of 100,000 is never loaded whole)."""
        if not text.strip():
            return
        with self.database.read() as session:
            names = list(
                session.scalars(
                    select(Enterprise.name)
                    .where(Enterprise.name.contains(text.strip(), autoescape=True))
                    .order_by(Enterprise.name)
                    .limit(COMPLETIONS)
                )
            )
        self._completions.setStringList(names)

    # Values ----------------------------------------------------------------
    def value(self) -> Any:
        widget = self.widget
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            data = widget.currentData()
            return "" if data is None else data
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
            index = widget.findData(text)
            if index < 0 and text:  # a code an older list had: kept, not lost
                widget.addItem(text, text)
                index = widget.count() - 1
            widget.setCurrentIndex(index)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(as_typed(self.spec, value))
        elif isinstance(widget, QLineEdit):
            text = shown if shown is not None else as_typed(self.spec, value)
            if self.spec.kind == "bankcard":  # read in groups of four, as printed on the card
                text = " ".join(text[i : i + 4] for i in range(0, len(text), 4))
            widget.setText(text)
            widget.setCursorPosition(0)
        else:
            chosen = set(str(value or "").split("、"))
            for check in self._checks:
                check.setChecked(check.text() in chosen)

    def is_blank(self) -> bool:
        value = self.value()
        return value is False or (isinstance(value, str) and not value.strip())

    def focus_widget(self) -> QWidget:
        return self._checks[0] if self.spec.kind == "multi" and self._checks else self.widget
