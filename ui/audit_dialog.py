"""The audit log: who changed what and when, filterable by record; it cannot be edited here."""

from __future__ import annotations

import json

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
from unionapp.audit.reading import history
from unionapp.database import Database
from unionapp.schema import ALL_SPECS

# What each audited table holds, for the clerk: the record descriptions, and three tables
# that have none.
SPECS_BY_TABLE = {spec.model.__tablename__: spec for spec in ALL_SPECS}
OTHER_TABLES = {
    "setting": ("设置", "Settings"),
    "ownership_type": ("经济类型", "Ownership types"),
    "target": ("年度目标", "Targets"),
}
ACTIONS = {"insert": "新增", "update": "修改", "delete": "删除", "restore": "撤销删除"}


def table_label(table: str) -> str:
    english = current_language() == "en"
    spec = SPECS_BY_TABLE.get(table)
    if spec is not None:
        return spec.english if english else spec.label
    names = OTHER_TABLES.get(table)
    return (names[1] if english else names[0]) if names else table


def describe(table: str, changes: dict[str, list]) -> str:
    spec = SPECS_BY_TABLE.get(table)
    labels = {f.key: f.label for f in spec.fields} if spec else {}
    parts = []
    for key, (old, new) in changes.items():
        label = labels.get(key, key)
        if old is None:
            parts.append(f"{label}：{new}")
        elif new is None:
            parts.append(f"{label}：{old}（删除）")
        else:
            parts.append(f"{label}：{old} → {new}")
    return "；".join(parts)


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
        for name in [*SPECS_BY_TABLE, *OTHER_TABLES]:
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
            rows = [
                (
                    e.at.strftime("%Y-%m-%d %H:%M:%S"),
                    e.operator,
                    table_label(e.table_name),
                    str(e.row_id),
                    ACTIONS.get(e.action, e.action),
                    describe(e.table_name, json.loads(e.changes or "{}")),
                )
                for e in entries
            ]
        self.view.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.view.setItem(row, column, QTableWidgetItem(value))
        self.view.resizeColumnsToContents()
        self.count.setText(self.tr("{0} entries (newest first)").format(len(rows)))
