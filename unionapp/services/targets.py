"""The plan's yearly targets, measured live, with what is still open behind each one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import and_, extract, func, or_, select
from sqlalchemy.orm import Session

from unionapp.models import (
    Assistance,
    Enterprise,
    HardshipFamily,
    Honour,
    HouseholdMember,
    ServiceUnit,
    Target,
    TrainingSession,
)
from unionapp.plan import METRICS, METRICS_BY_KEY, NO_DATA, Progress
from unionapp.services.congress import congress_gaps
from unionapp.services.counts import anything_recorded
from unionapp.services.stats import CITY_OR_ABOVE, YearStats, compute_stats, wage_in_force

SCHOOL_WORDS = ("学", "校", "院")


HONOUR_TITLES = {"honour_home": "模范职工之家", "honour_vanguard": "工人先锋号",
                 "honour_harmony": "和谐劳动关系企业"}  # fmt: skip


def goals(session: Session, year: int) -> dict[str, int]:
    """The year's goals: stored ones, the plan's for the rest."""
    stored = dict(
        session.execute(select(Target.metric, Target.value).where(Target.year == year)).all()
    )
    return {m.key: int(stored.get(m.key, m.goal)) for m in METRICS}


def set_goal(session: Session, year: int, metric: str, value: int) -> None:
    if metric not in METRICS_BY_KEY:
        raise KeyError(metric)
    if value < 0:
        raise ValueError("目标值不能为负数")
    row = session.scalar(select(Target).where(Target.year == year, Target.metric == metric))
    if row is None:
        session.add(Target(year=year, metric=metric, value=value))
    else:
        row.value = value


def _eligible_children(session: Session) -> list[tuple[int, str]]:
    school = or_(*[HouseholdMember.work_or_school.contains(word) for word in SCHOOL_WORDS])
    return [tuple(row) for row in session.execute(
        select(HouseholdMember.family_id, HouseholdMember.name).join(HardshipFamily)
        .where(HardshipFamily.status == "在档", HouseholdMember.relation == "子女", school)
    )]  # fmt: skip


def _aided_children(session: Session, year: int) -> set[tuple[int, str]]:
    return {tuple(row) for row in session.execute(
        select(Assistance.family_id, Assistance.student_name)
        .where(Assistance.kind == "金秋助学", extract("year", Assistance.given_on) == year)
    )}  # fmt: skip


def _service_units_valid(year: int) -> object:
    return and_(or_(ServiceUnit.valid_from.is_(None), ServiceUnit.valid_from <= date(year, 12, 31)),
                or_(ServiceUnit.valid_to.is_(None), ServiceUnit.valid_to >= date(year, 1, 1)))  # fmt: skip


def _percent(part: float, whole: float) -> float | None:
    """A share in per cent; None when there is nothing to count (no data, not 0 % or 100 %)."""
    return 100 * part / whole if whole else None


def measure(session: Session, year: int, stats: YearStats | None = None) -> dict[str, float | None]:
    stats = stats or compute_stats(session, year)
    eligible = _eligible_children(session)
    aided = _aided_children(session, year)
    return {
        "new_unions": stats.unions_founded,
        "wage_rate": _percent(stats.wage_signed, stats.unionised),
        "congress_rate": _percent(stats.congress_held, stats.above_scale),
        "affairs_rate": _percent(stats.affairs_public, stats.above_scale),
        "safety_accidents": stats.safety_accidents,
        **{key: stats.honours_city.get(title, 0) for key, title in HONOUR_TITLES.items()},
        "cadre_trainings": stats.cadre_trainings,
        "handbooks": stats.handbooks,
        "contests": stats.contests,
        "families_helped": _percent(stats.families_helped, stats.families),
        "students_aided": _percent(sum(1 for c in eligible if c in aided), len(eligible)),
        "service_units": session.scalar(
            select(func.count(ServiceUnit.id)).where(_service_units_valid(year))
        )
        or 0,
    }


def elapsed_share(year: int, today: date) -> float:
    """How much of the year has gone by on ``today`` (0 before it, 1 after it)."""
    if today.year < year:
        return 0.0
    if today.year > year:
        return 1.0
    days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    return today.timetuple().tm_yday / days


def progress(session: Session, year: int, today: date) -> list[Progress]:
    """Each target with its value and whether the year is on track for the date."""
    values = measure(session, year)
    year_goals = goals(session, year)
    share = elapsed_share(year, today)
    recorded = anything_recorded(session)  # an empty database is not behind: it has no data
    result = []
    for metric in METRICS:
        value, goal = values[metric.key], year_goals[metric.key]
        if value is None or not recorded:
            status = NO_DATA
        elif metric.at_most:
            status = "已完成" if value <= goal else "未达标"
        elif value >= goal:
            status = "已完成"
        elif share >= 1:
            status = "未达标"
        elif value >= goal * share:
            status = "进度正常"
        else:
            status = "落后"
        result.append(Progress(metric, value, goal, status))
    return result


Row = tuple[int, str, str]  # id, name, detail
Lister = Callable[[Session, int, date], list[Row]]


def open_items(
    session: Session, metric: str, year: int, today: date, limit: int = 5000
) -> list[Row]:
    """The records behind a target: what is still open, or what was achieved."""
    return _LISTERS[metric](session, year, today)[:limit]


def _enterprises(
    session: Session, *conditions: object, detail: Callable | None = None
) -> list[Row]:
    rows = session.execute(
        select(Enterprise).where(*conditions).order_by(Enterprise.name)
    ).scalars()
    return [(e.id, e.name, detail(e) if detail else e.community) for e in rows]


def _sessions(session: Session, year: int, *conditions: object) -> list[Row]:
    rows = session.scalars(select(TrainingSession).where(
        extract("year", TrainingSession.held_on) == year, *conditions).order_by(TrainingSession.held_on))  # fmt: skip
    return [
        (t.id, t.title, f"{t.held_on.isoformat()}　{t.kind}　手册 {t.handbooks} 册") for t in rows
    ]


def _honours(title: str) -> Lister:
    def lister(session: Session, year: int, _today: date) -> list[Row]:
        rows = session.execute(select(Enterprise.id, Enterprise.name, Honour.level).join(Honour)
                               .where(Honour.year == year, Honour.title == title,
                                      Honour.level.in_(CITY_OR_ABOVE)))  # fmt: skip
        return [(i, name, f"{title}（{level}）") for i, name, level in rows]

    return lister


def _families_not_helped(session: Session, year: int, _today: date) -> list[Row]:
    helped = select(Assistance.family_id).where(extract("year", Assistance.given_on) == year)
    rows = session.scalars(select(HardshipFamily).where(
        HardshipFamily.status == "在档", HardshipFamily.id.not_in(helped)).order_by(HardshipFamily.id))  # fmt: skip
    return [(f.id, f.worker_name, f"{f.category}　{f.address}") for f in rows]


def _children_not_aided(session: Session, year: int, _today: date) -> list[Row]:
    aided = _aided_children(session, year)
    names = dict(session.execute(select(HardshipFamily.id, HardshipFamily.worker_name)).all())
    return [(family, child, f"家长：{names.get(family, '')}")
            for family, child in _eligible_children(session) if (family, child) not in aided]  # fmt: skip


_LISTERS: dict[str, Lister] = {
    "new_unions": lambda s, y, t: _enterprises(s, Enterprise.union_status != "已建会",
                                               detail=lambda e: f"{e.union_status}　{e.community}"),
    "wage_rate": lambda s, y, t: _enterprises(s, Enterprise.union_status == "已建会",
                                              ~wage_in_force(y)),
    "congress_rate": lambda s, y, t: [(g.enterprise_id, g.name, g.reason)
                                      for g in congress_gaps(s, y, t)],
    "affairs_rate": lambda s, y, t: _enterprises(s, Enterprise.above_scale.is_(True),
                                                 Enterprise.affairs_public.is_(False)),
    "safety_accidents": lambda s, y, t: _enterprises(s, Enterprise.safety_accidents > 0,
                                                     detail=lambda e: f"{e.safety_accidents} 起"),
    **{key: _honours(title) for key, title in HONOUR_TITLES.items()},
    "cadre_trainings": lambda s, y, t: _sessions(s, y, TrainingSession.kind == "干部培训"),
    "handbooks": lambda s, y, t: _sessions(s, y, TrainingSession.handbooks > 0),
    "contests": lambda s, y, t: _sessions(s, y, TrainingSession.kind == "技能大赛"),
    "families_helped": _families_not_helped,
    "students_aided": _children_not_aided,
    "service_units": lambda s, y, t: [(u.id, u.name, f"{u.field}　{u.discount}") for u in s.scalars(
        select(ServiceUnit).where(_service_units_valid(y)).order_by(ServiceUnit.name))],
}  # fmt: skip
