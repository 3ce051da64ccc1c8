"""The filters each list offers, as SQL conditions. Shared by the window and exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, extract, false, or_, select, true
from sqlalchemy.orm import Session

from unionapp.models import Assistance, CongressMeeting, Enterprise, HardshipFamily, TrainingSession
from unionapp.schema import records
from unionapp.services.settings import ownership_types


@dataclass(frozen=True)
class FilterDef:
    key: str
    label: str
    english: str
    options: Callable[[Session], list[str]]
    condition: Callable[[str, date], ColumnElement[bool]]


def _fixed(*values: str) -> Callable[[Session], list[str]]:
    return lambda _session: list(values)


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
    helped = exists().where(
        Assistance.family_id == HardshipFamily.id,
        extract("year", Assistance.given_on) == today.year,
    )
    return helped if value == "是" else ~helped


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


FILTERS: dict[str, tuple[FilterDef, ...]] = {
    "enterprise": (
        FilterDef("ownership", "经济类型", "Ownership", ownership_types,
                  _equals(Enterprise.ownership)),
        FilterDef("community", "园区/社区", "Park or community", _distinct(Enterprise.community),
                  _equals(Enterprise.community)),
        FilterDef("union_status", "建会情况", "Union status", _fixed(*records.UNION_STATUSES),
                  _equals(Enterprise.union_status)),
        FilterDef("above_scale", "规模以上", "Above size", _fixed("是", "否"),
                  _yes_no(Enterprise.above_scale)),
        FilterDef("wage", "工资协商", "Wage agreement",
                  _fixed("已签订（有效）", "60天内到期", "已过期", "未签订"), _wage),
    ),
    "congress": (
        FilterDef("year", "年度", "Year", _congress_years,
                  lambda v, _t: CongressMeeting.year == int(v) if v.isdigit() else false()),
        FilterDef("status", "状态", "Status", _fixed(*records.CONGRESS_STATUSES),
                  _equals(CongressMeeting.status)),
        FilterDef("overdue", "逾期未开", "Overdue", _fixed("是", "否"), _congress_overdue),
    ),
    "family": (
        FilterDef("category", "困难类别", "Category", _fixed(*records.FAMILY_CATEGORIES),
                  _equals(HardshipFamily.category)),
        FilterDef("status", "状态", "Status", _fixed(*records.FAMILY_STATUSES),
                  _equals(HardshipFamily.status)),
        FilterDef("helped", "今年已帮扶", "Helped this year", _fixed("是", "否"),
                  _helped_this_year),
    ),
    "training": (
        FilterDef("kind", "类型", "Type", _fixed(*records.TRAINING_KINDS),
                  _equals(TrainingSession.kind)),
        FilterDef("year", "年度", "Year", _training_years, _year_of(TrainingSession.held_on)),
    ),
}  # fmt: skip


def conditions(record_key: str, chosen: dict[str, str], today: date) -> list[ColumnElement[bool]]:
    """SQL conditions for the chosen filter values (empty values are ignored)."""
    result: list[ColumnElement[bool]] = []
    for definition in FILTERS.get(record_key, ()):
        value = chosen.get(definition.key)
        if value:
            result.append(definition.condition(value, today))
    return result or [true()]
