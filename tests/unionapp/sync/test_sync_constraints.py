"""Changes that break a unique key or a foreign key on the other side: the push and the pull
go on with everything else, the clash waits as a conflict for the clerk, and after the
decision what was kept comes through."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.district import District
from tests.unionapp.sync.test_sync_scenarios import (
    add_company,
    add_family,
    companies,
    edit,
    families,
    person,
)
from unionapp.database import Database
from unionapp.models import CongressMeeting, Enterprise, HardshipFamily, HouseholdMember
from unionapp.sync.conflicts import decide, open_conflicts
from unionapp.sync.run import sync


def test_an_edit_to_an_id_number_taken_on_the_server_waits_and_the_batch_goes_through(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    uid = add_family(pc, "王芳", 1)
    sync(pc, office.url)
    add_family(clerk, "李四", 2)  # on the server, not yet on the PC
    edit(pc, HardshipFamily, uid, id_number=person(2), phone="13812345678")
    add_company(pc, "甲公司")  # in the same push batch
    sync(pc, office.url)
    sync(pc, office.url)  # and again: the batch is not refused each time
    assert [value[0] for value in companies(clerk).values()] == ["甲公司"]
    kinds = {(c.record, c.kind, c.field) for c in open_conflicts(pc)}
    assert kinds == {(uid, "duplicate", "id_number")}
    with clerk.read() as session:
        there = session.scalar(select(HardshipFamily).where(HardshipFamily.uid == uid))
        assert there is not None and there.id_number == person(1)


def test_an_id_number_taken_on_the_server_becomes_one_family_once_decided(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    mine = add_family(pc, "王芳", 1, members=1)
    sync(pc, office.url)
    theirs = add_family(clerk, "王芳", 2, members=1)  # the same woman, on the server
    edit(pc, HardshipFamily, mine, id_number=person(2))
    sync(pc, office.url)
    [conflict] = open_conflicts(pc)
    assert (conflict.kind, conflict.record) == ("duplicate", mine)
    decide(pc, conflict.id, "theirs")
    sync(pc, office.url)
    sync(pc, office.url)
    assert families(pc) == families(clerk)
    [(uid, (name, _number, _phone, members))] = families(pc).items()
    assert uid == theirs and name == "王芳" and members == ["王芳家0", "王芳家0"]
    assert open_conflicts(pc) == []


@pytest.mark.parametrize("keep", ["mine", "theirs"])
def test_a_pulled_id_number_taken_here_waits_for_the_clerk_then_comes(
    district: District, keep: str
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    first = add_family(pc, "王芳", 1)
    sync(pc, office.url)
    edit(clerk, HardshipFamily, first, id_number=person(5))  # corrected on the server
    add_family(pc, "王芳", 5)  # meanwhile registered again here
    sync(pc, office.url)  # the pulled correction clashes with the new family here
    [conflict] = open_conflicts(pc)
    assert (conflict.kind, conflict.field) == ("duplicate", "id_number")
    sync(pc, office.url)  # nothing blocks the next sync
    decide(pc, conflict.id, keep)
    sync(pc, office.url)
    sync(pc, office.url)
    assert families(pc) == families(clerk)
    assert list(families(pc)) == [first]
    with pc.read() as session:
        assert session.scalar(select(HardshipFamily.id_number)) == person(5)
    assert open_conflicts(pc) == []


@pytest.mark.parametrize("keep", ["mine", "theirs"])
def test_a_server_delete_of_an_enterprise_with_a_congress_added_here(
    district: District, keep: str
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    add_company(pc, "甲机械有限公司")
    sync(pc, office.url)
    with clerk.write() as session:
        session.delete(session.scalars(select(Enterprise)).one())
    with pc.write() as session:
        company = session.scalars(select(Enterprise)).one()
        session.add(CongressMeeting(enterprise_id=company.id, year=2026))
    sync(pc, office.url)
    sync(pc, office.url)  # neither sync is refused
    [conflict] = open_conflicts(pc)
    assert (conflict.table, conflict.kind, conflict.field) == (
        "congress",
        "delete",
        "enterprise_id",
    )
    assert len(companies(pc)) == 1 and congresses(pc) == 1  # nothing lost before the decision
    decide(pc, conflict.id, keep)
    sync(pc, office.url)
    expected = 1 if keep == "mine" else 0
    assert len(companies(pc)) == len(companies(clerk)) == expected
    assert congresses(pc) == congresses(clerk) == expected
    assert open_conflicts(pc) == []


def test_a_server_delete_blocked_here_by_a_record_under_it_is_kept_for_the_clerk(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    add_company(pc, "甲机械有限公司")
    with pc.write() as session:
        company = session.scalars(select(Enterprise)).one()
        session.add(CongressMeeting(enterprise_id=company.id, year=2026))
    sync(pc, office.url)
    with clerk.write() as session:  # the server deletes the congress, then the enterprise
        session.delete(session.scalars(select(CongressMeeting)).one())
    with clerk.write() as session:
        session.delete(session.scalars(select(Enterprise)).one())
    with pc.write() as session:  # the congress edited here meanwhile
        session.scalars(select(CongressMeeting)).one().agenda = "选举"
    sync(pc, office.url)
    kinds = sorted((c.table, c.kind) for c in open_conflicts(pc))
    assert kinds == [("congress", "delete"), ("enterprise", "delete")]
    sync(pc, office.url)
    for conflict in open_conflicts(pc):
        decide(pc, conflict.id, "theirs")
    sync(pc, office.url)
    assert companies(pc) == {} and congresses(pc) == 0
    assert open_conflicts(pc) == []


@pytest.mark.parametrize("keep", ["mine", "theirs"])
def test_a_server_delete_of_a_family_spares_a_member_added_here_until_decided(
    district: District, keep: str
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    add_family(pc, "王芳", 1)
    sync(pc, office.url)
    with clerk.write() as session:
        session.delete(session.scalars(select(HardshipFamily)).one())
    with pc.write() as session:
        family = session.scalars(select(HardshipFamily)).one()
        session.add(HouseholdMember(family_id=family.id, name="新成员", relation="子女"))
    sync(pc, office.url)
    [(name, _number, _phone, members)] = families(pc).values()
    assert (name, members) == ("王芳", ["新成员"])  # not deleted with the family
    [conflict] = open_conflicts(pc)
    assert (conflict.table, conflict.kind) == ("household_member", "delete")
    decide(pc, conflict.id, keep)
    sync(pc, office.url)
    sync(pc, office.url)
    assert families(pc) == families(clerk)
    assert len(families(pc)) == (1 if keep == "mine" else 0)
    assert open_conflicts(pc) == []


def test_another_offices_note_does_not_hold_back_the_servers_delete(district: District) -> None:
    jn, ml = district.office("JN", "江宁街道工会"), district.office("ML", "秣陵街道工会")
    other, mine = district.pc("ml1"), district.pc("jn1")
    clerk = district.direct(jn)
    add_family(other, "赵六", 9)
    sync(other, ml.url)
    uid = add_family(mine, "赵六", 9)
    sync(mine, jn.url)
    [flag] = open_conflicts(mine)
    assert flag.kind == "other_office"
    edit(clerk, HardshipFamily, uid, id_number=person(8))  # corrected on the server
    sync(mine, jn.url)
    with mine.read() as session:
        assert session.scalar(select(HardshipFamily.id_number)) == person(8)
    with clerk.write() as session:
        session.delete(session.scalars(select(HardshipFamily)).one())
    sync(mine, jn.url)
    assert families(mine) == families(clerk) == {}


def test_a_family_edited_while_its_number_waits_goes_up_whole_once_renumbered(
    district: District,
) -> None:
    """Its edit, queued before the renumbered family goes up as new, would reach the server
    first and find no record there (a needless edit-against-delete conflict)."""
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_family(first, "甲", 1)
    wanted = add_family(second, "乙", 2, members=1)
    sync(first, office.url)
    sync(second, office.url)
    [number] = open_conflicts(second)
    edit(second, HardshipFamily, wanted, phone="13812345678")  # while it waits
    decide(second, number.id, "theirs")
    sync(second, office.url)
    assert open_conflicts(second) == []
    sync(first, office.url)
    assert families(first) == families(second) == families(district.direct(office))
    assert families(first)[wanted][2] == "13812345678"
    assert district.admin("SELECT kind FROM server_conflict WHERE resolution IS NULL") == []


def test_a_renumbered_family_goes_up_before_its_members_and_the_other_comes_down(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_family(first, "甲", 1, members=2)  # both before their first sync: one archive number
    wanted = add_family(second, "乙", 2, members=2)
    sync(first, office.url)
    sync(second, office.url)
    [number] = open_conflicts(second)
    assert number.kind == "number"
    taken = families(second)[wanted][1]
    decide(second, number.id, "theirs")
    sync(second, office.url)
    assert open_conflicts(second) == []
    sync(first, office.url)
    assert families(first) == families(second) == families(district.direct(office))
    assert sorted((v[0], len(v[3])) for v in families(first).values()) == [("乙", 2), ("甲", 2)]
    with second.read() as session:
        family = session.scalar(select(HardshipFamily).where(HardshipFamily.uid == wanted))
        assert family is not None and family.old_archive_no == taken != family.archive_no


def congresses(database: Database) -> int:
    with database.read() as session:
        return len(session.scalars(select(CongressMeeting.id)).all())


def test_an_archive_number_changed_here_to_one_in_use_keeps_the_servers_number(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    uid = add_family(pc, "王芳", 1)
    sync(pc, office.url)
    own = families(pc)[uid][1]
    other = add_family(clerk, "李四", 2)
    used = families(clerk)[other][1]
    edit(pc, HardshipFamily, uid, archive_no=used, phone="13812345678")
    sync(pc, office.url)  # the edit is held; 李四 is kept until the clerk decides
    [conflict] = open_conflicts(pc)
    assert (conflict.kind, conflict.record, conflict.field) == ("number", uid, "archive_no")
    decide(pc, conflict.id, "theirs")
    sync(pc, office.url)
    sync(pc, office.url)
    assert families(pc) == families(clerk)
    assert families(pc)[uid][1:3] == (own, "13812345678")  # the phone edit is not lost
    assert families(pc)[other][1] == used
    assert open_conflicts(pc) == []


def test_a_page_applied_again_after_a_clash_records_each_conflict_once(
    district: District,
) -> None:
    """A page goes up under one savepoint; an edit in it taking another family's ID number rolls
    it back, and it is applied again a change at a time. What the first pass recorded (an edit
    conflict found before the clash, the server's change log) is gone with it: each conflict is
    on the server once, the PC holds the rows the server kept, and each company is logged once
    under the change that wrote it."""
    from unionapp.models import SyncChange, SyncConflict

    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    first = add_family(pc, "张三", 1)
    second = add_family(pc, "王芳", 3)
    sync(pc, office.url)
    edit(clerk, HardshipFamily, first, phone="13800000001")
    add_family(clerk, "李四", 2)  # holds person(2) on the server
    edit(pc, HardshipFamily, first, phone="13800000002")  # an edit conflict, found first
    edit(pc, HardshipFamily, second, id_number=person(2))  # then the clash
    add_company(pc, "甲公司")
    add_company(pc, "乙公司")
    with pc.read() as session:
        waiting = {
            change.uid: change.change_id
            for change in session.scalars(select(SyncChange).where(SyncChange.sent.is_(False)))
        }
    sync(pc, office.url)
    on_server = district.admin(
        "SELECT id, kind, change_id FROM server_conflict WHERE resolution IS NULL ORDER BY id"
    )
    assert sorted(kind for _id, kind, _change in on_server) == ["duplicate", "edit"]
    assert len({change for _id, _kind, change in on_server}) == 2
    with pc.read() as session:
        kept = sorted(session.scalars(select(SyncConflict.server_id)))
    assert kept == [server_id for server_id, _kind, _change in on_server]
    assert {(c.record, c.kind) for c in open_conflicts(pc)} == {
        (first, "edit"),
        (second, "duplicate"),
    }
    logged = district.admin(
        "SELECT uid, origin FROM server_change WHERE table_name = 'enterprise' AND op = 'insert'"
    )
    assert len(logged) == 2 and all(origin == waiting[uid] for uid, origin in logged)
    assert district.admin(
        "SELECT count(*) FROM server_change WHERE uid = :u AND origin = :c",
        u=second,
        c=waiting[second],
    ) == [(0,)]
