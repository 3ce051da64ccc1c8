"""Bar charts for the reports, labelled in the bundled CJK font."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from unionapp.reports.layout import Job, frame_width


def bar_chart(
    job: Job,
    categories: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],  # (name, colour, values)
    *,
    height_mm: float = 64,
    title: str = "",
    slanted: bool = False,
) -> Drawing:
    font = job.fonts.primary("sans")
    width, height = frame_width(), height_mm * mm
    bottom = 16 * mm if slanted else 10 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, bottom
    chart.width, chart.height = width - 50 * mm, height - bottom - 8 * mm
    chart.data = [list(values) for _name, _colour, values in series]
    chart.categoryAxis.categoryNames = list(categories)
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = font, 7
    if slanted:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    for index, (_name, colour, _values) in enumerate(series):
        chart.bars[index].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 34 * mm, height - 6 * mm
    legend.fontName, legend.fontSize = font, 8
    legend.columnMaximum = len(series)
    legend.colorNamePairs = [(colors.HexColor(colour), name) for name, colour, _v in series]
    drawing.add(legend)
    if title:
        drawing.add(String(12 * mm, height - 5 * mm, title, fontName=font, fontSize=9))
    return drawing
