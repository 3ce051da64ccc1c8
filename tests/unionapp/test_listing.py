"""Search and filters as the window and exports use them, on a small fixed list."""

from __future__ import annotations

from unionapp.schema.filters import ListQuery
from unionapp.schema.records import ENTERPRISE
from unionapp.services import records
from unionapp.services.listing import list_ids

COMPANIES = [
    {"name": "ABC科技有限公司", "union_status": "已建会", "phone": "025-52101234",
     "address": "竹山路8号"},
    {"name": "江宁百分百超市", "union_status": "未建会", "phone": "13912345678",
     "address": "天元中路 100% 广场", "contact": "张_三"},
    {"name": "东山科技园服务中心", "union_status": "筹建中", "address": "科技园路1号"},
]  # fmt: skip


def names_found(db, text: str) -> list[str]:
    with db.read() as session:
        ids = list_ids(session, ENTERPRISE, ListQuery(search=text))
        return [session.get(ENTERPRISE.model, i).name for i in ids]


def test_search_finds_chinese_digits_and_latin_letters_in_any_case(db, context_of) -> None:
    with db.write() as session:
        for values in COMPANIES:
            records.create(session, ENTERPRISE, values, context_of(session))
    assert names_found(db, "科技") == ["ABC科技有限公司", "东山科技园服务中心"]
    assert names_found(db, "abc") == names_found(db, "ABC") == ["ABC科技有限公司"]
    assert names_found(db, "5210") == ["ABC科技有限公司"]  # part of a phone number
    assert names_found(db, "竹山路") == ["ABC科技有限公司"]  # the address
    assert names_found(db, "科技 园") == ["东山科技园服务中心"]  # every word must match
    assert names_found(db, "100%") == ["江宁百分百超市"]  # % and _ are plain characters
    assert names_found(db, "张_") == ["江宁百分百超市"]
    assert names_found(db, "%") == ["江宁百分百超市"]
    assert names_found(db, "没有这家") == []
