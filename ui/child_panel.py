"""A small table of the records that hang off the selected one (visits, members, aid …)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import extract, func, select

from ui.operations import UndoStack
from ui.record_form import RecordForm
from ui.table_model import RecordTableModel
from unionapp.db import Database
from unionapp.models import Assistance
from unionapp.schema import RecordSpec


class ChildPanel(QWidget):
    changed = Signal()

    def __init__(
        self, database: Database, spec: RecordSpec, undo: UndoStack, read_only: bool = False
    ) -> None:
        super().__init__()
        self.database = database
        self.spec = spec
        self.undo = undo
        self.parent_id: int | None = None
        self.model = RecordTableModel(database, spec, self)
        self.view = QTableView()
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.set_parent(None)

    def set_parent(self, parent_id: int | None) -> None:
        self.parent_id = parent_id
        self.model.query.parent_id = parent_id if parent_id is not None else -1
        self.model.reload()
        self.add_button.setEnabled(parent_id is not None)
        self._update_summary()

    def _update_summary(self) -> None:
        if self.spec.key != "assistance" or self.parent_id is None:
            self.summary.setText("")
            return
        year = extract("year", Assistance.given_on)
        with self.database.read() as session:
            rows = session.execute(
                select(year, func.sum(Assistance.amount_fen), func.count(Assistance.id))
                .where(Assistance.family_id == self.parent_id)
                .group_by(year)
                .order_by(year.desc())
            ).all()
        totals: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
        for row_year, amount, count in rows:
            totals[int(row_year)] = (amount or 0, count)
        parts = [
            self.tr("{0}: {1} times, ¥{2:,.2f}").format(y, c, a / 100)
            for y, (a, c) in totals.items()
        ]
        self.summary.setText(self.tr("Total per year — ") + "；".join(parts) if parts else "")

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def add(self) -> None:
        if self.parent_id is None:
            return
        form = RecordForm(self.database, self.spec, parent_id=self.parent_id, parent=self)
        if form.exec():
            self._after_change()

    def edit(self) -> None:
        record_id = self.selected_id()
        if record_id is None:
            return
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
