"""The overview's dialogs: the records behind a target, and the year's goals."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.overview_widgets import metric_label
from unionapp.database import Database
from unionapp.db import DatabaseError
from unionapp.plan import METRICS, Metric
from unionapp.services.targets import goals, open_items, set_goal


class DrillDownDialog(QDialog):
    """The records behind one target."""

    open_record = Signal(int)

    def __init__(
        self,
        database: Database,
        metric: Metric,
        year: int,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{metric_label(metric)} · {year}")
        with database.read() as session:
            self.rows = open_items(session, metric.key, year, today)
        heading = QLabel(self.tr("{0}: {1}").format(metric.open_label, len(self.rows)))
        self.table = QTableWidget(len(self.rows), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Details")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (_id, name, detail) in enumerate(self.rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(detail))
        self.table.resizeColumnToContents(0)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(720, 480)


class GoalsDialog(QDialog):
    """Edit the year's goals; they start from the union's plan."""

    def __init__(self, database: Database, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database, self.year = database, year
        self.setWindowTitle(self.tr("Targets for {0}").format(year))
        with database.read() as session:
            current = goals(session, year)
        form = QFormLayout(self)
        self.boxes: dict[str, QSpinBox] = {}
        for metric in METRICS:
            box = QSpinBox()
            box.setRange(0, 1_000_000)
            box.setValue(current[metric.key])
            box.setSuffix(" " + metric.unit)
            box.setObjectName(f"goal_{metric.key}")
            form.addRow(metric_label(metric), box)
            self.boxes[metric.key] = box
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        try:
            with self.database.write() as session:
                for key, box in self.boxes.items():
                    set_goal(session, self.year, key, box.value())
        except DatabaseError as error:
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
            return
        self.accept()
