"""What needs the clerk's attention on a given day (the date is passed in, never read here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from unionapp.models import CongressMeeting, Enterprise, HardshipFamily
from unionapp.services.congress import congress_gaps


@dataclass(frozen=True)
class Reminder:
    kind: str  # congress / wage / review
    record_id: int
    text: str
    due: date | None


def reminders(session: Session, today: date) -> list[Reminder]:
    found: list[Reminder] = []
    for gap in congress_gaps(session, today.year, today, due_days=30):
        if gap.reason == "未安排":
            continue
        when = gap.planned.isoformat() if gap.planned else ""
        found.append(Reminder("congress", gap.enterprise_id,
                              f"{gap.name}：职代会{gap.reason}（计划 {when}）", gap.planned))  # fmt: skip
    soon = select(CongressMeeting, Enterprise.name).join(Enterprise).where(
        CongressMeeting.status.in_(("计划中", "已延期")),
        CongressMeeting.planned_date.between(today, today + timedelta(days=30)),
        Enterprise.above_scale.is_(False))  # fmt: skip
    for meeting, name in session.execute(soon):
        found.append(Reminder("congress", meeting.enterprise_id,
                              f"{name}：职代会即将召开（计划 {meeting.planned_date.isoformat()}）",
                              meeting.planned_date))  # fmt: skip
    expiring = (
        select(Enterprise)
        .where(Enterprise.wage_expiry.between(today, today + timedelta(days=60)))
        .order_by(Enterprise.wage_expiry)
    )
    for company in session.scalars(expiring):
        found.append(Reminder("wage", company.id,
                              f"{company.name}：工资集体协商协议 {company.wage_expiry.isoformat()} 到期",
                              company.wage_expiry))  # fmt: skip
    # the columns a reminder shows, not whole records: a large archive has tens of thousands
    # of families to review (61,818 of 100,000 late in the year: 2.4 s as records, 0.3 s as columns)
    unreviewed = (
        select(HardshipFamily.id, HardshipFamily.worker_name, HardshipFamily.reviewed_on)
        .where(
            HardshipFamily.status == "在档",
            or_(
                HardshipFamily.reviewed_on.is_(None),
                HardshipFamily.reviewed_on < date(today.year, 1, 1),
            ),
        )
        .order_by(HardshipFamily.id)
    )
    for family_id, name, reviewed_on in session.execute(unreviewed):
        last = reviewed_on.isoformat() if reviewed_on else "从未复核"
        text = f"{name}：今年尚未复核（上次 {last}）"
        found.append(Reminder("review", family_id, text, None))
    return found
