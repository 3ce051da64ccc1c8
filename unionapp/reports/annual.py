"""The year's figures against the plan's targets, what is still open, and the year by month."""

from __future__ import annotations

from datetime import date

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.platypus import Flowable, Table
from sqlalchemy.orm import Session

from unionapp.plan import SERIES
from unionapp.reports.charts import bar_chart
from unionapp.reports.layout import Job, frame_width, gap, grid_style
from unionapp.services.monthly import monthly
from unionapp.services.targets import open_items, progress

OPEN_ROWS = 30
STATUS_COLOURS = {
    "已完成": "#1e7b34",
    "进度正常": "#1f4e79",
    "落后": "#b45309",
    "未达标": "#b00020",
    "无数据": "#666666",
}
CHART_SERIES = ("unions", "congresses", "trainings", "visits")


def _chart(job: Job, figures: dict[str, list[int]]) -> Drawing:
    palette = ("#1f4e79", "#9db7d5", "#e0a84a", "#6aa56b")
    series = [
        (SERIES[key], colour, figures[key])
        for key, colour in zip(CHART_SERIES, palette, strict=True)
    ]
    return bar_chart(job, [f"{m}月" for m in range(1, 13)], series, height_mm=62)


def annual_report(job: Job, session: Session, year: int, today: date) -> tuple[list[Flowable], str]:
    title = f"{year}年工会工作目标完成情况"
    t = job.text
    items = progress(session, year, today)
    body: list[list[object]] = [[t(h, size=10, style="sans", align="center")
                                 for h in ("序号", "目标", "目标值", "完成", "完成比例", "状态")]]  # fmt: skip
    for number, item in enumerate(items, start=1):
        metric = item.metric
        if item.value is None:
            value, share = "—", "—"
        else:
            value = (f"{item.value:.1f}%" if metric.unit == "%"
                     else f"{int(item.value):,}{metric.unit}")  # fmt: skip
            share = f"{item.fraction:.0%}"
        goal = f"{'≤' if metric.at_most else ''}{item.goal:,}{metric.unit}"
        body.append([t(number, align="center"), t(metric.label), t(goal, align="right"),
                     t(value, align="right"), t(share, align="right"),
                     t(item.status, align="center", style="sans")])  # fmt: skip
    colour_rows = [("TEXTCOLOR", (5, row), (5, row), colors.HexColor(STATUS_COLOURS[item.status]))
                   for row, item in enumerate(items, start=1)]  # fmt: skip
    widths = [frame_width() * w for w in (0.07, 0.37, 0.14, 0.16, 0.12, 0.14)]
    done = sum(1 for item in items if item.status == "已完成")
    story: list[Flowable] = [
        job.title(title),
        t(f"统计截至 {min(today, date(year, 12, 31)).isoformat()}：{len(items)} 项目标中已完成 {done} 项。",
          size=10.5),
        gap(2),
        Table(body, colWidths=widths, repeatRows=1, style=grid_style(*colour_rows, header_rows=1)),
        gap(4),
        t("全年逐月情况", size=12, style="sans"),
        _chart(job, monthly(session, year)),
        gap(3),
    ]  # fmt: skip
    story.append(t("尚待完成的事项", size=12, style="sans"))
    for item in items:
        if item.status == "已完成" or not item.metric.lists_open:
            continue
        rows = open_items(session, item.metric.key, year, today)
        if not rows or not item.metric.lists_open:
            continue
        story += [gap(2), t(f"{item.metric.label}：{item.metric.open_label}（{len(rows)}）", size=10.5,
                            style="sans")]  # fmt: skip
        lines = [[t(n, size=9, align="center"), t(name, size=9), t(detail, size=9)]
                 for n, (_id, name, detail) in enumerate(rows[:OPEN_ROWS], start=1)]  # fmt: skip
        story.append(Table(lines, colWidths=[frame_width() * w for w in (0.08, 0.42, 0.5)],
                           style=grid_style()))  # fmt: skip
        if len(rows) > OPEN_ROWS:
            story.append(t(f"（另有 {len(rows) - OPEN_ROWS} 条，请在程序中查看或导出）", size=9))
    return story, title
