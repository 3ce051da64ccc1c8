"""Families for window tests: valid ID numbers, one family made through the core services, and
a real-looking household (fifteen members, a long address, names in Uyghur, Tibetan and with
a character beyond the BMP)."""

from __future__ import annotations

from datetime import date
from typing import Any

from unionapp.schema.records import ASSISTANCE, FAMILY, MEMBER, REVIEW
from unionapp.services import records
from unionapp.services.records import make_context
from unionapp.validation.idcard import id_check_char

TODAY = date.today()
UYGHUR = "ئابدۇرېھىم ئابدۇكېرىم"
TIBETAN = "བཀྲ་ཤིས་བདེ་ལེགས"
RARE = "刘𠇔"
ADDRESS = (
    "江宁街道秣陵社区天元东路一千三百八十八号翠屏国际城二期十七幢二单元一千七百零三室（北侧入户门，"
    "门口有蓝色信报箱）请联系物业陈师傅代收，电话二五二七六六八八，工作日九点至五点，周末请提前"
    "一日电话预约；如无人应答，请将材料投入一楼东侧信报箱并短信告知户主本人"
)
assert len(ADDRESS) >= 120


def person(serial: int, year: int = 1980) -> str:
    body = f"320115{year}0101{serial:03d}"
    return body + id_check_char(body)


def new_family(db, serial: int = 1, **values: Any) -> int:
    raw = {"worker_name": f"职工{serial}", "id_number": person(serial), "category": "相对困难"}
    with db.write() as session:
        return records.create(session, FAMILY, raw | values, make_context(session)).id


def add_child(db, spec, family_id: int, **values: Any) -> int:
    with db.write() as session:
        return records.create(session, spec, values, make_context(session), family_id).id


def at_most(text: str, length: int) -> str:
    """``text`` repeated to exactly ``length`` characters (a field at its maximum)."""
    return (text * (length // len(text) + 1))[:length]


def real_looking_family(db) -> int:
    """A household as real rosters have them: 15 members, a 127-character address, names in
    Uyghur and Tibetan and with 𠇔, and the other texts at their maximum length."""
    family_id = new_family(
        db,
        1,
        worker_name=RARE,
        address=ADDRESS,
        employer="南京" + at_most("江宁开发区精密机械制造", 190) + "有限责任公司"[:8],
        hukou_place=at_most("新疆维吾尔自治区喀什地区疏附县", 100),
        reason_detail=at_most("家庭主要劳动力长期患病，子女在读，", 2000),
        bank_name=at_most("中国农业银行南京江宁开发区天元东路支行", 60),
        bank_account="6228480402564890018",
        member_card_no=at_most("JN2024", 30),
        filed_by=at_most("欧阳", 40),
        old_archive_no=at_most("JNGH-2019-", 30),
        household_size=15,
        annual_income_fen="48000",
        medical_expense_fen="12000",
        ethnicity="维吾尔族",
        union_member=True,
    )
    names = [UYGHUR, TIBETAN, RARE + "娟", "欧阳" + "䶮" + "明"] + [f"成员{n}" for n in range(11)]
    for serial, name in enumerate(names, start=10):
        add_child(
            db,
            MEMBER,
            family_id,
            name=name,
            relation="子女",
            id_number=person(serial, 2008),
            work_or_school="江宁区" + "实验" * 20 + "小学",
            monthly_income_fen="0",
            medical_insurance="居民医保",
        )
    given = {"given_on": TODAY.isoformat(), "kind": "送温暖", "amount_fen": "1500"}
    add_child(db, ASSISTANCE, family_id, **given)
    reviewed = {"review_date": TODAY.isoformat(), "reviewer": "王审核", "outcome": "继续在档"}
    add_child(db, REVIEW, family_id, **reviewed)
    return family_id
