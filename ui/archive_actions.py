"""脱困/退档 and 恢复在档 on a family: a small dialog (which, date, reason), one write transaction
through the archive service, then the table and details refreshed with the family selected.

The buttons sit in the family tab's bar and the same actions in the row's right-click menu;
each is enabled by the selected family's status (in the archive or not) and the database being
writable.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.editors import FieldEditor
from ui.form_parts import Level, MessageLine, field_caption
from unionapp.schema import FieldSpec
from unionapp.schema.codes import ACTIVE, FAMILY_STATUSES
from unionapp.schema.fields import Context, clean_value
from unionapp.schema.records import FAMILY
from unionapp.validation.common import ValidationError

if TYPE_CHECKING:
    from ui.record_tab import RecordTab
    from unionapp.database import Database

LEAVING = tuple(status for status in FAMILY_STATUSES if status != ACTIVE)  # 已脱困, 已退档
LEAVE_FIELDS = (
    FieldSpec("status", "脱困/退档", "Leaves as", "choice", required=True, choices=LEAVING),
    FieldSpec("when", "脱困/退档日期", "Left on", "date", required=True),
    FieldSpec("reason", "脱困/退档原因", "Reason for leaving", required=True, max_length=200),
)
REOPEN_FIELDS = (
    FieldSpec("when", "恢复在档日期", "Back on file from", "date", required=True),
    FieldSpec("reason", "恢复原因", "Reason", required=True, max_length=200),
)


class ArchiveDialog(QDialog):
    """Asks which way the family leaves (or why it comes back), from when, and why."""

    def __init__(
        self, database: Database, leaving: bool, who: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.leaving = leaving
        self.setObjectName("leave_dialog" if leaving else "reopen_dialog")
        self.setWindowTitle(self.tr("Leave the archive") if leaving else self.tr("Back on file"))
        self.fields = LEAVE_FIELDS if leaving else REOPEN_FIELDS
        self.editors: dict[str, FieldEditor] = {}
        self.messages: dict[str, MessageLine] = {}
        grid = QGridLayout()
        grid.setVerticalSpacing(0)
        grid.setColumnMinimumWidth(1, 360)
        for row, spec in enumerate(self.fields):
            editor = FieldEditor(spec, spec.choices, database, 2 if spec.key == "reason" else 0)
            editor.changed.connect(lambda key=spec.key: self.messages[key].clear_message())
            label = field_caption(spec)
            label.setBuddy(editor.focus_widget())
            message = MessageLine(spec.key)
            grid.addWidget(label, 2 * row, 0)
            grid.addWidget(editor, 2 * row, 1)
            grid.addWidget(message, 2 * row + 1, 1)
            self.editors[spec.key] = editor
            self.messages[spec.key] = message
        self.editors["when"].set_value(date.today())
        heading = QLabel(who)
        heading.setObjectName("who")
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        explain = QLabel(
            self.tr("The family leaves the list of families on file; its record and history stay.")
            if leaving
            else self.tr("The family is on file again; the earlier exit stays in the audit log.")
        )
        explain.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Leave the archive") if leaving else self.tr("Back on file"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.adjustSize()

    def values(self) -> dict[str, Any] | None:
        """The cleaned answers, or None after showing what is missing or wrong."""
        values: dict[str, Any] = {}
        context = Context()
        for spec in self.fields:
            try:
                values[spec.key] = clean_value(
                    spec, self.editors[spec.key].value(), context, FAMILY
                )
            except ValidationError as error:
                self.messages[spec.key].show_message(error.message, Level.ERROR)
        if len(values) < len(self.fields):
            return None
        return values

    def accept(self) -> None:
        if self.values() is not None:
            super().accept()


class ArchiveActions(QObject):
    """The family tab's 脱困/退档… and 恢复在档… (buttons and right-click menu)."""

    def __init__(self, tab: RecordTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.status: str | None = None
        self.leave_button = QPushButton(self.tr("Leave the archive…"))
        self.leave_button.setObjectName("leave")
        self.reopen_button = QPushButton(self.tr("Back on file…"))
        self.reopen_button.setObjectName("reopen")
        self.leave_button.clicked.connect(self.leave)
        self.reopen_button.clicked.connect(self.reopen)
        self.actions: list[QAction] = tab.view.add_row_actions(
            (self.tr("Leave the archive…"), self.leave), (self.tr("Back on file…"), self.reopen)
        )
        self.update(None)

    def corner(self) -> QWidget:
        """The two buttons side by side, for the corner of the details' tab bar."""
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 2, 2)
        row.addWidget(self.leave_button)
        row.addWidget(self.reopen_button)
        return holder

    def update(self, status: str | None) -> None:
        """Enable what fits the selected family: leaving for one on file, coming back for one
        that left; nothing on a read-only database (the tooltip says why)."""
        self.status = status
        writable = self.tab.writable()
        on_file = status == ACTIVE
        for widget, fits in (
            (self.leave_button, on_file),
            (self.reopen_button, status is not None and not on_file),
        ):
            widget.setEnabled(writable and fits)
            widget.setToolTip("" if writable else self.tab.read_only_reason())
        self.actions[0].setEnabled(writable and on_file)
        self.actions[1].setEnabled(writable and status is not None and not on_file)

    def _who(self, family_id: int) -> tuple[str, str] | None:
        from unionapp.services.archive import family_label

        with self.tab.database.read() as session:
            family = session.get(FAMILY.model, family_id)
            if family is None:
                return None
            return family.status, family_label(family.archive_no, family.worker_name)

    def leave(self) -> bool:
        return self._run(leaving=True)

    def reopen(self) -> bool:
        return self._run(leaving=False)

    def _run(self, leaving: bool) -> bool:
        from unionapp.db import DatabaseError
        from unionapp.services import archive
        from unionapp.services.errors import RefusedError

        family_id = self.tab.selected_id()
        if family_id is None or not self.tab.writable():
            return False
        found = self._who(family_id)
        if found is None or (found[0] == ACTIVE) != leaving:
            return False
        dialog = ArchiveDialog(self.tab.database, leaving, found[1], self.tab)
        if not dialog.exec():
            return False
        answers = dialog.values()
        if answers is None:
            return False
        try:
            with self.tab.database.write() as session:
                if leaving:
                    archive.leave(
                        session, family_id, answers["status"], answers["when"], answers["reason"]
                    )
                else:
                    archive.reopen(session, family_id, answers["when"], answers["reason"])
        except (RefusedError, DatabaseError) as error:
            QMessageBox.warning(self.tab, self.tr("Not saved"), str(error))
            return False
        self.tab.record_changed(family_id)
        return True
