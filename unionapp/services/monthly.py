"""The year month by month: what happened in each month, for the overview chart and report."""

from __future__ import annotations

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from unionapp.models import Assistance, CongressMeeting, Enterprise, TrainingSession, Visit


def _by_month(session: Session, column, year: int, *conditions) -> list[int]:  # type: ignore[no-untyped-def]
    month = extract("month", column)
    rows = session.execute(select(month, func.count()).where(extract("year", column) == year,
                                                             *conditions).group_by(month))  # fmt: skip
    counts = [0] * 12
    for number, count in rows:
        counts[int(number) - 1] = count
    return counts


def monthly(session: Session, year: int) -> dict[str, list[int]]:
    return {
        "unions": _by_month(session, Enterprise.union_founded, year, Enterprise.union_status == "已建会"),
        "congresses": _by_month(session, CongressMeeting.held_date, year,
                                CongressMeeting.status == "已召开"),
        "trainings": _by_month(session, TrainingSession.held_on, year),
        "aid": _by_month(session, Assistance.given_on, year),
        "visits": _by_month(session, Visit.visit_date, year),
    }  # fmt: skip
