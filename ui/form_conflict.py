"""An edit form against other clerks' changes (optimistic locking).

The form remembers the version of the record it opened; a save passes it, and the core refuses
(RecordChanged) when the record changed or went since. The clerk then chooses: load the latest
content (dropping the edits), save these edits over the new version, or go on editing. A
record deleted meanwhile is said so; the form can stay open to copy text, nothing is saved.
While the form is open, a change to its record elsewhere shows a notice line and never
touches what the clerk typed.
"""

from __future__ import annotations

import enum
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMessageBox

from ui.change_watch import window_watch
from unionapp.db import DatabaseError

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from ui.record_form import RecordForm


class Choice(enum.Enum):
    RELOAD = "reload"  # 载入最新内容
    OVERWRITE = "overwrite"  # 仍用我的修改覆盖
    KEEP_EDITING = "keep_editing"  # 取消
    GONE = "gone"  # deleted meanwhile: nothing can be saved


class EditGuard(QObject):
    def __init__(self, form: RecordForm) -> None:
        super().__init__(form)
        self.form = form
        self.version: int | None = None  # None: a new record, nothing to guard
        self.notice = QLabel()
        self.notice.setObjectName("changed_elsewhere")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b45309; font-weight: bold;")
        self.notice.hide()
        self._watch = window_watch(form.parentWidget())
        if self._watch is not None:
            self._watch.changed.connect(self.check)

    def release(self) -> None:
        """The form closed: no more looks at its record."""
        if self._watch is not None:
            self._watch.changed.disconnect(self.check)
            self._watch = None

    def current(self) -> int | None:
        """The record's version now (None: deleted)."""
        from unionapp.services.records import current_version

        form = self.form
        with form.database.read() as session:
            return current_version(session, form.spec, form.record_id)

    def check(self, tables: frozenset[str] | None = None) -> bool:
        """Tables changed elsewhere: if this record is among them, say so above the buttons
        (the clerk's edits stay as typed). True when it changed."""
        form = self.form
        if self.version is None or form.record_id is None:
            return False
        if tables is not None and form.spec.model.__tablename__ not in tables:
            return False
        try:
            now = self.current()
        except DatabaseError as error:  # busy a moment (a sync writing): the next change looks
            log.warning("the form's record not looked up: %s", error)
            return False
        if now == self.version:
            return False
        if now is None:
            self.notice.setText(self.tr("This record has been deleted by someone else."))
        else:
            self.notice.setText(
                self.tr(
                    "This record has been changed by someone else. Your edits are kept; "
                    "saving will ask what to do."
                )
            )
        self.notice.show()
        return True

    def ask(self) -> Choice:
        """The save was refused: the record changed or went since the form opened."""
        form = self.form
        now = self.current()
        if now is None:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Record deleted"), "", parent=form)
            box.setText(
                self.tr(
                    "This record was deleted by someone else after you opened it; your edits "
                    "were not saved. The form can stay open so you can copy text from it."
                )
            )
            box.addButton(self.tr("Keep the form open"), QMessageBox.ButtonRole.AcceptRole)
            close = box.addButton(self.tr("Close the form"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            self.version = None
            form.save_button.setEnabled(False)
            self.notice.setText(self.tr("This record has been deleted by someone else."))
            self.notice.show()
            if box.clickedButton() is close:
                form.discard()
            else:  # kept open to copy from: closing it later asks nothing
                form.mark_unchanged()
            return Choice.GONE
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Changed by someone else"), "")
        box.setParent(form, box.windowFlags())
        box.setText(
            self.tr(
                "Someone else changed this record after you opened it; your edits are not "
                "saved yet. What should be done?"
            )
        )
        reload = box.addButton(self.tr("Load the latest content"), QMessageBox.ButtonRole.ResetRole)
        overwrite = box.addButton(
            self.tr("Save my edits over it"), QMessageBox.ButtonRole.DestructiveRole
        )
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is reload:
            form.reload_record()
            return Choice.RELOAD
        if clicked is overwrite:  # the clerk's edits on top of the new version
            form.merge_latest()
            self.notice.hide()
            return Choice.OVERWRITE
        return Choice.KEEP_EDITING
