"""Targets measured against hand-counted fixtures at year boundaries; drill-downs; reminders."""

from __future__ import annotations

from datetime import date

from unionapp.models import (
    Assistance,
    CongressMeeting,
    Enterprise,
    HardshipFamily,
    Honour,
    HouseholdMember,
    ServiceUnit,
    TrainingSession,
)
from unionapp.schema.records import ENTERPRISE
from unionapp.services import records
from unionapp.services.records import make_context
from unionapp.services.reminders import reminders
from unionapp.services.targets import (
    elapsed_share,
    goals,
    measure,
    open_items,
    progress,
    set_goal,
)
from unionapp.validation.idcard import id_check_char

YEAR = 2024


def person(n: int) -> str:
    body = f"32011519800101{n:03d}0"[:17]
    return body + id_check_char(body)


def fixture(db) -> dict[str, int]:
    """A small street, every figure countable by hand."""
    with db.write() as s:
        companies = [
            # founded the last day of the year before: not this year's
            Enterprise(name="甲", union_status="已建会", union_founded=date(YEAR - 1, 12, 31),
                       above_scale=True, affairs_public=True, staff_count=300,
                       wage_signed=date(YEAR - 1, 1, 1), wage_expiry=date(YEAR - 1, 12, 31)),
            # founded the first day of the year: counts
            Enterprise(name="乙", union_status="已建会", union_founded=date(YEAR, 1, 1),
                       above_scale=True, affairs_public=False, staff_count=200,
                       wage_signed=date(YEAR, 12, 31), wage_expiry=date(YEAR + 2, 12, 30)),
            Enterprise(name="丙", union_status="已建会", union_founded=date(YEAR, 12, 31),
                       wage_signed=date(YEAR - 2, 6, 1), wage_expiry=date(YEAR, 1, 1)),
            Enterprise(name="丁", union_status="筹建中", safety_accidents=1),
            Enterprise(name="戊", union_status="已建会", union_founded=date(YEAR + 1, 1, 1)),
        ]  # fmt: skip
        s.add_all(companies)
        s.flush()
        a, b = companies[0].id, companies[1].id
        s.add_all([
            CongressMeeting(enterprise_id=a, year=YEAR, status="已召开", held_date=date(YEAR, 3, 1),
                            planned_date=date(YEAR, 3, 1)),
            CongressMeeting(enterprise_id=b, year=YEAR, status="计划中",
                            planned_date=date(YEAR, 7, 10)),
            Honour(enterprise_id=a, title="模范职工之家", level="市级", year=YEAR),
            Honour(enterprise_id=b, title="模范职工之家", level="区级", year=YEAR),
            Honour(enterprise_id=b, title="工人先锋号", level="省级", year=YEAR - 1),
            TrainingSession(title="干部班", kind="干部培训", held_on=date(YEAR, 1, 1), handbooks=300),
            TrainingSession(title="大比武", kind="技能大赛", held_on=date(YEAR - 1, 12, 31),
                            handbooks=999),
            ServiceUnit(name="药房", valid_from=date(YEAR - 1, 1, 1), valid_to=date(YEAR, 1, 1)),
            ServiceUnit(name="旧店", valid_to=date(YEAR - 1, 12, 31)),
        ])  # fmt: skip
        helped = HardshipFamily(worker_name="张", id_number=person(1), status="在档",
                                reviewed_on=date(YEAR, 2, 1))  # fmt: skip
        waiting = HardshipFamily(worker_name="李", id_number=person(2), status="在档",
                                 reviewed_on=date(YEAR - 1, 12, 31))  # fmt: skip
        done = HardshipFamily(worker_name="王", id_number=person(3), status="已脱困")
        s.add_all([helped, waiting, done])
        s.flush()
        s.add_all([
            HouseholdMember(family_id=helped.id, name="张小", relation="子女", work_or_school="南京大学"),
            HouseholdMember(family_id=waiting.id, name="李小", relation="子女", work_or_school="秦淮中学"),
            HouseholdMember(family_id=waiting.id, name="李妻", relation="配偶", work_or_school="无业"),
            Assistance(family_id=helped.id, given_on=date(YEAR, 1, 1), kind="金秋助学",
                       amount_fen=300000, student_name="张小", school="南京大学"),
            Assistance(family_id=waiting.id, given_on=date(YEAR - 1, 12, 31), kind="送温暖",
                       amount_fen=50000),
            Assistance(family_id=done.id, given_on=date(YEAR, 5, 1), kind="送温暖", amount_fen=50000),
        ])  # fmt: skip
        return {"a": a, "b": b, "waiting": waiting.id}


