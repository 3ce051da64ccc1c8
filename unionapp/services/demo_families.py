"""The demo's hardship families: the archive (一户一档), reviews, household members and the
help they got, as rows for a bulk insert."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from unionapp.schema.codes import WORK_STATUSES
from unionapp.services import demo_names as words
from unionapp.services.demo_maker import Maker

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


def _card_number(maker: Maker) -> str:
    """A 19-digit card number with a valid Luhn check digit (as banks issue them)."""
    body = "621700" + "".join(str(maker.rng.randint(0, 9)) for _ in range(12))
    total = 0
    for index, digit in enumerate(reversed(body)):
        value = int(digit) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return body + str((10 - total % 10) % 10)


def family_rows(
    maker: Maker,
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


def review_rows(families: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for family in families:
        yield {
            "family_id": family["id"],
            "review_date": family["reviewed_on"],
            "reviewer": family["checked_by"],
            "outcome": "继续在档",
            "notes": "",
        }


PRIMARY_SCHOOLS = ("秣陵小学", "东山小学", "岔路学校")
MIDDLE_SCHOOLS = ("秦淮中学", "江宁高级中学", "东山外国语学校")
UNIVERSITIES = tuple(name for name in words.SCHOOLS if name.endswith(("大学", "学院")))


def _child_birth(maker: Maker, parent: date) -> date:
    """Born when the parent was 22 to 36, and at least a year before today."""
    first = date(parent.year + 22, 1, 1)
    last = min(date(parent.year + 36, 12, 31), maker.today - timedelta(days=365))
    return maker.day_between(first, max(first, last))


def _occupation(maker: Maker, birth: date) -> tuple[str, int]:
    """(单位或学校, monthly income in fen) for a child of this age."""
    rng, age = maker.rng, maker.today.year - birth.year
    if age < 6:
        return "学龄前", 0
    if age < 12:
        return rng.choice(PRIMARY_SCHOOLS), 0
    if age < 18:
        return rng.choice(MIDDLE_SCHOOLS), 0
    if age < 23:
        return rng.choice(UNIVERSITIES), 0
    if rng.random() < 0.3:
        return "待业", 0
    return "务工", rng.randint(1500, 4500) * 100


def member_rows(maker: Maker, families: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """A spouse near the worker's age, then children born to the worker's family and at the
    school or work their age suggests."""
    rng = maker.rng
    for family in families:
        parent: date = family["birth_date"]
        for index in range(family["household_size"] - 1):
            child = index > 0
            if child:
                birth = _child_birth(maker, parent)
                work, income = _occupation(maker, birth)
            else:
                birth = maker.day_between(
                    date(parent.year - 5, 1, 1), date(parent.year + 5, 12, 31)
                )
                work, income = "无业", rng.randint(0, 2000) * 100
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
                "work_or_school": work,
                "monthly_income_fen": income,
                "health": rng.choice(("健康", "健康", "患病")),
                "medical_insurance": rng.choice(("职工医保", "居民医保")),
            }


def assistance_rows(
    maker: Maker, families: list[dict[str, Any]], children: dict[int, list[dict[str, Any]]]
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
            students = [  # 金秋助学 goes to children at university or college
                child
                for child in children.get(family["id"], [])
                if child["work_or_school"] in UNIVERSITIES
            ]
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
