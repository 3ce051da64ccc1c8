"""Fill a database with realistic synthetic data (``python -m unionapp demo``).

Bulk inserts through SQLAlchemy Core, in one transaction: 100,000 enterprises in seconds.
Data spreads over the last three years up to ``today`` so this year's figures are alive.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.audit.recording import record_event
from unionapp.db.bulk import insert_rows
from unionapp.db.ids import reserve_ids
from unionapp.models import (
    Assistance,
    Attendee,
    CongressMeeting,
    Enterprise,
    FamilyReview,
    HardshipFamily,
    Honour,
    HouseholdMember,
    ServiceUnit,
    TrainingSession,
    Visit,
)
from unionapp.services import demo_families
from unionapp.services import demo_names as words
from unionapp.services.demo_maker import Maker
from unionapp.validation.creditcode import ALPHABET, credit_code_check_char

OWNERSHIP_WEIGHTS = {
    "私营": 55,
    "有限责任公司": 14,
    "股份有限公司": 5,
    "外商投资": 6,
    "港澳台投资": 5,
    "国有": 3,
    "集体": 3,
    "股份合作": 2,
    "个体": 6,
    "其他": 1,
}
CHUNK = 5000


@dataclass
class DemoCounts:
    enterprises: int = 0
    visits: int = 0
    honours: int = 0
    congresses: int = 0
    families: int = 0
    members: int = 0
    assistance: int = 0
    trainings: int = 0
    attendees: int = 0


def _credit_code(rng: random.Random, index: int) -> str:
    """A well-formed synthetic code: random letters, then the index in base 31 (unique)."""
    digits = []
    value = index
    for _ in range(5):
        value, rest = divmod(value, 31)
        digits.append(ALPHABET[rest])
    head = "MA" + "".join(rng.choice(ALPHABET) for _ in range(2))
    body = "91320115" + head + "".join(reversed(digits))
    return body + credit_code_check_char(body)


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(session: Session, model: type, rows: Iterator[dict[str, Any]]) -> int:
    """Insert in bulk (not audited row by row: a demo is not the office's work); one audit
    event per table says how many rows came, so the log, and whoever watches it, knows."""
    total = 0
    for batch in _chunks(rows):
        insert_rows(session, model.__table__, batch)
        total += len(batch)
    if total:
        record_event(session, model.__tablename__, "demo", {"条数": total})
    return total


def generate(
    session: Session,
    *,
    enterprises: int = 300,
    families: int = 80,
    trainings: int = 24,
    seed: int = 2023,
    today: date | None = None,
) -> DemoCounts:
    """Add demo records to the database (existing records are kept)."""
    maker = Maker(seed, today or date.today())
    counts = DemoCounts()
    company_ids = reserve_ids(session, Enterprise.__table__, enterprises)
    used_names = set(session.scalars(select(Enterprise.name)))
    company_rows = list(_enterprise_rows(maker, company_ids, used_names))
    counts.enterprises = _insert(session, Enterprise, iter(company_rows))
    counts.visits = _insert(session, Visit, _visit_rows(maker, company_rows))
    counts.honours = _insert(session, Honour, _honour_rows(maker, company_rows))
    counts.congresses = _insert(session, CongressMeeting, _congress_rows(maker, company_rows))
    employers = [(row["id"], row["name"]) for row in company_rows] or list(
        session.execute(select(Enterprise.id, Enterprise.name).limit(1000)).tuples()
    )
    family_ids = reserve_ids(session, HardshipFamily.__table__, families)
    maker.issued.update(session.scalars(select(HardshipFamily.id_number)))
    maker.issued.update(session.scalars(select(HouseholdMember.id_number)))
    filed = sorted(
        maker.day_between(date(maker.today.year - 2, 1, 1), maker.today) for _ in range(families)
    )
    numbers = _archive_numbers(session, filed)
    family_rows = list(demo_families.family_rows(maker, filed, family_ids, employers, numbers))
    counts.families = _insert(session, HardshipFamily, iter(family_rows))
    _insert(session, FamilyReview, demo_families.review_rows(family_rows))
    member_rows = list(demo_families.member_rows(maker, family_rows))
    counts.members = _insert(session, HouseholdMember, iter(member_rows))
    children: dict[int, list[dict[str, Any]]] = {}
    for member in member_rows:
        if member["relation"] == "子女":
            children.setdefault(member["family_id"], []).append(member)
    counts.assistance = _insert(
        session, Assistance, demo_families.assistance_rows(maker, family_rows, children)
    )
    if not session.scalar(select(func.count(ServiceUnit.id))):
        _insert(session, ServiceUnit, _service_units(maker))
    training_ids = reserve_ids(session, TrainingSession.__table__, trainings)
    training_rows = list(_training_rows(maker, training_ids))
    counts.trainings = _insert(session, TrainingSession, iter(training_rows))
    names = {row["id"]: row["name"] for row in company_rows[:2000]}
    counts.attendees = _insert(session, Attendee, _attendee_rows(maker, training_rows, names))
    return counts


def _archive_numbers(session: Session, filed: list[date]) -> dict[int, list[str]]:
    """Archive numbers for the demo's families by the year each was filed (handed out by the
    archive's own sequence, in filing order)."""
    from unionapp.services.archive import next_archive_numbers

    years = Counter(day.year for day in filed)
    return {year: next_archive_numbers(session, year, n)[::-1] for year, n in years.items()}


def _company_name(maker: Maker, used: set[str]) -> tuple[str, str]:
    rng = maker.rng
    trade, industry = rng.choice(words.COMPANY_TRADES)
    base = f"{rng.choice(words.COMPANY_PLACES)}{rng.choice(words.COMPANY_CORES)}{trade}"
    name = base + rng.choice(words.COMPANY_FORMS)
    number = 2
    while name in used:
        name = f"{base}{number}号{rng.choice(words.COMPANY_FORMS)}"
        number += 1
    used.add(name)
    return name, industry


def _enterprise_rows(maker: Maker, ids: list[int], used: set[str]) -> Iterator[dict[str, Any]]:
    rng, today = maker.rng, maker.today
    kinds, weights = zip(*OWNERSHIP_WEIGHTS.items(), strict=True)
    for offset in range(len(ids)):
        name, industry = _company_name(maker, used)
        staff = max(3, int(rng.lognormvariate(3.6, 1.0)))
        above = staff >= 150 or rng.random() < 0.08
        roll = rng.random()
        status = (
            "已建会"
            if roll < 0.66 or (above and roll < 0.9)
            else ("筹建中" if roll < 0.78 else "未建会")
        )
        founded = None
        if status == "已建会":
            founded = (
                maker.day_between(date(today.year, 1, 1), today)
                if rng.random() < 0.04
                else maker.day_between(date(today.year - 15, 1, 1), date(today.year - 1, 12, 31))
            )
        signed = expiry = None
        if status == "已建会" and rng.random() < 0.82:
            signed = maker.day_between(date(today.year - 3, 1, 1), today)
            expiry = signed + timedelta(days=365 * rng.choice((1, 2, 3)))
        members = int(staff * rng.uniform(0.6, 1.0)) if status == "已建会" else 0
        yield {
            "id": ids[offset],
            "name": name,
            "credit_code": _credit_code(rng, ids[offset]),
            "credit_code_confirmed": False,
            "ownership": rng.choices(kinds, weights)[0],
            "industry": industry,
            "community": rng.choice(words.COMMUNITIES),
            "address": f"江宁街道{rng.choice(words.STREETS)}{rng.randint(1, 999)}号",
            "contact": maker.person_name(),
            "phone": maker.phone(),
            "staff_count": staff,
            "migrant_count": int(staff * rng.uniform(0.1, 0.7)),
            "above_scale": above,
            "union_status": status,
            "union_founded": founded,
            "union_chair": maker.person_name() if status == "已建会" else "",
            "member_count": members,
            "wage_signed": signed,
            "wage_expiry": expiry,
            "affairs_public": (above and rng.random() < 0.85) or rng.random() < 0.2,
            "safety_accidents": 1 if rng.random() < 0.005 else 0,
            "notes": "",
        }


def _visit_rows(maker: Maker, companies: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    rng = maker.rng
    for company in companies:
        visits = (
            rng.randint(1, 3) if company["union_status"] != "已建会" else int(rng.random() < 0.15)
        )
        for _ in range(visits):
            yield {
                "enterprise_id": company["id"],
                "visit_date": maker.recent_day(),
                "visitor": maker.person_name(),
                "outcome": rng.choice(
                    (
                        "业主同意筹建工会",
                        "已召开业主座谈会",
                        "业主暂不同意，约定再访",
                        "宣传《工会法》，发放资料",
                    )
                ),
                "notice_issued": rng.random() < 0.5,
            }


def _honour_rows(maker: Maker, companies: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    rng = maker.rng
    for company in companies:
        if company["union_status"] == "已建会" and rng.random() < 0.03:
            yield {
                "enterprise_id": company["id"],
                "title": rng.choice(("工人先锋号", "模范职工之家", "和谐劳动关系企业")),
                "level": rng.choice(("区级", "区级", "市级", "省级")),
                "year": rng.randint(maker.today.year - 2, maker.today.year),
            }


def _congress_rows(maker: Maker, companies: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    rng, today = maker.rng, maker.today
    for company in companies:
        if not company["above_scale"] or company["union_status"] != "已建会":
            continue
        delegates = max(10, min(120, company["staff_count"] // 10))
        term = rng.randint(1, 4)
        for year in range(today.year - 2, today.year + 1):
            meetings = rng.choice((1, 1, 2)) if rng.random() < 0.9 else 0
            for number in range(1, meetings + 1):
                planned = date(year, 3 if number == 1 else 10, rng.randint(1, 28))
                founded = company["union_founded"] or planned
                held_ok = planned <= today and planned >= founded
                status = "已召开" if held_ok and rng.random() < 0.9 else "计划中"
                present = rng.randint(delegates * 2 // 3 + 1, delegates)
                yield {
                    "enterprise_id": company["id"],
                    "year": year,
                    "term": term,
                    "session_no": number,
                    "planned_date": planned,
                    "held_date": planned if status == "已召开" else None,
                    "status": status,
                    "delegates_expected": delegates,
                    "delegates_present": present if status == "已召开" else 0,
                    "agenda": "审议工资集体协商方案；审议厂务公开事项；听取工会工作报告",
                    "resolutions": "通过工资集体协商方案" if status == "已召开" else "",
                    "votes_for": present - 1 if status == "已召开" else 0,
                    "votes_against": 0,
                    "votes_abstain": 1 if status == "已召开" else 0,
                    "public_items": "年度经营情况、职工福利、安全生产",
                }


def _service_units(maker: Maker) -> Iterator[dict[str, Any]]:
    units = (
        ("江宁惠民大药房", "医疗", "会员凭会员证购药九五折"),
        ("东山社区诊所", "医疗", "会员挂号费全免"),
        ("金陵律师事务所", "法律", "会员法律咨询免费，代理费八折"),
        ("百家湖超市", "商业", "会员购物满100元减5元"),
        ("天元眼镜店", "商业", "会员配镜八五折"),
        ("江宁职工书屋", "文体", "会员借阅免押金"),
    )
    for name, field, discount in units:
        yield {
            "name": name,
            "field": field,
            "discount": discount,
            "contact": maker.person_name(),
            "phone": maker.phone(),
            "address": f"江宁街道{maker.rng.choice(words.STREETS)}",
            "valid_from": date(maker.today.year - 1, 1, 1),
            "valid_to": date(maker.today.year + 1, 12, 31),
            "notes": "",
        }


def _training_rows(maker: Maker, ids: list[int]) -> Iterator[dict[str, Any]]:
    rng = maker.rng
    kinds = list(words.TRAINING_TITLES)
    for offset in range(len(ids)):
        kind = kinds[offset % len(kinds)]
        yield {
            "id": ids[offset],
            "title": rng.choice(words.TRAINING_TITLES[kind]),
            "kind": kind,
            "held_on": maker.recent_day(),
            "place": rng.choice(("街道工会会议室", "江宁工业园培训中心", "街道文体中心")),
            "hours": rng.choice((2.0, 3.0, 4.0, 8.0)),
            "trainer": maker.person_name(),
            "handbooks": rng.choice((0, 100, 200, 500, 1000)) if kind != "文体活动" else 0,
            "notes": "",
        }


def _attendee_rows(
    maker: Maker, trainings: list[dict[str, Any]], companies: dict[int, str]
) -> Iterator[dict[str, Any]]:
    rng = maker.rng
    names = list(companies.values()) or ["街道工会"]
    for training in trainings:
        for _ in range(rng.randint(8, 30)):
            yield {
                "session_id": training["id"],
                "name": maker.person_name(),
                "employer": rng.choice(names),
                "phone": maker.phone(),
                "signed_in": training["held_on"] <= maker.today and rng.random() < 0.92,
                "result": rng.choice(("一等奖", "二等奖", "三等奖", "优秀", "合格"))
                if training["kind"] == "技能大赛"
                else "",
            }
