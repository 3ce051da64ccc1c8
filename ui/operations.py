"""Thin GUI-to-core calls for deleting and undoing, in the spirit of Anki's operations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from unionapp.db import DatabaseError
from unionapp.schema import RecordSpec
from unionapp.services.errors import RefusedError

if TYPE_CHECKING:
    from unionapp.database import Database
    from unionapp.services.records import Snapshot


@dataclass
class Deletion:
    spec: RecordSpec
    snapshot: Snapshot


class UndoStack(QObject):
    """Deletions made in this session, newest last; Edit > Undo puts the newest back."""

    changed = Signal()
    restored = Signal(str)  # record spec key

    def __init__(self, database: Database | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self._stack: list[Deletion] = []

    def push(self, deletion: Deletion) -> None:
        self._stack.append(deletion)
        self.changed.emit()

    def can_undo(self) -> bool:
        return bool(self._stack)

    def undo_text(self) -> str:
        if not self._stack:
            return self.tr("Undo")
        return self.tr("Undo delete of {0}").format(self._stack[-1].snapshot.label)

    def undo(self, parent: QWidget | None = None) -> bool:
        if not self._stack:
            return False
        from unionapp.services import records

        deletion = self._stack[-1]
        try:
            with self.database.write() as session:
                records.restore(session, deletion.snapshot)
        except (DatabaseError, RefusedError) as error:
            QMessageBox.warning(parent, self.tr("Could not undo"), str(error))
            return False
        except Exception as error:  # an id taken again since the delete, say
            QMessageBox.warning(parent, self.tr("Could not undo"), str(error))
            return False
        self._stack.pop()
        self.changed.emit()
        self.restored.emit(deletion.spec.key)
        return True

    def delete_with_confirmation(self, parent: QWidget, spec: RecordSpec, record_id: int) -> bool:
        """Ask once, naming what will go; delete in one transaction; remember it for undo."""
        from unionapp.services import records

        with self.database.read() as session:
            obj = session.get(spec.model, record_id)
            if obj is None:
                return False
            refusal = records.delete_refusal(session, spec, record_id)
            title = getattr(obj, spec.title_field)
            dependents = records.dependents_summary(obj)
            version = getattr(obj, "version", None)  # what the question names is this version
        if refusal:
            QMessageBox.warning(parent, self.tr("Cannot delete"), refusal)
            return False
        question = self.tr("Delete {0} “{1}”?").format(spec.label, title)
        if dependents:
            question += "\n" + self.tr("This also deletes {0}.").format(dependents)
        question += "\n" + self.tr("You can undo this from the Edit menu.")
        answer = QMessageBox.question(
            parent,
            self.tr("Delete"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            with self.database.write() as session:
                snapshot = records.delete(session, spec, record_id, expected_version=version)
        except (DatabaseError, RefusedError) as error:  # RecordChanged: changed since it asked
            QMessageBox.warning(parent, self.tr("Not deleted"), str(error))
            return False
        self.push(Deletion(spec, snapshot))
        return True
