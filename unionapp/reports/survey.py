"""Enterprise survey report for a year: coverage by ownership and by park/community, unions
founded, wage agreements signed and expiring, with a bar chart."""

from __future__ import annotations

from datetime import date

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Table
from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from unionapp.models import Enterprise
from unionapp.reports.charts import bar_chart
from unionapp.reports.layout import Job, frame_width, gap, grid_style
from unionapp.services.stats import compute_stats, wage_in_force

HEADERS = ("分类", "企业数", "已建会", "建会率", "职工人数", "农民工", "会员人数", "工资协议(有效)")
LIST_LIMIT = 500  # longer lists are summarised, the window's export gives them whole


def _by(session: Session, column, year: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    unionised = Enterprise.union_status == "已建会"
    query = (
        select(
            column,
            func.count(Enterprise.id),
            func.sum(case((unionised, 1), else_=0)),
            func.sum(Enterprise.staff_count),
            func.sum(Enterprise.migrant_count),
            func.sum(Enterprise.member_count),
            func.sum(case((unionised & wage_in_force(year), 1), else_=0)),
        )
        .group_by(column)
        .order_by(func.count(Enterprise.id).desc())
    )
    return list(session.execute(query))


def _coverage_table(job: Job, rows: list[tuple], first: str) -> Table:
    t = job.text
    body: list[list[object]] = [[t(first if i == 0 else h, size=9.5, style="sans", align="center")
                                 for i, h in enumerate(HEADERS)]]  # fmt: skip
    totals = [0] * 6
    for name, count, unionised, staff, migrants, members, wage in rows:
        values = [count, unionised or 0, staff or 0, migrants or 0, members or 0, wage or 0]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        body.append(_row(job, name or "（未填）", values))
    body.append(_row(job, "合计", totals, bold=True))
    widths = [frame_width() * w for w in (0.2, 0.1, 0.1, 0.1, 0.12, 0.12, 0.11, 0.15)]
    return Table(body, colWidths=widths, repeatRows=1, style=grid_style(header_rows=1))


def _row(job: Job, name: str, values: list[int], bold: bool = False) -> list[object]:
    count, unionised, staff, migrants, members, wage = values
    rate = f"{unionised / count:.1%}" if count else "–"
    style = "sans" if bold else "song"
    cells = [job.text(name, size=9.5, style=style)]
    for value in (count, unionised, rate, staff, migrants, members, wage):
        cells.append(job.text(f"{value:,}" if isinstance(value, int) else value, size=9.5,
                              style=style, align="right"))  # fmt: skip
    return cells


def _chart(job: Job, rows: list[tuple]) -> Drawing:
    names = [str(r[0] or "（未填）") for r in rows]
    series = [("企业数", "#9db7d5", [r[1] for r in rows]),
              ("已建会", "#1f4e79", [r[2] or 0 for r in rows])]  # fmt: skip
    return bar_chart(job, names, series, height_mm=70, title="各园区/社区建会情况", slanted=True)


def survey_report(job: Job, session: Session, year: int) -> tuple[list[Flowable], str]:
    title = f"{year}年企业普查及工会组建情况报告"
    stats = compute_stats(session, year)
    t = job.text
    signed_this_year = session.scalar(select(func.count(Enterprise.id)).where(
        extract("year", Enterprise.wage_signed) == year)) or 0  # fmt: skip
    expiring = list(session.execute(
        select(Enterprise.name, Enterprise.wage_signed, Enterprise.wage_expiry)
        .where(extract("year", Enterprise.wage_expiry) == year).order_by(Enterprise.wage_expiry)
    ))  # fmt: skip
    founded = list(session.execute(
        select(Enterprise.name, Enterprise.union_founded, Enterprise.union_chair,
               Enterprise.member_count)
        .where(Enterprise.union_status == "已建会",
               extract("year", Enterprise.union_founded) == year)
        .order_by(Enterprise.union_founded)
    ))  # fmt: skip
    summary = (
        f"截至{date.today().year if year >= date.today().year else year}年，全街道在册企业 "
        f"{stats.enterprises:,} 家，已建立工会 {stats.unionised:,} 家，建会率 {stats.union_coverage:.1%}；"
        f"{year}年新建工会 {stats.unions_founded:,} 家，走访企业 {stats.enterprises_visited:,} 家"
        f"（{stats.visits:,} 次），下达建会通知 {stats.notices_issued:,} 份。已建会企业中工资集体协商"
        f"协议有效 {stats.wage_signed:,} 家，签订率 {stats.wage_rate:.1%}；{year}年签订 "
        f"{signed_this_year:,} 家，年内到期 {len(expiring):,} 家。规模以上企业 {stats.above_scale:,} 家，"
        f"实行厂务公开 {stats.affairs_public:,} 家（{stats.affairs_rate:.1%}）。"
    )
    by_community = _by(session, Enterprise.community, year)
    story: list[Flowable] = [
        job.title(title), gap(2), t(summary, size=10.5, leading=18), gap(4),
        t("一、按经济类型", size=12, style="sans"), gap(1),
        _coverage_table(job, _by(session, Enterprise.ownership, year), "经济类型"), gap(4),
        t("二、按园区/社区", size=12, style="sans"), gap(1),
        _coverage_table(job, by_community, "园区/社区"), gap(3), _chart(job, by_community), gap(4),
    ]  # fmt: skip
    story += _list(
        job,
        f"三、{year}年新建工会企业",
        ("企业名称", "建会日期", "工会主席", "会员人数"),
        [(n, d.isoformat() if d else "", c, f"{m:,}") for n, d, c, m in founded],
    )
    story += _list(
        job,
        f"四、{year}年到期的工资集体协商协议",
        ("企业名称", "签订日期", "到期日期"),
        [(n, s.isoformat() if s else "", e.isoformat()) for n, s, e in expiring],
    )
    return story, title  # fmt: skip


def _list(job: Job, heading: str, headers: tuple[str, ...], rows: list[tuple]) -> list[Flowable]:
    t = job.text
    story: list[Flowable] = [t(heading, size=12, style="sans"), gap(1)]
    if not rows:
        return story + [t("（无）", size=10), gap(4)]
    shown = rows[:LIST_LIMIT]
    body: list[list[object]] = [[t(h, size=9.5, style="sans", align="center") for h in headers]]
    body += [[t(value, size=9.5) for value in row] for row in shown]
    first = frame_width() * 0.46
    rest = (frame_width() - first) / (len(headers) - 1)
    story += [Table(body, colWidths=[first] + [rest] * (len(headers) - 1), repeatRows=1,
                    style=grid_style(header_rows=1))]  # fmt: skip
    if len(rows) > LIST_LIMIT:
        story.append(t(f"（共 {len(rows):,} 家，此处列出前 {LIST_LIMIT} 家；完整名单请从表格导出）",
                       size=9))  # fmt: skip
    return story + [gap(4)]
