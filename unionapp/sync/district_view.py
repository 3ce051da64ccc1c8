"""The district's view of its offices: each street's figures side by side, read from the
district's PostgreSQL database.

Row-level security decides what a caller sees: the district's role reads every office, an
office's role only its own row (the same query for both). A database is a district's when it
has the ``office`` table (``server init`` made it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, column, func, inspect, select, table, text
from sqlalchemy.orm import Session

from unionapp.models import Assistance, Enterprise, HardshipFamily
from unionapp.services.stats import congress_held_in

OFFICE = column("office")


@dataclass(frozen=True)
class OfficeFigures:
    code: str
    name: str
    enterprises: int  # 企业数
    unionised: int  # 已建会
    above_scale: int  # 规模以上企业
    congress_held: int  # … of which held a workers' congress this year
    families: int  # 困难职工户数（在档）
    aid_fen: int  # 本年帮扶金额, in fen
    last_sync: datetime | None  # the newest sync of any of its PCs


def is_district(session: Session) -> bool:
    """A district's database (offices exist), seen by the district or by one office."""
    connection = session.connection()
    return connection.dialect.name == "postgresql" and inspect(connection).has_table("office")


def _counts(session: Session, query: Select[Any]) -> dict[str, int]:
    return {str(office): int(count or 0) for office, count in session.execute(query)}


def _by_office(model: Any, *conditions: ColumnElement[bool]) -> Select[Any]:
    return (
        select(OFFICE, func.count())
        .select_from(model.__table__)
        .where(*conditions)
        .group_by(OFFICE)
    )


def office_figures(session: Session, year: int) -> list[OfficeFigures]:
    """Every office the caller may see, with its figures for ``year`` (in office code order)."""
    offices = session.execute(text("SELECT code, name FROM office ORDER BY code")).all()
    enterprises = _counts(session, _by_office(Enterprise))
    unionised = _counts(session, _by_office(Enterprise, Enterprise.union_status == "已建会"))
    above = _counts(session, _by_office(Enterprise, Enterprise.above_scale.is_(True)))
    held = _counts(
        session,
        _by_office(
            Enterprise,
            Enterprise.above_scale.is_(True),
            Enterprise.id.in_(congress_held_in(year)),
        ),
    )
    families = _counts(session, _by_office(HardshipFamily, HardshipFamily.status == "在档"))
    aid = _counts(
        session,
        select(OFFICE, func.sum(Assistance.amount_fen))
        .select_from(Assistance.__table__)
        .where(Assistance.given_on >= date(year, 1, 1), Assistance.given_on < date(year + 1, 1, 1))
        .group_by(OFFICE),
    )
    pcs = table("office_pc", column("office"), column("last_sync"))
    newest = select(pcs.c.office, func.max(pcs.c.last_sync)).group_by(pcs.c.office)
    synced = {office: moment for office, moment in session.execute(newest)}
    return [
        OfficeFigures(
            code=code,
            name=name,
            enterprises=enterprises.get(code, 0),
            unionised=unionised.get(code, 0),
            above_scale=above.get(code, 0),
            congress_held=held.get(code, 0),
            families=families.get(code, 0),
            aid_fen=aid.get(code, 0),
            last_sync=_local(synced.get(code)),
        )
        for code, name in offices
    ]


def _local(moment: datetime | None) -> datetime | None:
    """A server time (timestamptz) as this computer's local time, without the zone."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone().replace(tzinfo=None)
