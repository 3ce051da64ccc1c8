"""The filters each list offers, as SQL conditions. Shared by the window and exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, extract, false, or_, select, true
from sqlalchemy.orm import Session

from unionapp.models import Assistance, CongressMeeting, Enterprise, HardshipFamily, TrainingSession
from unionapp.schema.filters import FILTER_SPECS, FilterSpec
from unionapp.services.settings import ownership_types

Options = Callable[[Session], list[str]]
Condition = Callable[[str, date], ColumnElement[bool]]


@dataclass(frozen=True)
class FilterDef:
    """A filter's description with its SQL: where its choices come from and what it selects."""

    spec: FilterSpec
    condition: Condition
    dynamic_options: Options | None = None  # choices read from the database

    @property
    def key(self) -> str:
        return self.spec.key

    def options(self, session: Session) -> list[str]:
        if self.dynamic_options is None:
            return list(self.spec.choices)
        return self.dynamic_options(session)


def _distinct(column: Any) -> Callable[[Session], list[str]]:
    def options(session: Session) -> list[str]:
        query = select(column).where(column != "").distinct().order_by(column)
        return [str(value) for value in session.scalars(query)]

    return options


def _yes_no(column: Any) -> Callable[[str, date], ColumnElement[bool]]:
    return lambda value, _today: column.is_(value == "是")


def _wage(value: str, today: date) -> ColumnElement[bool]:
    signed = Enterprise.wage_signed.is_not(None)
    in_force = or_(Enterprise.wage_expiry.is_(None), Enterprise.wage_expiry >= today)
    if value == "已签订（有效）":
        return and_(signed, in_force)
    if value == "60天内到期":
        return and_(signed, Enterprise.wage_expiry.between(today, today + timedelta(days=60)))
    if value == "已过期":
        return and_(signed, Enterprise.wage_expiry < today)
    return Enterprise.wage_signed.is_(None)


def _overdue_condition(today: date) -> ColumnElement[bool]:
    return and_(
        CongressMeeting.status.in_(("计划中", "已延期")),
        CongressMeeting.planned_date.is_not(None),
        CongressMeeting.planned_date < today,
    )


def _congress_overdue(value: str, today: date) -> ColumnElement[bool]:
    condition = _overdue_condition(today)
    return condition if value == "是" else ~condition


def _helped_this_year(value: str, today: date) -> ColumnElement[bool]:
    helped = exists().where(  # a date range, so ix_assistance_family_id_given_on answers it
        Assistance.family_id == HardshipFamily.id,
        Assistance.given_on >= date(today.year, 1, 1),
        Assistance.given_on < date(today.year + 1, 1, 1),
    )
    return helped if value == "是" else ~helped


def _reviewed_this_year(value: str, today: date) -> ColumnElement[bool]:
    reviewed = HardshipFamily.reviewed_on >= date(today.year, 1, 1)
    return reviewed if value == "是" else or_(HardshipFamily.reviewed_on.is_(None), ~reviewed)


def _year_of(column: Any) -> Callable[[str, date], ColumnElement[bool]]:
    def condition(value: str, _today: date) -> ColumnElement[bool]:
        return extract("year", column) == int(value) if value.isdigit() else false()

    return condition


def _training_years(session: Session) -> list[str]:
    years = session.scalars(
        select(extract("year", TrainingSession.held_on))
        .distinct()
        .order_by(extract("year", TrainingSession.held_on).desc())
    )
    return [str(int(year)) for year in years if year]


def _congress_years(session: Session) -> list[str]:
    query = select(CongressMeeting.year).distinct().order_by(CongressMeeting.year.desc())
    return [str(year) for year in session.scalars(query)]


def _equals(column: Any) -> Callable[[str, date], ColumnElement[bool]]:
    return lambda value, _today: column == value


# Each described filter's SQL: (condition, choices from the database or None for fixed ones).
_SQL: dict[str, dict[str, tuple[Condition, Options | None]]] = {
    "enterprise": {
        "ownership": (_equals(Enterprise.ownership), ownership_types),
        "community": (_equals(Enterprise.community), _distinct(Enterprise.community)),
        "union_status": (_equals(Enterprise.union_status), None),
        "above_scale": (_yes_no(Enterprise.above_scale), None),
        "wage": (_wage, None),
    },
    "congress": {
        "year": (lambda v, _t: CongressMeeting.year == int(v) if v.isdigit() else false(),
                 _congress_years),
        "status": (_equals(CongressMeeting.status), None),
        "overdue": (_congress_overdue, None),
    },
    "family": {
        "category": (_equals(HardshipFamily.category), None),
        "status": (_equals(HardshipFamily.status), None),
        "work_status": (_equals(HardshipFamily.work_status), None),
        "helped": (_helped_this_year, None),
        "reviewed": (_reviewed_this_year, None),
    },
    "training": {
        "kind": (_equals(TrainingSession.kind), None),
        "year": (_year_of(TrainingSession.held_on), _training_years),
    },
}  # fmt: skip

FILTERS: dict[str, tuple[FilterDef, ...]] = {
    record: tuple(FilterDef(spec, *_SQL[record][spec.key]) for spec in specs)
    for record, specs in FILTER_SPECS.items()
}


def conditions(record_key: str, chosen: dict[str, str], today: date) -> list[ColumnElement[bool]]:
    """SQL conditions for the chosen filter values (empty values are ignored)."""
    result: list[ColumnElement[bool]] = []
    for definition in FILTERS.get(record_key, ()):
        value = chosen.get(definition.key)
        if value:
            result.append(definition.condition(value, today))
    return result or [true()]
