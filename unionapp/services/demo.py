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
from unionapp.schema.codes import WORK_STATUSES
from unionapp.services import demo_names as words
from unionapp.validation.creditcode import ALPHABET, credit_code_check_char
from unionapp.validation.idcard import id_check_char

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


class _Maker:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.start = date(today.year - 2, 1, 1)
        self.issued: set[str] = set()  # ID numbers on file or handed out: never twice

    def day_between(self, first: date, last: date) -> date:
        span = max(0, (last - first).days)
        return first + timedelta(days=self.rng.randint(0, span))

    def recent_day(self) -> date:
        return self.day_between(self.start, self.today)

    def person_name(self) -> str:
        given = "".join(self.rng.choice(words.GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        if self.rng.random() < 0.03:
            given = given[:1] + self.rng.choice(words.RARE_GIVEN)
        return self.rng.choice(words.SURNAMES) + given

    def phone(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randint(0, 999_999_999):09d}"

    def id_number(self, birth: date, female: bool, serial: int) -> str:
        """A valid, unused number for the birth date and gender (another order code, then
        another region, when the first is taken)."""
        for attempt in range(len(words.REGIONS) * 500):
            region = words.REGIONS[(serial + attempt // 500) % len(words.REGIONS)]
            order = ((serial + attempt) % 500) * 2 + (0 if female else 1)
            body = f"{region}{birth:%Y%m%d}{order:03d}"
            number = body + id_check_char(body)
            if number not in self.issued:
                self.issued.add(number)
                return number
        raise ValueError(f"no free ID number for {birth}")


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
    maker = _Maker(seed, today or date.today())
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
    family_rows = list(_family_rows(maker, filed, family_ids, employers, numbers))
    counts.families = _insert(session, HardshipFamily, iter(family_rows))
    _insert(session, FamilyReview, _review_rows(family_rows))
    member_rows = list(_member_rows(maker, family_rows))
    counts.members = _insert(session, HouseholdMember, iter(member_rows))
    children: dict[int, list[dict[str, Any]]] = {}
    for member in member_rows:
        if member["relation"] == "子女":
            children.setdefault(member["family_id"], []).append(member)
    counts.assistance = _insert(session, Assistance, _assistance_rows(maker, family_rows, children))
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


def _company_name(maker: _Maker, used: set[str]) -> tuple[str, str]:
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


def _enterprise_rows(maker: _Maker, ids: list[int], used: set[str]) -> Iterator[dict[str, Any]]:
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


def _visit_rows(maker: _Maker, companies: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
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


def _honour_rows(maker: _Maker, companies: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    rng = maker.rng
    for company in companies:
        if company["union_status"] == "已建会" and rng.random() < 0.03:
            yield {
                "enterprise_id": company["id"],
                "title": rng.choice(("工人先锋号", "模范职工之家", "和谐劳动关系企业")),
                "level": rng.choice(("区级", "区级", "市级", "省级")),
                "year": rng.randint(maker.today.year - 2, maker.today.year),
            }


def _congress_rows(maker: _Maker, companies: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
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


OUTSIDE_EMPLOYERS = (
    "南京市江北新区某建筑劳务公司",
    "外卖平台（灵活就业）",
    "个体经营（早餐店）",
    "安徽滁州某电子厂",
    "无",
)
OTHER_WORK = {
    "失业": "无",
    "退休": "原江宁机械厂（已退休）",
    "灵活就业": "外卖平台（灵活就业）",
    "农民工": "南京市江北新区某建筑劳务公司",
}


def _card_number(maker: _Maker) -> str:
    """A 19-digit card number with a valid Luhn check digit (as banks issue them)."""
    body = "621700" + "".join(str(maker.rng.randint(0, 9)) for _ in range(12))
    total = 0
    for index, digit in enumerate(reversed(body)):
        value = int(digit) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return body + str((10 - total % 10) % 10)


def _family_rows(
    maker: _Maker,
    filed_dates: list[date],
    ids: list[int],
    employers: list[tuple[int, str]],
    numbers: dict[int, list[str]],
) -> Iterator[dict[str, Any]]:
    rng, today = maker.rng, maker.today
    for offset, filed in enumerate(filed_dates):
        birth = maker.day_between(date(today.year - 60, 1, 1), date(today.year - 22, 12, 31))
        female = rng.random() < 0.5
        size = rng.randint(1, 5)
        reasons = rng.sample(
            ("因病", "因残", "因学", "失业", "意外事故", "单亲"), rng.randint(1, 3)
        )
        work = rng.choices(WORK_STATUSES, (16, 2, 1, 1, 2))[0]
        enterprise_id, employer = (
            rng.choice(employers)
            if employers and work == "在岗"
            else (None, OTHER_WORK.get(work, ""))
        )
        member = rng.random() < 0.9
        income = rng.randint(800, 2600) * size * 100 * 12
        status = "在档" if rng.random() < 0.9 else rng.choice(("已脱困", "已退档"))
        disabled = rng.random() < 0.08
        yield {
            "id": ids[offset],
            "archive_no": numbers[filed.year].pop(),
            "old_archive_no": "",
            "filed_on": filed,
            "filed_by": maker.person_name(),
            "checked_by": maker.person_name(),
            "entered_by": "演示数据",
            "worker_name": maker.person_name(),
            "id_number": maker.id_number(birth, female, ids[offset]),
            "gender": "女" if female else "男",
            "birth_date": birth,
            "ethnicity": rng.choice(words.NATIONS),
            "political_status": rng.choices(("群众", "中共党员", "共青团员"), (8, 3, 1))[0],
            "marital_status": rng.choices(("已婚", "离异", "丧偶", "未婚"), (7, 2, 1, 1))[0],
            "hukou_type": rng.choice(("城镇", "城镇", "农村")),
            "hukou_place": f"江苏省南京市江宁区{rng.choice(words.STREETS)}",
            "health": "残疾" if disabled else rng.choice(("健康", "健康", "患病", "重病")),
            "disability_kind": rng.choice(("肢体", "视力", "听力")) if disabled else "",
            "disability_grade": rng.choice(("三级", "四级")) if disabled else "",
            "work_status": work,
            "employer": employer,
            "employer_nature": "私营企业" if enterprise_id else "",
            "enterprise_id": enterprise_id,
            "union_member": member,
            "member_card_no": f"JN{rng.randint(10**7, 10**8 - 1)}" if member else "",
            "model_worker": rng.choices(("无", "区级", "市级"), (30, 2, 1))[0],
            "address": f"江宁街道{rng.choice(words.STREETS)}{rng.randint(1, 99)}号"
            f"{rng.randint(1, 30)}幢{rng.randint(101, 2502)}室",
            "phone": maker.phone(),
            "housing_type": rng.choice(("自有住房", "公租房", "租住私房")),
            "housing_area": float(rng.randint(25, 90)),
            "medical_insurance": rng.choice(("职工医保", "职工医保", "居民医保")),
            "single_parent": "单亲" in reasons,
            "zero_employment": work in ("失业", "退休") and rng.random() < 0.3,
            "household_size": size,
            "annual_income_fen": income,
            "medical_expense_fen": rng.randint(0, 30) * 100_000 if "因病" in reasons else 0,
            "schooling_expense_fen": rng.randint(0, 8) * 100_000 if "因学" in reasons else 0,
            "category": rng.choices(("深度困难", "相对困难", "意外致困"), (2, 6, 1))[0],
            "category_since": filed,
            "main_reason": reasons[0],
            "reasons": "、".join(reasons[1:]),
            "reason_detail": "家庭主要成员长期患病，医疗支出大，子女在读，收入难以维持基本生活。",
            "bank_name": "中国建设银行南京江宁支行",
            "bank_account": _card_number(maker),
            "status": status,
            "reviewed_on": maker.recent_day(),
            "exit_date": maker.recent_day() if status != "在档" else None,
            "exit_reason": "家庭收入提高，已脱离困难" if status != "在档" else "",
            "notes": "",
        }


def _review_rows(families: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for family in families:
        yield {
            "family_id": family["id"],
            "review_date": family["reviewed_on"],
            "reviewer": family["checked_by"],
            "outcome": "继续在档",
            "notes": "",
        }


def _member_rows(maker: _Maker, families: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    rng = maker.rng
    for family in families:
        for index in range(family["household_size"] - 1):
            child = index > 0
            birth = maker.day_between(date(1965, 1, 1), date(2018, 12, 31))
            female = rng.random() < 0.5
            known = rng.random() < 0.7  # not every household member's number is on file
            yield {
                "family_id": family["id"],
                "name": maker.person_name(),
                "relation": "子女" if child else "配偶",
                "id_number": maker.id_number(birth, female, family["id"] * 7 + index)
                if known
                else "",
                "birth_date": birth,
                "work_or_school": rng.choice(words.SCHOOLS) if child else "无业",
                "monthly_income_fen": 0 if child else rng.randint(0, 2000) * 100,
                "health": rng.choice(("健康", "健康", "患病")),
                "medical_insurance": rng.choice(("职工医保", "居民医保")),
            }


def _assistance_rows(
    maker: _Maker, families: list[dict[str, Any]], children: dict[int, list[dict[str, Any]]]
) -> Iterator[dict[str, Any]]:
    rng, today = maker.rng, maker.today
    for family in families:
        for year in range(today.year - 2, today.year + 1):
            if rng.random() < 0.75:
                given = date(year, 1, rng.randint(10, 25))
                if given <= today:
                    yield _aid(
                        family["id"],
                        given,
                        "送温暖",
                        rng.choice((500, 800, 1000)) * 100,
                        f"{year}年春节",
                    )
            students = children.get(family["id"], [])
            if students and rng.random() < 0.6:
                given = date(year, 8, rng.randint(15, 31))
                if given <= today:
                    row = _aid(
                        family["id"],
                        given,
                        "金秋助学",
                        rng.choice((2000, 3000, 5000)) * 100,
                        f"{year}年金秋助学",
                    )
                    student = rng.choice(students)
                    row.update(
                        student_name=student["name"],
                        school=student["work_or_school"],
                        enrol_year=year,
                    )
                    yield row
            if rng.random() < 0.15:
                yield _aid(
                    family["id"],
                    maker.day_between(date(year, 1, 1), min(today, date(year, 12, 31))),
                    "医疗救助",
                    rng.randint(10, 50) * 10000,
                    "",
                )


def _service_units(maker: _Maker) -> Iterator[dict[str, Any]]:
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


def _aid(family_id: int, given: date, kind: str, fen: int, round_name: str) -> dict[str, Any]:
    return {
        "family_id": family_id,
        "given_on": given,
        "kind": kind,
        "amount_fen": fen,
        "fund_source": "区总工会帮扶资金" if kind != "金秋助学" else "金秋助学专项资金",
        "in_kind": "米、油" if kind == "送温暖" else "",
        "round_name": round_name,
        "student_name": "",
        "school": "",
        "enrol_year": None,
        "notes": "",
    }


def _training_rows(maker: _Maker, ids: list[int]) -> Iterator[dict[str, Any]]:
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
    maker: _Maker, trainings: list[dict[str, Any]], companies: dict[int, str]
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
