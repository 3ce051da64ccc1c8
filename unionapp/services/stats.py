"""The figures behind the plan's targets for one year."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, distinct, extract, func, or_, select
from sqlalchemy.orm import Session

from unionapp.models import (
    Assistance,
    Attendee,
    CongressMeeting,
    Enterprise,
    HardshipFamily,
    Honour,
    TrainingSession,
    Visit,
)

CITY_OR_ABOVE = ("市级", "省级", "全国")


@dataclass
class YearStats:
    year: int
    enterprises: int = 0
    enterprises_visited: int = 0
    visits: int = 0
    notices_issued: int = 0
    unionised: int = 0
    unions_founded: int = 0
    wage_signed: int = 0
    above_scale: int = 0
    congress_held: int = 0
    affairs_public: int = 0
    safety_accidents: int = 0
    honours_city: dict[str, int] = field(default_factory=dict)
    trainings: int = 0
    cadre_trainings: int = 0
    contests: int = 0
    handbooks: int = 0
    attendees: int = 0
    families: int = 0
    families_helped: int = 0
    assistance_fen: int = 0
    students_aided: int = 0

    @staticmethod
    def rate(part: int, whole: int) -> float:
        return round(part / whole, 4) if whole else 0.0

    @property
    def union_coverage(self) -> float:
        return self.rate(self.unionised, self.enterprises)

    @property
    def wage_rate(self) -> float:
        return self.rate(self.wage_signed, self.unionised)

    @property
    def congress_rate(self) -> float:
        return self.rate(self.congress_held, self.above_scale)

    @property
    def affairs_rate(self) -> float:
        return self.rate(self.affairs_public, self.above_scale)

    @property
    def helped_rate(self) -> float:
        return self.rate(self.families_helped, self.families)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("union_coverage", "wage_rate", "congress_rate", "affairs_rate", "helped_rate"):
            data[name] = getattr(self, name)
        return data


def _count(session: Session, *conditions: Any, column: Any = Enterprise.id) -> int:
    return session.scalar(select(func.count(column)).where(*conditions)) or 0


def wage_in_force(year: int) -> Any:
    """A collective wage agreement that was in force at some time in the year."""
    return and_(
        Enterprise.wage_signed.is_not(None),
        Enterprise.wage_signed <= date(year, 12, 31),
        or_(Enterprise.wage_expiry.is_(None), Enterprise.wage_expiry >= date(year, 1, 1)),
    )


def congress_held_in(year: int) -> Any:
    return select(CongressMeeting.enterprise_id).where(
        CongressMeeting.year == year, CongressMeeting.status == "已召开"
    )


def compute_stats(session: Session, year: int) -> YearStats:
    stats = YearStats(year=year)
    unionised = Enterprise.union_status == "已建会"
    stats.enterprises = _count(session)
    stats.unionised = _count(session, unionised)
    stats.unions_founded = _count(
        session, unionised, extract("year", Enterprise.union_founded) == year
    )
    stats.wage_signed = _count(session, unionised, wage_in_force(year))
    stats.above_scale = _count(session, Enterprise.above_scale.is_(True))
    stats.congress_held = _count(
        session, Enterprise.above_scale.is_(True), Enterprise.id.in_(congress_held_in(year))
    )
    stats.affairs_public = _count(
        session, Enterprise.above_scale.is_(True), Enterprise.affairs_public.is_(True)
    )
    stats.safety_accidents = session.scalar(select(func.sum(Enterprise.safety_accidents))) or 0

    in_year = extract("year", Visit.visit_date) == year
    stats.visits = _count(session, in_year, column=Visit.id)
    stats.enterprises_visited = _count(session, in_year, column=distinct(Visit.enterprise_id))
    stats.notices_issued = _count(session, in_year, Visit.notice_issued.is_(True), column=Visit.id)

    honours = session.execute(
        select(Honour.title, func.count(Honour.id))
        .where(Honour.year == year, Honour.level.in_(CITY_OR_ABOVE))
        .group_by(Honour.title)
    )
    stats.honours_city = {title: count for title, count in honours}

    trained = extract("year", TrainingSession.held_on) == year
    stats.trainings = _count(session, trained, column=TrainingSession.id)
    stats.cadre_trainings = _count(
        session, trained, TrainingSession.kind == "干部培训", column=TrainingSession.id
    )
    stats.contests = _count(
        session, trained, TrainingSession.kind == "技能大赛", column=TrainingSession.id
    )
    stats.handbooks = (
        session.scalar(select(func.sum(TrainingSession.handbooks)).where(trained)) or 0
    )
    stats.attendees = (
        session.scalar(select(func.count(Attendee.id)).join(TrainingSession).where(trained)) or 0
    )

    stats.families = _count(session, HardshipFamily.status == "在档", column=HardshipFamily.id)
    given = extract("year", Assistance.given_on) == year
    stats.families_helped = _count(
        session,
        HardshipFamily.status == "在档",
        HardshipFamily.id.in_(select(Assistance.family_id).where(given)),
        column=HardshipFamily.id,
    )
    stats.assistance_fen = session.scalar(select(func.sum(Assistance.amount_fen)).where(given)) or 0
    stats.students_aided = _count(
        session, given, Assistance.kind == "金秋助学", column=Assistance.id
    )
    return stats


STAT_LABELS: dict[str, str] = {
    "enterprises": "在册企业",
    "enterprises_visited": "走访企业",
    "visits": "走访次数",
    "notices_issued": "下达建会通知",
    "unionised": "已建会企业",
    "union_coverage": "建会率",
    "unions_founded": "当年新建工会",
    "wage_signed": "工资集体协商签订企业",
    "wage_rate": "工资协商签订率（已建会企业）",
    "above_scale": "规模以上企业",
    "congress_held": "规模以上企业召开职代会",
    "congress_rate": "职代会召开率",
    "affairs_public": "规模以上企业厂务公开",
    "affairs_rate": "厂务公开率",
    "safety_accidents": "安全事故(起)",
    "trainings": "培训及活动场次",
    "cadre_trainings": "工会干部培训班",
    "contests": "技能大赛",
    "handbooks": "发放宣传手册(册)",
    "attendees": "参加人次",
    "families": "在档困难职工家庭",
    "families_helped": "当年已帮扶家庭",
    "helped_rate": "帮扶覆盖率",
    "assistance_fen": "帮扶金额(元)",
    "students_aided": "金秋助学人数",
}
