"""The district's view in the overview: every street office's figures side by side (an office's
own role sees its own row only), read off the GUI thread."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.worker import Worker

if TYPE_CHECKING:
    from unionapp.database import Database
    from unionapp.sync.district_view import OfficeFigures

COLUMNS = (
    QT_TRANSLATE_NOOP("DistrictPanel", "Street office"),
    QT_TRANSLATE_NOOP("DistrictPanel", "Enterprises"),
    QT_TRANSLATE_NOOP("DistrictPanel", "Unionised"),
    QT_TRANSLATE_NOOP("DistrictPanel", "Congresses (above-size)"),
    QT_TRANSLATE_NOOP("DistrictPanel", "Hardship families (on file)"),
    QT_TRANSLATE_NOOP("DistrictPanel", "Aid this year (yuan)"),
    QT_TRANSLATE_NOOP("DistrictPanel", "Last sync"),
)


def is_district_database(database: Database) -> bool:
    """The window is on a district's server database (offices exist)."""
    if database.path is not None:
        return False
    from unionapp.sync.district_view import is_district

    with database.read() as session:
        return is_district(session)


class DistrictPanel(QWidget):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.figures: list[OfficeFigures] | None = None
        self._worker: Worker | None = None
        self.setObjectName("district_panel")
        self.title = QLabel(self.tr("Street offices"))
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("offices")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)

    def refresh(self, year: int | None = None) -> None:
        if self._worker is not None:
            return
        database, year = self.database, year or date.today().year

        def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
            from unionapp.sync.district_view import office_figures

            with database.read() as session:
                return office_figures(session, year)

        self._worker = Worker(job)
        self._worker.succeeded.connect(self._show)
        self._worker.finished.connect(self._finished)
        self._worker.start()

    def _finished(self) -> None:
        self._worker = None

    def _show(self, figures: list[OfficeFigures]) -> None:
        self.figures = figures
        self.table.setRowCount(len(figures))
        for row, office in enumerate(figures):
            synced = office.last_sync.strftime("%Y-%m-%d %H:%M") if office.last_sync else ""
            cells = (
                office.name,
                f"{office.enterprises:,}",
                f"{office.unionised:,}",
                f"{office.congress_held} / {office.above_scale}",
                f"{office.families:,}",
                f"{office.aid_fen / 100:,.2f}",
                synced or self.tr("never"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
