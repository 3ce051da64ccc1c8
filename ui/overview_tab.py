"""The year's figures at a glance."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import stat_label
from ui.worker import Worker
from unionapp.db import Database
from unionapp.services.stats import YearStats, compute_stats

CARDS = (
    ("enterprises", "unionised", "union_coverage", "unions_founded"),
    ("wage_signed", "wage_rate", "above_scale", "congress_rate"),
    ("affairs_rate", "safety_accidents", "trainings", "handbooks"),
    ("families", "families_helped", "assistance_fen", "students_aided"),
)


def format_stat(key: str, stats: YearStats) -> str:
    value = stats.as_dict()[key]
    if key.endswith("rate") or key == "union_coverage":
        return f"{value:.1%}"
    if key == "assistance_fen":
        return f"¥{value / 100:,.0f}"
    return f"{value:,}"


class OverviewTab(QWidget):
    updated = Signal()

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self._worker: Worker | None = None
        self._pending = False
        self.setObjectName("tab_overview")
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, date.today().year + 1)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(self.refresh)
        head = QHBoxLayout()
        title = QLabel(self.tr("Figures for the year"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        head.addWidget(title)
        head.addWidget(self.year)
        head.addStretch(1)
        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        for row, keys in enumerate(CARDS):
            for column, key in enumerate(keys):
                grid.addWidget(self._card(key), row, column)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(grid)
        layout.addStretch(1)

    def _card(self, key: str) -> QFrame:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setStyleSheet("QFrame { background: #f6f8fb; border-radius: 6px; }")
        box = QVBoxLayout(frame)
        value = QLabel("–")
        value.setObjectName(f"stat_{key}")
        value.setStyleSheet("font-size: 20pt; font-weight: bold; color: #1f4e79;")
        value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label = QLabel(stat_label(key))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(value)
        box.addWidget(label)
        self.values[key] = value
        return frame

    def refresh(self) -> None:
        """Compute the figures in a worker thread; the labels change when they arrive."""
        if self._worker is not None and self._worker.isRunning():
            self._pending = True
            return
        year = self.year.value()
        database = self.database

        def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
            with database.read() as session:
                return compute_stats(session, year)

        self._worker = Worker(job, self)
        self._worker.succeeded.connect(self._show)
        self._worker.finished.connect(self._finished)
        self._worker.start()

    def shutdown(self) -> None:
        """Wait for a running computation before the window (and database) goes away."""
        if self._worker is not None:
            self._worker.wait()

    def _finished(self) -> None:
        if self._pending:
            self._pending = False
            self.refresh()

    def _show(self, stats: YearStats) -> None:
        for key, label in self.values.items():
            label.setText(format_stat(key, stats))
        self.updated.emit()
