"""A small table of the records that hang off the selected one (visits, members, aid, reviews …).

The selection stays on a record through a save (the saved one), a delete (its neighbour) and
the delete's undo (the record put back). On a read-only database the buttons are there but
disabled, saying why.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QAction
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


MAX_COLUMN_WIDTH = 260


def read_only_reason() -> str:
    return QCoreApplication.translate(
        "ChildPanel",
        "The database is open read-only: records can be read, printed and exported, not changed.",
    )


class ChildPanel(QWidget):
    changed = Signal()

    def __init__(
        self, database: Database | None, spec: RecordSpec, undo: UndoStack, read_only: bool = False
    ) -> None:
        super().__init__()
        self.database = database
        self.spec = spec
        self.undo = undo
        self.view_only = read_only  # a view of records kept elsewhere (congresses of a company)
        self.parent_id: int | None = None
        self._deleted: list[int] = []  # ids this panel deleted, for the selection after an undo
        self.setObjectName(f"panel_{spec.key}")
        self.model = self.make_model()
        self.view = TableView()
        self.view.setObjectName(f"table_{spec.key}")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.model.modelReset.connect(self._fit_columns)
        self.summary = QLabel()
        self.summary.setObjectName(f"summary_{spec.key}")
        self.buttons = QHBoxLayout()
        self.writing_buttons: list[QPushButton] = []  # disabled on a read-only database
        self.writing_actions: list[QAction] = []
        self.needs_selection: list[QPushButton] = []
        self._build_buttons()
        self.buttons.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(self.buttons)
        layout.addWidget(self.view)
        self.undo.restored.connect(self._restored)
        self.view.selectionModel().selectionChanged.connect(self.update_buttons)
        self.set_parent(None)

    def make_model(self) -> RecordTableModel:
        return RecordTableModel(self.database, self.spec, self)

    def _fit_columns(self) -> None:
        """Columns as wide as what they hold, none wider than a long school name needs (a long
        text reads whole in its tooltip and the record's form)."""
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            if self.view.columnWidth(column) > MAX_COLUMN_WIDTH:
                self.view.setColumnWidth(column, MAX_COLUMN_WIDTH)

    def _build_buttons(self) -> None:
        self.add_button = self.button(self.tr("Add"), self.add, writes=True, selected=False)
        self.edit_button = self.button(self.tr("Edit"), self.edit, writes=True)
        self.delete_button = self.button(self.tr("Delete"), self.delete, writes=True)
        if not self.view_only:
            self.view.doubleClicked.connect(self.edit)
            self.writing_actions += self.view.add_row_actions(
                (self.tr("Edit"), self.edit), (self.tr("Delete"), self.delete)
            )

    def button(self, text: str, slot, *, writes: bool, selected: bool = True) -> QPushButton:  # type: ignore[no-untyped-def]
        """A button in the bar; one that writes is hidden on a view-only list and disabled on a
        read-only database; one that acts on a row waits for a row to be selected."""
        button = QPushButton(text)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        if writes:
            button.setVisible(not self.view_only)
            self.writing_buttons.append(button)
        if selected:
            self.needs_selection.append(button)
        return button

    def writable(self) -> bool:
        return self.database is not None and not self.database.read_only and not self.view_only

    def update_buttons(self) -> None:
        writable = self.writable()
        reason = "" if writable or self.view_only else read_only_reason()
        chosen = self.selected_id() is not None
        for button in self.writing_buttons:
            button.setToolTip(reason)
        for button in self.buttons_in_bar():
            ok = self.parent_id is not None and (chosen or button not in self.needs_selection)
            button.setEnabled(ok and (writable or button not in self.writing_buttons))
        for action in self.writing_actions:
            action.setEnabled(writable)

    def buttons_in_bar(self) -> list[QPushButton]:
        found = (self.buttons.itemAt(i).widget() for i in range(self.buttons.count()))
        return [w for w in found if isinstance(w, QPushButton)]

    def set_parent(self, parent_id: int | None) -> None:
        """Show the records of ``parent_id``; the same parent again keeps the selection."""
        kept = self.selected_id() if parent_id == self.parent_id else None
        self.parent_id = parent_id
        self.model.query.parent_id = parent_id if parent_id is not None else -1
        if parent_id is None:
            self.model.clear()
        else:
            self.model.reload()
        if kept is not None:
            self.select_id(kept)
        self._update_summary()
        self.update_buttons()

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

    def select_id(self, record_id: int) -> bool:
        row = self.model.row_of(record_id)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def add(self) -> None:
        if self.parent_id is None or not self.writable():
            return
        from ui.record_form import RecordForm

        form = RecordForm(self.database, self.spec, parent_id=self.parent_id, parent=self)
        if form.exec() and form.saved_id is not None:
            self._after_change(form.saved_id)

    def edit(self) -> None:
        record_id = self.selected_id()
        if record_id is None or not self.writable():
            return
        from ui.record_form import RecordForm

        form = RecordForm(self.database, self.spec, record_id=record_id, parent=self)
        if form.exec():
            self._after_change(record_id)

    def delete(self) -> None:
        record_id = self.selected_id()
        if record_id is None or not self.writable():
            return
        row = self.model.row_of(record_id) or 0
        if self.undo.delete_with_confirmation(self, self.spec, record_id):
            self._deleted.append(record_id)
            self.model.reload()
            neighbour = self.model.id_at(min(row, self.model.rowCount() - 1))
            self._after_change(neighbour)

    def _restored(self, key: str) -> None:
        """An undo put a record back: if it was one this panel deleted, select it."""
        if key != self.spec.key or not self._deleted or self.parent_id is None:
            return
        self.model.reload()
        self.select_id(self._deleted.pop())  # undo puts back the newest delete first
        self._update_summary()
        self.changed.emit()

    def _after_change(self, select: int | None = None) -> None:
        self.model.reload()
        if select is not None:
            self.select_id(select)
        self._update_summary()
        self.update_buttons()
        self.changed.emit()


def by_enterprise(spec: RecordSpec) -> RecordSpec:
    """A view of a top-level record type as a child list of one enterprise."""
    return replace(spec, parent_key="enterprise_id")
