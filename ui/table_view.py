"""The table view every list uses, with what a clerk expects of any table: Ctrl+C copies the
selected rows for Excel or WPS, a right click on a row offers what can be done with it, and a
right click on the header chooses the columns shown (kept with the rest of the header state)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QTableView, QWidget

COPY_LIMIT = 5000  # rows; more is a job for 导出…, which writes a file off the GUI thread


class TableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        header = self.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_column_menu)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.copy_action = QAction(self.tr("Copy"), self)
        self.copy_action.triggered.connect(lambda: copy_rows(self))
        self.addAction(self.copy_action)

    def _show_column_menu(self, point: QPoint) -> None:
        menu = column_menu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one menu per right click
        menu.popup(self.horizontalHeader().mapToGlobal(point))

    def add_row_actions(self, *items: tuple[str, Callable[[], object]]) -> list[QAction]:
        """What the right-click menu offers for the selected rows, above Copy (returned, so a
        read-only window can disable those that write)."""
        actions = []
        for text, slot in items:
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.insertAction(self.copy_action, action)
            actions.append(action)
        return actions

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):  # Qt's own copies one cell only
            copy_rows(self)
            event.accept()
            return
        super().keyPressEvent(event)


def visible_columns(view: QTableView) -> list[int]:
    header = view.horizontalHeader()
    columns = [c for c in range(view.model().columnCount()) if not header.isSectionHidden(c)]
    return sorted(columns, key=header.visualIndex)  # in the order the clerk sees them


def rows_text(view: QTableView, rows: list[int]) -> str:
    """The rows as tab-separated lines, a header line first: the text the table shows (masked
    ID numbers stay masked)."""
    model = view.model()
    columns = visible_columns(view)
    display = Qt.ItemDataRole.DisplayRole
    lines = [
        "\t".join(str(model.headerData(c, Qt.Orientation.Horizontal, display)) for c in columns)
    ]
    for row in rows:
        cells = (model.index(row, c).data(display) for c in columns)
        lines.append("\t".join("" if v is None else " ".join(str(v).split()) for v in cells))
    return "\n".join(lines) + "\n"


def copy_rows(view: QTableView) -> int:
    """Copy the selected rows to the clipboard; returns how many were copied."""
    rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
    if not rows:
        return 0
    if len(rows) > COPY_LIMIT:
        QMessageBox.information(
            view, QCoreApplication.translate("TableView", "Copy"),
            QCoreApplication.translate("TableView", "{0} rows are selected. Copy at most {1} at a "
                                       "time, or use Export… for a list this long.").format(
                f"{len(rows):,}", f"{COPY_LIMIT:,}"))  # fmt: skip
        return 0
    QApplication.clipboard().setText(rows_text(view, rows))
    return len(rows)


def column_menu(view: QTableView) -> QMenu:
    """One check box per column; the last column shown cannot be hidden."""
    header = view.horizontalHeader()
    model = view.model()
    menu = QMenu(view)
    shown = visible_columns(view)
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        action = menu.addAction(str(title))
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.setEnabled(shown != [column])
        action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
    return menu
