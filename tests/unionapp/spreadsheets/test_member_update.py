"""``import --update`` of families writes only what changed in their members: a member still
listed keeps their row and uid (sync sends nothing for them), a changed field is one change, a
member no longer listed is removed and a new one added."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.unionapp.spreadsheets.conftest import run_import, workbook
from unionapp.models import AuditEntry, HardshipFamily, HouseholdMember
from unionapp.validation.idcard import id_check_char

HEAD = ["姓名", "身份证号", "困难类别", "工作单位"]
MEMBER_HEAD = ["职工身份证号", "姓名", "关系", "身份证号", "月收入(元)"]


def person_id(n: int) -> str:
    body = f"32011519800101{n:03d}"
    return body + id_check_char(body)


def child_id(n: int) -> str:
    body = f"32011520100101{n:03d}"
    return body + id_check_char(body)


def sheet(path: Path, members: list[list[object]]) -> Path:
    return workbook(
        path,
        {
            "困难职工": [HEAD, ["刘𠇔", person_id(1), "深度困难", "街道外某厂"]],
            "家庭成员": [MEMBER_HEAD, *members],
        },
    )


def members(db) -> list[tuple]:
    with db.read() as session:
        family = session.scalars(select(HardshipFamily)).one()
        return [
            (m.uid, m.name, m.relation, m.id_number, m.monthly_income_fen, m.version)
            for m in session.scalars(
                select(HouseholdMember)
                .where(HouseholdMember.family_id == family.id)
                .order_by(HouseholdMember.id)
            )
        ]


def member_audit(db) -> list[tuple[str, str]]:
    with db.read() as session:
        return [
            (e.action, e.changes)
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.table_name == "household_member")
            )
        ]


ROWS = [
    [person_id(1), "刘小", "子女", child_id(2), 0],
    [person_id(1), "王某", "配偶", "", 1500],
    [person_id(1), "ᠪᠠᠲᠦ", "父母", "", 800],
]


def test_the_same_members_again_change_nothing(db, tmp_path: Path) -> None:
    path = sheet(tmp_path / "f.xlsx", ROWS)
    assert run_import(db, "families", path).ok
    before, logged = members(db), member_audit(db)
    assert run_import(db, "families", path, update=True).ok
    assert members(db) == before  # same rows, same uids, versions untouched
    assert member_audit(db) == logged  # nothing to log


def test_one_changed_field_is_one_change_and_members_keep_their_identity(
    db, tmp_path: Path
) -> None:
    assert run_import(db, "families", sheet(tmp_path / "f.xlsx", ROWS)).ok
    before = {m[1]: m for m in members(db)}
    changed = [
        [person_id(1), "刘小", "子女", child_id(2), 300],  # now earns a little
        [person_id(1), "王女士", "配偶", "", 1500],  # renamed: a new member, 王某 leaves
        [person_id(1), "ᠪᠠᠲᠦ", "父母", "", 800],
        [person_id(1), "新生儿", "子女", "", 0],
    ]
    logged = len(member_audit(db))
    assert run_import(db, "families", sheet(tmp_path / "g.xlsx", changed), update=True).ok
    after = {m[1]: m for m in members(db)}
    assert set(after) == {"刘小", "王女士", "ᠪᠠᠲᠦ", "新生儿"}
    assert after["刘小"][0] == before["刘小"][0] and after["刘小"][4] == 30000
    assert after["刘小"][5] == before["刘小"][5] + 1
    assert after["ᠪᠠᠲᠦ"] == before["ᠪᠠᠲᠦ"]  # untouched
    new_entries = member_audit(db)[logged:]
    updates = [changes for action, changes in new_entries if action == "update"]
    assert len(updates) == 1 and "monthly_income_fen" in updates[0] and "name" not in updates[0]


def test_a_member_is_matched_by_id_number_before_name(db, tmp_path: Path) -> None:
    assert run_import(db, "families", sheet(tmp_path / "f.xlsx", ROWS)).ok
    uid = {m[1]: m[0] for m in members(db)}["刘小"]
    renamed = [[person_id(1), "刘晓", "子女", child_id(2), 0], *ROWS[1:]]  # name corrected
    assert run_import(db, "families", sheet(tmp_path / "g.xlsx", renamed), update=True).ok
    assert {m[1]: m[0] for m in members(db)}["刘晓"] == uid
