"""Pieces of the overview: a target row, the month-by-month chart, drill-down and goal dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from ui.i18n import current_language
from unionapp.plan import SERIES, SERIES_ENGLISH, Metric, Progress

if TYPE_CHECKING:
    pass

STATUS_COLOURS = {
    "已完成": "#1e7b34",
    "进度正常": "#1f4e79",
    "落后": "#c26a00",
    "未达标": "#b00020",
    "无数据": "#777777",
}
MONTHS_ENGLISH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec")  # fmt: skip
STATUS_ENGLISH = {"已完成": "Done", "进度正常": "On track", "落后": "Behind", "未达标": "Missed",
                  "无数据": "No data"}  # fmt: skip
SERIES_COLOURS = {"unions": "#1f4e79", "congresses": "#9db7d5", "trainings": "#e0a84a",
                  "aid": "#b45f9e", "visits": "#6aa56b"}  # fmt: skip


def metric_label(metric: Metric) -> str:
    return metric.english if current_language() == "en" else metric.label


class TargetRow:
    """One target: a button naming it (click for the records behind it), a bar, the figures."""

    def __init__(self, metric: Metric) -> None:
        self.metric = metric
        self.button = QPushButton(metric_label(metric))
        self.button.setObjectName(f"target_{metric.key}")
        self.button.setFlat(True)
        self.button.setStyleSheet("text-align: left; padding: 2px 4px;")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(14)
        self.figures = QLabel("–")
        self.figures.setObjectName(f"figures_{metric.key}")
        self.figures.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.figures.setMinimumWidth(
            self.figures.fontMetrics().horizontalAdvance("10,000 / 10,000册") + 8
        )
        self.status = QLabel()
        self.status.setObjectName(f"status_{metric.key}")
        self.status.setMinimumWidth(
            self.status.fontMetrics().horizontalAdvance("进度正常 On track")
        )

    def show(self, item: Progress) -> None:
        colour = STATUS_COLOURS[item.status]
        self.bar.setValue(int(item.fraction * 1000))
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        self.figures.setText(item.shown)
        text = STATUS_ENGLISH[item.status] if current_language() == "en" else item.status
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour}; font-weight: bold;")


class MonthlyChart(QWidget):
    """Bars per month for each series, drawn by the program (no chart library needed)."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(150)
        self.figures: dict[str, list[int]] = {}

    def set_figures(self, figures: dict[str, list[int]]) -> None:
        self.figures = figures
        self.update()

    def paintEvent(self, _event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        series = [key for key in SERIES if key in self.figures]
        peak = max([4] + [v for key in series for v in self.figures[key]])
        peak = -(-peak // 4) * 4  # whole numbers on the four grid lines
        # The axis is as wide as its largest figure.
        left = max(36.0, self.fontMetrics().horizontalAdvance(f"{peak:,}") + 10.0)
        top, legend = 12.0, 110.0
        area = QRectF(left, top, self.width() - left - legend - 10, self.height() - top - 26)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(QPen(QColor("#d0d7e1")))
        for step in range(5):
            y = area.bottom() - area.height() * step / 4
            painter.drawLine(int(area.left()), int(y), int(area.right()), int(y))
            painter.setPen(QColor("#666666"))
            painter.drawText(QRectF(0, y - 8, left - 4, 16), Qt.AlignmentFlag.AlignRight,
                             f"{peak * step // 4:,}")  # fmt: skip
            painter.setPen(QPen(QColor("#d0d7e1")))
        slot = area.width() / 12
        bar = slot * 0.8 / max(1, len(series))
        english = current_language() == "en"
        for month in range(12):
            x0 = area.left() + slot * month + slot * 0.1
            for index, key in enumerate(series):
                value = self.figures[key][month]
                height = area.height() * value / peak
                painter.fillRect(QRectF(x0 + index * bar, area.bottom() - height, bar - 1, height),
                                 QColor(SERIES_COLOURS[key]))  # fmt: skip
            painter.setPen(QColor("#333333"))
            painter.drawText(QRectF(area.left() + slot * month, area.bottom() + 4, slot, 18),
                             Qt.AlignmentFlag.AlignCenter,
                             MONTHS_ENGLISH[month] if english else f"{month + 1}月")  # fmt: skip
        names = SERIES_ENGLISH if english else SERIES
        for index, key in enumerate(series):
            y = top + index * 20
            painter.fillRect(
                QRectF(self.width() - legend, y + 3, 12, 12), QColor(SERIES_COLOURS[key])
            )
            painter.setPen(QColor("#333333"))
            painter.drawText(QRectF(self.width() - legend + 16, y, legend - 16, 18),
                             Qt.AlignmentFlag.AlignLeft, names[key])  # fmt: skip
        painter.end()
