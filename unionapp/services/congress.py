"""Which 规模以上 enterprises are due or overdue for their workers' congress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import CongressMeeting, Enterprise


@dataclass(frozen=True)
class CongressGap:
    enterprise_id: int
    name: str
    staff_count: int
    planned: date | None  # the earliest open planned date this year, if any
    last_held: date | None
    reason: str  # 逾期未开 / 未安排 / 即将召开


def congress_gaps(
    session: Session, year: int, today: date, due_days: int = 30
) -> list[CongressGap]:
    """Above-size enterprises with no congress held in ``year``: overdue, unplanned or due soon."""
    meetings = session.execute(
        select(CongressMeeting.enterprise_id, CongressMeeting.status, CongressMeeting.planned_date,
               CongressMeeting.held_date)
        .join(Enterprise)
        .where(Enterprise.above_scale.is_(True), CongressMeeting.year <= year)
    ).all()  # fmt: skip
    held_this_year: set[int] = set()
    last_held: dict[int, date] = {}
    planned: dict[int, date] = {}
    for enterprise_id, status, planned_date, held_date in meetings:
        if held_date and (enterprise_id not in last_held or held_date > last_held[enterprise_id]):
            last_held[enterprise_id] = held_date
        if status == "已召开" and held_date and held_date.year == year:
            held_this_year.add(enterprise_id)
        elif status in ("计划中", "已延期") and planned_date and planned_date.year == year:
            earlier = planned.get(enterprise_id)
            planned[enterprise_id] = min(planned_date, earlier) if earlier else planned_date
    companies = session.execute(
        select(Enterprise.id, Enterprise.name, Enterprise.staff_count)
        .where(Enterprise.above_scale.is_(True))
        .order_by(Enterprise.name)
    ).all()
    year_over = today > date(year, 12, 31)
    gaps = []
    for enterprise_id, name, staff in companies:
        if enterprise_id in held_this_year:
            continue
        when = planned.get(enterprise_id)
        if when is None:
            reason = "未安排"
        elif when < today or year_over:
            reason = "逾期未开"
        elif when <= today + timedelta(days=due_days):
            reason = "即将召开"
        else:
            continue
        gaps.append(CongressGap(enterprise_id, name, staff, when, last_held.get(enterprise_id),
                                reason))  # fmt: skip
    return gaps
