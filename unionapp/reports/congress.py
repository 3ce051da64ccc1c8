"""Workers' congress schedule for a year, with the 规模以上 enterprises that are overdue."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Flowable, Table
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from unionapp.models import CongressMeeting
from unionapp.reports.layout import Job, frame_width, gap, grid_style
from unionapp.services.congress import congress_gaps


def congress_schedule(
    job: Job, session: Session, year: int, today: date
) -> tuple[list[Flowable], str]:
    title = f"{year}年职工代表大会召开计划及完成情况"
    t = job.text
    meetings = list(session.scalars(
        select(CongressMeeting).options(joinedload(CongressMeeting.enterprise))
        .where(CongressMeeting.year == year)
        .order_by(CongressMeeting.planned_date, CongressMeeting.id)
    ))  # fmt: skip
    headers = ("序号", "企业名称", "届次", "计划日期", "召开日期", "状态", "应到/实到", "到会率")
    body: list[list[object]] = [[t(h, size=9.5, style="sans", align="center") for h in headers]]
    for number, meeting in enumerate(meetings, start=1):
        expected, present = meeting.delegates_expected, meeting.delegates_present
        rate = f"{present / expected:.0%}" if expected and meeting.held_date else ""
        short = " 不足" if expected and meeting.held_date and present * 3 < expected * 2 else ""
        body.append([
            t(number, size=9.5, align="center"), t(meeting.enterprise.name, size=9.5),
            t(f"第{meeting.term}届第{meeting.session_no}次", size=9.5, align="center"),
            t(meeting.planned_date.isoformat() if meeting.planned_date else "", size=9.5),
            t(meeting.held_date.isoformat() if meeting.held_date else "", size=9.5),
            t(meeting.status, size=9.5, align="center"),
            t(f"{expected}/{present}" if expected else "", size=9.5, align="center"),
            t(rate + short, size=9.5, align="right"),
        ])  # fmt: skip
    widths = [frame_width() * w for w in (0.06, 0.34, 0.13, 0.11, 0.11, 0.08, 0.09, 0.08)]
    held = sum(1 for m in meetings if m.status == "已召开")
    story: list[Flowable] = [
        job.title(title),
        t(f"{year}年共安排职代会 {len(meetings):,} 次，已召开 {held:,} 次。"
          "职代会须有三分之二以上代表出席方可召开（到会率不足的标注“不足”）。", size=10),
        gap(2),
    ]  # fmt: skip
    if len(body) > 1:
        story.append(Table(body, colWidths=widths, repeatRows=1, style=grid_style(header_rows=1)))
    else:
        story.append(t("（本年度尚无职代会安排）", size=10))
    gaps = [g for g in congress_gaps(session, year, today) if g.reason != "即将召开"]
    story += [gap(5), t("规模以上企业逾期未召开或未安排职代会名单", size=12, style="sans"), gap(1)]
    if not gaps:
        return story + [t("（无：规模以上企业均已召开或按计划安排）", size=10)], title
    body = [[t(h, size=9.5, style="sans", align="center")
             for h in ("序号", "企业名称", "职工人数", "计划日期", "上次召开", "情况")]]  # fmt: skip
    for number, item in enumerate(gaps, start=1):
        body.append([
            t(number, size=9.5, align="center"), t(item.name, size=9.5),
            t(f"{item.staff_count:,}", size=9.5, align="right"),
            t(item.planned.isoformat() if item.planned else "", size=9.5),
            t(item.last_held.isoformat() if item.last_held else "从未召开", size=9.5),
            t(item.reason, size=9.5, align="center"),
        ])  # fmt: skip
    widths = [frame_width() * w for w in (0.07, 0.43, 0.11, 0.13, 0.14, 0.12)]
    story.append(Table(body, colWidths=widths, repeatRows=1, style=grid_style(header_rows=1)))
    return story, title
