"""Hardship families: what the family's own pane sums up."""

from __future__ import annotations

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from unionapp.models import Assistance


def assistance_by_year(session: Session, family_id: int) -> list[tuple[int, int, int]]:
    """(year, total in fen, times helped) for one family, newest year first."""
    year = extract("year", Assistance.given_on)
    rows = session.execute(
        select(year, func.sum(Assistance.amount_fen), func.count(Assistance.id))
        .where(Assistance.family_id == family_id)
        .group_by(year)
        .order_by(year.desc())
    ).all()
    return [(int(row_year), amount or 0, count) for row_year, amount, count in rows]
