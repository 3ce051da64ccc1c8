"""A small table of the records that hang off the selected one (visits, members, aid …)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.operations import UndoStack
from ui.table_model import RecordTableModel
from ui.table_view import TableView
from unionapp.schema import RecordSpec

if TYPE_CHECKING:
    from unionapp.database import Database


class ChildPanel(QWidget):
    changed = Signal()

    def __init__(
        self, database: Database | None, spec: RecordSpec, undo: UndoStack, read_only: bool = False
    ) -> None:
        super().__init__()
        self.database = database
        self.spec = spec
        self.undo = undo
        self.parent_id: int | None = None
        self.model = RecordTableModel(database, spec, self)
        self.view = TableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName(f"summary_{spec.key}")
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add"))
        self.edit_button = QPushButton(self.tr("Edit"))
        self.delete_button = QPushButton(self.tr("Delete"))
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(not read_only)
            buttons.addWidget(button)
        buttons.addWidget(self.summary, 1)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        if not read_only:
            self.view.doubleClicked.connect(self.edit)
            self.view.add_row_actions(
                (self.tr("Edit"), self.edit), (self.tr("Delete"), self.delete)
            )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.set_parent(None)

    def set_parent(self, parent_id: int | None) -> None:
        self.parent_id = parent_id
        self.model.query.parent_id = parent_id if parent_id is not None else -1
        if parent_id is None:
            self.model.clear()
        else:
            self.model.reload()
        self.add_button.setEnabled(parent_id is not None)
        self._update_summary()

    def _update_summary(self) -> None:
        if self.spec.key != "assistance" or self.parent_id is None:
            self.summary.setText("")
            return
        from unionapp.services.hardship import assistance_by_year

        with self.database.read() as session:
            totals = assistance_by_year(session, self.parent_id)
        parts = [
            self.tr("{0}: {1} times, ¥{2:,.2f}").format(year, count, fen / 100)
            for year, fen, count in totals
        ]
        self.summary.setText(self.tr("Total per year — ") + "；".join(parts) if parts else "")

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def add(self) -> None:
        if self.parent_id is None:
            return
        from ui.record_form import RecordForm

        form = RecordForm(self.database, self.spec, parent_id=self.parent_id, parent=self)
        if form.exec():
            self._after_change()

    def edit(self) -> None:
        record_id = self.selected_id()
        if record_id is None:
            return
        from ui.record_form import RecordForm

        form = RecordForm(self.database, self.spec, record_id=record_id, parent=self)
        if form.exec():
            self._after_change()

    def delete(self) -> None:
        record_id = self.selected_id()
        if record_id is not None and self.undo.delete_with_confirmation(self, self.spec, record_id):
            self._after_change()

    def _after_change(self) -> None:
        self.model.reload()
        self._update_summary()
        self.changed.emit()


def by_enterprise(spec: RecordSpec) -> RecordSpec:
    """A view of a top-level record type as a child list of one enterprise."""
    return replace(spec, parent_key="enterprise_id")
