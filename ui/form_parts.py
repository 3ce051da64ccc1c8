"""Pieces of a record form: the message line under a field (space kept for it, so a message
never moves the fields under the mouse), read-only read-outs of derived values, and the grid
that places a section's fields in one or two columns."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from ui.editors import is_wide
from ui.i18n import field_label
from unionapp.schema import FieldSpec, RecordSpec

ERROR_COLOUR = "#b00020"
WARNING_COLOUR = "#9a5200"  # amber, dark enough to read on white
INFO_COLOUR = "#3b6e45"
TWO_COLUMNS_FROM = 7  # fields; fewer stand in one column


class Level(enum.Enum):
    ERROR = ERROR_COLOUR
    WARNING = WARNING_COLOUR
    INFO = INFO_COLOUR


class MessageLine(QLabel):
    """One line under a field, always taking its height: empty, or a message in the colour of
    its level. A message longer than the line is cut with "…"; its full text is the tooltip
    (and the form shows it in full while the field has focus)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.setObjectName(f"message_{key}")
        self.full_text = ""
        self.level: Level | None = None
        self.setFixedHeight(self.fontMetrics().height() + 2)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def show_message(self, text: str, level: Level) -> None:
        if text == self.full_text and level is self.level:
            return
        self.full_text, self.level = text, level
        self.setStyleSheet(f"color: {level.value};")
        self.setToolTip(text)
        self._elide()

    def clear_message(self) -> None:
        if not self.full_text:
            return
        self.full_text, self.level = "", None
        self.setToolTip("")
        self.setText("")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(40, self.width())
        elide = Qt.TextElideMode.ElideRight
        self.setText(self.fontMetrics().elidedText(self.full_text, elide, width))

    def is_shown(self) -> bool:
        return bool(self.full_text)


def read_out(spec: FieldSpec) -> QLineEdit:
    """A derived value (gender from the ID, income per head …): shown, never typed."""
    line = QLineEdit()
    line.setObjectName(f"derived_{spec.key}")
    line.setReadOnly(True)
    line.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    line.setStyleSheet("QLineEdit { background: palette(window); color: palette(text); }")
    if spec.kind in ("int", "money", "float", "year"):
        line.setAlignment(Qt.AlignmentFlag.AlignRight)
    return line


def field_caption(spec: FieldSpec, derived: bool = False) -> QLabel:
    """The field's name; a required one carries a red *, a derived one says it follows."""
    text = field_label(spec).replace("&", "&&")
    label = QLabel()
    label.setObjectName(f"label_{spec.key}")
    if spec.required:
        label.setText(f'{text} <span style="color:{ERROR_COLOUR}">*</span>')
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setToolTip(QCoreApplication.translate("FieldCaption", "Required"))
    else:
        label.setText(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
    if derived:
        label.setToolTip(
            QCoreApplication.translate("FieldCaption", "Follows from the other fields; not typed")
        )
    return label


@dataclass
class Cell:
    spec: FieldSpec
    label: QLabel
    widget: QWidget
    message: MessageLine


def section_grid(
    record: RecordSpec, cells: list[Cell], two_columns: bool | None = None
) -> QGridLayout:
    """Lay out cells in order: label, editor, and the message line under the editor; two
    pairs to a row in longer sections, wide fields across the whole row."""
    if two_columns is None:
        two_columns = len(cells) >= TWO_COLUMNS_FROM
    grid = QGridLayout()
    grid.setHorizontalSpacing(8)
    grid.setVerticalSpacing(0)
    span_all = 4 if two_columns else 1
    grid.setColumnStretch(1, 1)
    if two_columns:
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(1, 250)
        grid.setColumnMinimumWidth(3, 250)
    else:
        grid.setColumnMinimumWidth(1, 260)
    row = col = 0
    top_right = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight
    for cell in cells:
        wide = two_columns and is_wide(cell.spec, record)
        if wide and col:
            row, col = row + 2, 0
        cell.label.setContentsMargins(0, 4, 0, 0)
        grid.addWidget(cell.label, row, col, top_right)
        span = span_all - 1 if wide else 1
        grid.addWidget(cell.widget, row, col + 1, 1, span)
        grid.addWidget(cell.message, row + 1, col + 1, 1, span)
        if wide or col or not two_columns:
            row, col = row + 2, 0
        else:
            col = 2
    grid.setRowStretch(row + 2, 1)
    return grid
