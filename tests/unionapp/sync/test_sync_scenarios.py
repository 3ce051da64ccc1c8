"""Offices that sync: two PCs of one office, a clerk of that office working on the server
directly and a second office, on the tests' own PostgreSQL; each scenario as an office lives it."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from tests.district import District
from unionapp.cli.main import main
from unionapp.database import Database
from unionapp.models import (
    Attachment,
    Enterprise,
    HardshipFamily,
    HouseholdMember,
    SyncChange,
)
from unionapp.schema.hardship import FAMILY, MEMBER
from unionapp.schema.records import ENTERPRISE
from unionapp.services import records
from unionapp.sync.conflicts import decide, open_conflicts
from unionapp.sync.errors import ServerUnreachable, SyncRefused
from unionapp.sync.faults import Faults
from unionapp.sync.run import sync
from unionapp.validation.idcard import id_check_char


def person(serial: int) -> str:
    body = f"32011519800101{serial:03d}"
    return body + id_check_char(body)


def add_company(database: Database, name: str, **values: object) -> int:
    with database.write() as session:
        company = records.create(
            session,
            ENTERPRISE,
            {"name": name, "union_status": "已建会", **values},
            records.make_context(session),
        )
        return company.id


def add_family(database: Database, name: str, serial: int, members: int = 0) -> str:
    with database.write() as session:
        family = records.create(
            session,
            FAMILY,
            {
                "worker_name": name,
                "id_number": person(serial),
                "category": "相对困难",
                "household_size": members + 1,
            },
            records.make_context(session),
        )
        for number in range(members):
            records.create(
                session,
                MEMBER,
                {"name": f"{name}家{number}", "relation": "子女"},
                records.make_context(session),
                parent_id=family.id,
            )
        return family.uid


def companies(database: Database) -> dict[str, tuple]:
    with database.read() as session:
        return {
            c.uid: (c.name, c.address, c.contact, c.phone, c.staff_count)
            for c in session.scalars(select(Enterprise))
        }


def families(database: Database) -> dict[str, tuple]:
    with database.read() as session:
        found = {}
        for family in session.scalars(select(HardshipFamily)):
            members = sorted(m.name for m in family.members)
            found[family.uid] = (family.worker_name, family.archive_no, family.phone, members)
        return found


def edit(database: Database, model: type, uid: str, **values: object) -> None:
    with database.write() as session:
        row = session.scalar(select(model).where(model.uid == uid))
        for key, value in values.items():
            setattr(row, key, value)


def test_two_pcs_and_a_direct_clerk_end_up_with_the_same_records(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    clerk = district.direct(office)
    add_company(first, "甲机械有限公司", staff_count=120)
    add_family(first, "王芳", 1, members=2)
    assert sync(first, office.url).first
    add_company(second, "乙电子有限公司")
    sync(second, office.url)
    add_company(clerk, "丙物流有限公司")  # on the server itself
    for pc in (first, second, first):
        sync(pc, office.url)
    assert companies(first) == companies(second) == companies(clerk)
    assert len(companies(first)) == 3
    assert families(first) == families(second) == families(clerk)
    assert sorted(families(second).popitem()[1][3]) == ["王芳家0", "王芳家1"]


def test_different_fields_merge_and_the_same_field_is_a_conflict(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_company(first, "甲机械有限公司")
    sync(first, office.url)
    sync(second, office.url)
    uid = next(iter(companies(first)))
    edit(first, Enterprise, uid, address="天元中路1号", phone="02552101234")
    edit(second, Enterprise, uid, address="天元中路2号", contact="张三")
    sync(first, office.url)
    report = sync(second, office.url)
    assert report.new_conflicts == 1 and report.open_conflicts == 1
    [conflict] = open_conflicts(second)
    assert (conflict.field, conflict.kind) == ("address", "edit")
    assert (conflict.mine, conflict.theirs) == ("天元中路2号", "天元中路1号")
    sync(first, office.url)
    # Different fields merged on both; the contested one waits, each side keeping its own.
    assert companies(first)[uid][2:4] == companies(second)[uid][2:4] == ("张三", "02552101234")
    assert companies(first)[uid][1] == "天元中路1号" and companies(second)[uid][1] == "天元中路2号"
    decide(second, conflict.id, "mine")
    sync(second, office.url)
    sync(first, office.url)
    assert companies(first) == companies(second)
    assert companies(first)[uid][1] == "天元中路2号"
    assert open_conflicts(second) == []


def test_the_same_value_on_both_sides_is_no_conflict(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_company(first, "甲机械有限公司")
    sync(first, office.url)
    sync(second, office.url)
    uid = next(iter(companies(first)))
    edit(first, Enterprise, uid, address="天元中路1号")
    edit(second, Enterprise, uid, address="天元中路1号")
    sync(first, office.url)
    assert sync(second, office.url).new_conflicts == 0


def test_keeping_theirs_takes_the_servers_value(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_company(first, "甲机械有限公司")
    sync(first, office.url)
    sync(second, office.url)
    uid = next(iter(companies(first)))
    edit(first, Enterprise, uid, staff_count=300)
    edit(second, Enterprise, uid, staff_count=250)
    sync(first, office.url)
    sync(second, office.url)
    [conflict] = open_conflicts(second)
    decide(second, conflict.id, "theirs")
    sync(second, office.url)
    assert companies(second)[uid][4] == 300 == companies(first)[uid][4]


def test_an_edit_against_a_delete_is_a_conflict_either_way(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_company(first, "甲公司")
    add_company(first, "乙公司")
    sync(first, office.url)
    sync(second, office.url)
    by_name = {value[0]: uid for uid, value in companies(first).items()}
    a, b = by_name["甲公司"], by_name["乙公司"]
    with first.write() as session:  # pc1 deletes 甲, edits 乙
        session.delete(session.scalar(select(Enterprise).where(Enterprise.uid == a)))
    edit(first, Enterprise, b, address="一号")
    edit(second, Enterprise, a, address="二号")  # pc2 edits 甲, deletes 乙
    with second.write() as session:
        session.delete(session.scalar(select(Enterprise).where(Enterprise.uid == b)))
    sync(first, office.url)
    report = sync(second, office.url)
    kinds = {(c.record, c.kind, c.mine is None) for c in open_conflicts(second)}
    assert kinds == {(a, "delete", False), (b, "delete", True)}
    assert report.new_conflicts == 2
    for conflict in open_conflicts(second):
        decide(second, conflict.id, "mine")  # keep my edit of 甲, my delete of 乙
    sync(second, office.url)
    sync(first, office.url)
    assert companies(first) == companies(second)
    assert [value[0] for value in companies(first).values()] == ["甲公司"]


def test_the_same_id_number_on_two_pcs_is_one_family_once_the_clerk_says_so(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    sync(first, office.url)
    sync(second, office.url)
    add_family(first, "王芳", 7, members=1)  # both registered her while offline
    add_family(second, "王芳", 7, members=2)
    sync(first, office.url)
    report = sync(second, office.url)  # not a failed sync: a conflict to decide
    [conflict] = open_conflicts(second)
    assert conflict.kind == "duplicate" and conflict.field == "id_number"
    assert conflict.mine == person(7)[:6] + "********" + person(7)[-4:]  # masked
    assert report.open_conflicts == 1
    decide(second, conflict.id, "theirs")
    sync(second, office.url)
    sync(first, office.url)
    assert families(first) == families(second)
    [(name, _number, _phone, members)] = families(first).values()
    assert name == "王芳" and len(members) == 3  # one archive, every member kept


def test_a_family_on_file_in_another_office_is_flagged_naming_that_office(
    district: District,
) -> None:
    jn, ml = district.office("JN", "江宁街道工会"), district.office("ML", "秣陵街道工会")
    other, mine = district.pc("ml1"), district.pc("jn1")
    add_family(other, "赵六", 9)
    sync(other, ml.url)
    add_family(mine, "赵六", 9)
    sync(mine, jn.url)
    [flag] = open_conflicts(mine)
    assert flag.kind == "other_office" and flag.theirs == "秣陵街道工会"
    assert len(families(mine)) == 1  # synced as usual: a possible duplicate, not a refusal


def test_an_office_cannot_read_another_offices_families(district: District) -> None:
    jn, ml = district.office("JN", "江宁街道工会"), district.office("ML", "秣陵街道工会")
    add_family(district.direct(jn), "王芳", 1)
    ours = district.direct(ml)
    with ours.read() as session:
        assert session.scalar(select(HardshipFamily.id)) is None
    from sqlalchemy import create_engine, text

    engine = create_engine(ml.url)
    with engine.connect() as conn:  # asking by name does not help
        for table in ("family", "server_change", "audit_log", "server_conflict"):
            found = conn.execute(text(f"SELECT count(*) FROM {table} WHERE office = 'JN'"))
            assert found.scalar() == 0, table
    engine.dispose()
    assert district.admin("SELECT count(*) FROM family")[0][0] == 1  # the district sees all


def test_a_pc_of_one_office_cannot_sync_with_another(district: District, capsys) -> None:
    jn, ml = district.office("JN", "江宁街道工会"), district.office("ML", "秣陵街道工会")
    pc = district.pc("pc1")
    sync(pc, jn.url)
    with pytest.raises(SyncRefused, match="属于江宁街道工会"):
        sync(pc, ml.url)
    code = main(["--db", str(pc.path), "sync", ml.url])
    assert code == 1 and "不能与秣陵街道工会（ML）同步" in capsys.readouterr().err


def test_two_pcs_offline_never_hand_out_the_same_archive_number(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    sync(first, office.url)
    sync(second, office.url)
    add_family(first, "甲", 1)
    add_family(second, "乙", 2)
    sync(first, office.url)
    sync(second, office.url)
    sync(first, office.url)
    numbers = sorted(value[1] for value in families(first).values())
    year = date.today().year
    assert numbers == [f"JN01-{year}-0001", f"JN02-{year}-0001"]
    assert open_conflicts(first) == open_conflicts(second) == []


class DropAfterCommit(Faults):
    """The server commits the first batch, then the network goes."""

    def __init__(self) -> None:
        self.fired = False

    def after_server_commit(self) -> None:
        if not self.fired:
            self.fired = True
            raise ConnectionError("network gone")


def test_a_push_whose_answer_was_lost_applies_nothing_twice(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    sync(pc, office.url)
    add_company(pc, "甲公司")
    add_family(pc, "王芳", 1, members=2)
    with pytest.raises(ServerUnreachable):  # the dropped line, as the clerk hears of it
        sync(pc, office.url, faults=DropAfterCommit())
    before = district.admin("SELECT count(*) FROM server_change")[0][0]
    report = sync(pc, office.url)
    assert report.replayed == 4 and report.pushed == 0  # the server had them all
    assert district.admin("SELECT count(*) FROM server_change")[0][0] == before
    assert district.admin("SELECT count(*) FROM household_member")[0][0] == 2


def test_a_change_committed_late_under_a_lower_number_is_pulled(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    sync(pc, office.url)
    from sqlalchemy import create_engine, insert

    engine = create_engine(office.url)
    slow = engine.connect()
    slow.begin()  # a program writing without the audit log's lock (an import script, say)
    slow.execute(  # takes its sequence number first, commits last
        insert(Enterprise.__table__).values(name="慢公司", union_status="已建会")
    )
    add_company(district.direct(office), "快公司")
    sync(pc, office.url)
    assert [v[0] for v in companies(pc).values()] == []  # nothing past the open transaction
    slow.commit()
    slow.close()
    engine.dispose()
    sync(pc, office.url)
    assert sorted(v[0] for v in companies(pc).values()) == ["快公司", "慢公司"]


def test_a_pc_restored_from_a_backup_syncs_again_without_duplicates(
    district: District, tmp_path
) -> None:
    import shutil

    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    add_company(pc, "甲公司")
    sync(pc, office.url)
    copy = tmp_path / "backup.sqlite3"
    pc.close()
    shutil.copyfile(pc.path, copy)
    from unionapp.database import open_database

    pc = open_database(str(pc.path))
    add_company(pc, "乙公司")
    edit(pc, Enterprise, next(iter(companies(pc))), address="一号")
    sync(pc, office.url)
    pc.close()
    shutil.copyfile(copy, pc.path)  # the PC goes back to last week's backup
    pc = open_database(str(pc.path))
    district.opened.append(pc)
    sync(pc, office.url)
    assert sorted(v[0] for v in companies(pc).values()) == ["乙公司", "甲公司"]
    assert district.admin("SELECT count(*) FROM enterprise")[0][0] == 2
    assert "一号" in {v[1] for v in companies(pc).values()}


def test_documents_sync_like_records(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    uid = add_family(first, "王芳", 1)
    scan = bytes(range(256)) * 400  # 100 KiB that is no text
    with first.write() as session:
        family = session.scalar(select(HardshipFamily).where(HardshipFamily.uid == uid))
        session.add(
            Attachment(
                family_id=family.id,
                name="低保证.jpg",
                media_type="image/jpeg",
                size=len(scan),
                sha256="x",
                data=scan,
                added_by="pc1",
                added_at=datetime.now(),
            )
        )
    sync(first, office.url)
    sync(second, office.url)
    with second.read() as session:
        [document] = session.scalars(select(Attachment)).all()
        assert document.data == scan and document.name == "低保证.jpg"


def test_conflicts_as_json_for_a_script(district: District, capsys) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    uid = add_family(first, "王芳", 1)
    sync(first, office.url)
    sync(second, office.url)
    edit(first, HardshipFamily, uid, phone="13812345678")
    edit(second, HardshipFamily, uid, phone="13987654321")
    sync(first, office.url)
    assert main(["--db", str(second.path), "conflicts", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # nothing known before the sync
    sync(second, office.url)
    assert main(["--db", str(second.path), "conflicts", "--json"]) == 0
    [found] = json.loads(capsys.readouterr().out)
    assert set(found) == {"id", "table", "record", "field", "mine", "theirs", "kind"}
    assert found["field"] == "phone" and "****" in found["mine"] and "****" in found["theirs"]
    assert main(["--db", str(second.path), "conflicts", "--json", "--full"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["mine"] == "13987654321"
    assert main(["--db", str(second.path), "resolve", str(found["id"]), "--keep", "theirs"]) == 0
    sync(second, office.url)
    assert families(second)[uid][2] == "13812345678"


def test_only_the_fields_changed_go_in_the_change_log(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    uid = add_family(pc, "王芳", 1, members=2)
    sync(pc, office.url)
    edit(pc, HardshipFamily, uid, phone="13812345678", worker_name="王芳")  # name unchanged
    with pc.read() as session:
        [change] = session.scalars(select(SyncChange).where(SyncChange.sent.is_(False))).all()
        assert json.loads(change.data) == {"phone": "13812345678"}
        assert session.scalar(select(HouseholdMember.id)) is not None


def test_a_conflict_found_by_a_push_whose_answer_was_lost_is_heard_at_the_replay(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_company(first, "甲公司")
    sync(first, office.url)
    sync(second, office.url)
    (uid,) = companies(first)
    edit(first, Enterprise, uid, address="一号")
    sync(first, office.url)
    edit(second, Enterprise, uid, address="二号")  # from the same start: a conflict
    with pytest.raises(ServerUnreachable):  # the dropped line, as the clerk hears of it
        sync(second, office.url, faults=DropAfterCommit())
    assert open_conflicts(second) == []  # the answer never arrived
    report = sync(second, office.url)
    assert report.replayed == 1
    ((conflict),) = open_conflicts(second)
    assert (conflict.record, conflict.field, conflict.kind) == (uid, "address", "edit")


def test_taking_the_servers_delete_drops_the_edits_still_waiting_here(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    add_company(pc, "甲公司")
    add_company(pc, "乙公司")
    sync(pc, office.url)
    by_name = {value[0]: uid for uid, value in companies(pc).items()}
    with clerk.write() as session:  # the clerk on the server deletes 甲
        session.delete(
            session.scalar(select(Enterprise).where(Enterprise.uid == by_name["甲公司"]))
        )
    edit(pc, Enterprise, by_name["甲公司"], address="一号")
    sync(pc, office.url)  # an edit against a delete
    edit(pc, Enterprise, by_name["甲公司"], phone="025-1234")  # edited again meanwhile
    (conflict,) = open_conflicts(pc)
    decide(pc, conflict.id, "theirs")
    sync(pc, office.url)
    assert [value[0] for value in companies(pc).values()] == ["乙公司"]
    assert companies(pc) == companies(clerk)
    assert open_conflicts(pc) == []