def test_figures_at_year_boundaries_match_a_hand_count(db) -> None:
    fixture(db)
    with db.read() as session:
        values = measure(session, YEAR)
    assert values["new_unions"] == 2  # 乙 (1 Jan) and 丙 (31 Dec); not 甲, not 戊
    assert values["wage_rate"] == 100 * 2 / 4  # 乙 signed 31 Dec, 丙 expires 1 Jan; 甲 expired
    assert values["congress_rate"] == 50.0  # 甲 held; 乙 only planned
    assert values["affairs_rate"] == 50.0
    assert values["safety_accidents"] == 1
    assert (values["honour_home"], values["honour_vanguard"]) == (1, 0)  # city level, this year
    assert (values["cadre_trainings"], values["contests"], values["handbooks"]) == (1, 0, 300)
    assert values["families_helped"] == 50.0  # of 2 families on file, 张 was helped this year
    assert values["students_aided"] == 50.0  # 张小 aided, 李小 not
    assert values["service_units"] == 1  # 药房 still valid on 1 Jan


def test_goals_default_to_the_plan_and_are_editable_per_year(db) -> None:
    with db.write() as session:
        assert goals(session, YEAR)["new_unions"] == 20
        set_goal(session, YEAR, "new_unions", 25)
    with db.read() as session:
        assert goals(session, YEAR)["new_unions"] == 25
        assert goals(session, YEAR + 1)["new_unions"] == 20


def test_on_track_depends_on_the_date(db) -> None:
    fixture(db)
    with db.write() as session:
        set_goal(session, YEAR, "new_unions", 4)
    with db.read() as session:
        early = {p.metric.key: p for p in progress(session, YEAR, date(YEAR, 3, 1))}
        late = {p.metric.key: p for p in progress(session, YEAR, date(YEAR, 11, 30))}
        after = {p.metric.key: p for p in progress(session, YEAR, date(YEAR + 1, 1, 10))}
    assert early["new_unions"].status == "进度正常"  # 2 of 4 by March is ahead of schedule
    assert late["new_unions"].status == "落后"
    assert after["new_unions"].status == "未达标"
    assert early["cadre_trainings"].status == "已完成"
    assert early["safety_accidents"].status == "未达标"
    assert early["new_unions"].shown == "2 / 4家"
    assert elapsed_share(YEAR, date(YEAR - 1, 5, 1)) == 0.0


def test_drill_down_lists_the_records_behind_a_target(db) -> None:
    ids = fixture(db)
    day = date(YEAR, 8, 1)
    with db.read() as session:
        assert {r[1] for r in open_items(session, "wage_rate", YEAR, day)} == {"甲", "戊"}
        assert [(r[0], r[2]) for r in open_items(session, "congress_rate", YEAR, day)] == [
            (ids["b"], "逾期未开")]  # fmt: skip
        assert [r[1] for r in open_items(session, "families_helped", YEAR, day)] == ["李"]
        assert [r[1] for r in open_items(session, "students_aided", YEAR, day)] == ["李小"]
        assert [r[1] for r in open_items(session, "new_unions", YEAR, day)] == ["丁"]
        assert [r[1] for r in open_items(session, "honour_home", YEAR, day)] == ["甲"]


def test_reminders_on_given_dates(db) -> None:
    ids = fixture(db)
    with db.write() as session:
        company = session.get(Enterprise, ids["a"])
        company.wage_expiry = date(YEAR, 8, 20)
    with db.read() as session:
        june = reminders(session, date(YEAR, 6, 20))
        july = reminders(session, date(YEAR, 7, 20))
    assert [r.text for r in june if r.kind == "congress"] == [
        "乙：职代会即将召开（计划 2024-07-10）"
    ]
    assert [r.text for r in july if r.kind == "congress"] == [
        "乙：职代会逾期未开（计划 2024-07-10）"
    ]
    assert [r.kind for r in june].count("wage") == 0
    assert [r.text for r in july if r.kind == "wage"] == ["甲：工资集体协商协议 2024-08-20 到期"]
    assert [r.record_id for r in july if r.kind == "review"] == [ids["waiting"]]


def test_rates_with_nothing_to_count_say_so(db) -> None:
    """A new database is neither behind nor done on its rates: there is no data yet."""
    with db.read() as session:
        values = measure(session, YEAR)
        items = {p.metric.key: p for p in progress(session, YEAR, date(YEAR, 6, 1))}
    assert values["families_helped"] is None and values["wage_rate"] is None
    assert items["families_helped"].status == items["congress_rate"].status == "无数据"
    assert items["wage_rate"].shown == "— / 100%" and items["wage_rate"].fraction == 0
    # Nothing recorded at all: a new office is not behind on anything yet.
    assert {item.status for item in items.values()} == {"无数据"}
    with db.write() as session:
        records.create(
            session, ENTERPRISE, {"name": "甲公司", "union_status": "未建会"}, make_context(session)
        )
    with db.read() as session:
        items = {p.metric.key: p for p in progress(session, YEAR, date(YEAR, 6, 1))}
    assert items["new_unions"].status == "落后"  # once there are records, a count of 0 is 0
