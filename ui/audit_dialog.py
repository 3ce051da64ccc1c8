"""The audit log: who changed what and when, filterable by record; it cannot be edited here."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import current_language
from unionapp.audit import display
from unionapp.audit.reading import history
from unionapp.database import Database

ACTIONS_ENGLISH = {
    "insert": "Added",
    "update": "Changed",
    "delete": "Deleted",
    "restore": "Delete undone",
    "import": "Imported",
    "disclose": "Full numbers exported or printed",
}
OTHER_ENGLISH = {"setting": "Settings", "ownership_type": "Ownership types", "target": "Targets"}


def table_label(table: str) -> str:
    if current_language() != "en":
        return display.table_label(table)
    spec = display.SPECS_BY_TABLE.get(table)
    return spec.english if spec is not None else OTHER_ENGLISH.get(table, table)


class AuditDialog(QDialog):
    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        table: str = "",
        row_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(self.tr("Audit log"))
        self.table_filter = QComboBox()
        self.table_filter.addItem(self.tr("All records"), "")
        for name in [*display.SPECS_BY_TABLE, *OTHER_ENGLISH]:
            self.table_filter.addItem(table_label(name), name)
        self.table_filter.setCurrentIndex(max(0, self.table_filter.findData(table)))
        self.row_filter = QLineEdit(str(row_id) if row_id else "")
        self.row_filter.setPlaceholderText(self.tr("Record number"))
        self.table_filter.currentIndexChanged.connect(self.reload)
        self.row_filter.textChanged.connect(self.reload)
        self.view = QTableWidget(0, 6)
        self.view.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Operator"),
                self.tr("Table"),
                self.tr("Record"),
                self.tr("Action"),
                self.tr("Changes"),
            ]
        )
        self.view.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().hide()
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.table_filter)
        bar.addWidget(self.row_filter)
        bar.addStretch(1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.resize(1000, 560)
        self.reload()

    def reload(self) -> None:
        row_text = self.row_filter.text().strip()
        row_id = int(row_text) if row_text.isdigit() else None
        with self.database.read() as session:
            entries = history(session, self.table_filter.currentData() or None, row_id, limit=2000)
            reader = display.Reader(session)
            english = current_language() == "en"
            rows = []
            for stored in entries:
                entry = reader.entry(stored)
                rows.append(
                    (
                        entry.at,
                        entry.operator,
                        table_label(stored.table_name),
                        str(entry.row_id or ""),
                        ACTIONS_ENGLISH.get(stored.action, entry.action)
                        if english
                        else entry.action,
                        entry.summary,
                    )
                )
        self.view.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 5:
                    item.setToolTip(value.replace("；", "\n"))  # a long change, one per line
                self.view.setItem(row, column, item)
        self.view.resizeColumnsToContents()
        self.count.setText(self.tr("{0} entries (newest first)").format(len(rows)))
