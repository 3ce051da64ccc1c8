"""A lazy table over one record type: keeps the ids, fetches rows as they are shown.

Sorting and filtering happen in SQL (``unionapp.services.listing``); only the rows the view
asks for are read, a page at a time, and kept in a small cache.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ui.i18n import field_label
from unionapp.schema import RecordSpec
from unionapp.schema.fields import display
from unionapp.schema.filters import ListQuery

if TYPE_CHECKING:
    from unionapp.database import Database

PAGE = 100
CACHE_ROWS = 3000
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_NUMERIC = {"int", "money", "float", "year"}
TOOLTIP_FROM = 12  # characters: a shorter text always fits its column

Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    counts_changed = Signal(int, int)  # shown, total

    def __init__(self, database: Database | None, spec: RecordSpec, parent: Any = None) -> None:
        super().__init__(parent)
        self.database = database
        self.spec = spec
        self.columns = spec.columns
        self.query = ListQuery()
        self._ids: list[int] = []
        self._cache: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self.total = 0
        self.fetches = 0  # how many times rows were read (tests check laziness)
        self.loaded = False

    # Query -----------------------------------------------------------------
    def reload(self, recount: bool = True) -> None:
        """Re-run the query; ``recount`` after inserts and deletes, not for a new filter."""
        from unionapp.services.listing import count_all, list_ids

        first = not self.loaded
        self.loaded = True
        with self.database.read() as session:
            ids = list_ids(session, self.spec, self.query)
            total = (
                count_all(session, self.spec, self.query.parent_id)
                if recount or first
                else self.total
            )
        self.beginResetModel()
        self._ids = ids
        self._cache.clear()
        self.total = total
        self.endResetModel()
        self.counts_changed.emit(len(self._ids), self.total)

    def clear(self) -> None:
        """No rows, without asking the database (a child list with no parent chosen)."""
        self.beginResetModel()
        self._ids = []
        self._cache.clear()
        self.total = 0
        self.endResetModel()
        self.counts_changed.emit(0, 0)

    def set_search(self, text: str) -> None:
        self.query.search = text
        self.reload(recount=False)

    def set_filter(self, key: str, value: str) -> None:
        if value:
            self.query.filters[key] = value
        else:
            self.query.filters.pop(key, None)
        self.reload(recount=False)

    def refresh_record(self, record_id: int) -> None:
        """A record was edited: drop its cached row and repaint it."""
        self._cache.pop(record_id, None)
        row = self.row_of(record_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    # Lookups ---------------------------------------------------------------
    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int | None:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return None

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def cached_rows(self) -> int:
        return len(self._cache)

    def _row(self, row: int) -> dict[str, Any]:
        from unionapp.services.listing import fetch_rows

        record_id = self._ids[row]
        cached = self._cache.get(record_id)
        if cached is not None:
            self._cache.move_to_end(record_id)
            return cached
        start = max(0, row - PAGE // 4)
        wanted = [i for i in self._ids[start : start + PAGE] if i not in self._cache]
        with self.database.read() as session:
            fetched = fetch_rows(session, self.spec, wanted, self.columns)
        self.fetches += 1
        for key in wanted:
            self._cache[key] = fetched.get(key, {})
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)
        return self._cache.get(record_id, {})

    # Qt model API ----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return field_label(self.columns[section])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        field = self.columns[index.column()]
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(field, self._row(index.row()).get(field.key))
        if role == Qt.ItemDataRole.ToolTipRole:  # a long text cut in its cell reads whole here
            text = display(field, self._row(index.row()).get(field.key))
            return text if len(text) > TOOLTIP_FROM else None
        if role == SORT_ROLE:
            return self._row(index.row()).get(field.key)
        if role == Qt.ItemDataRole.TextAlignmentRole and field.kind in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.query.sort = self.columns[column].key
        self.query.descending = order == Qt.SortOrder.DescendingOrder
        if self.loaded:  # a restored sort order waits for the first load
            self.reload(recount=False)
