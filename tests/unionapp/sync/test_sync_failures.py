"""Whatever stops a sync reaches the clerk as a typed SyncError with advice in Chinese, and is
kept as the last error the window shows."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, make_url, select, text

from tests.district import District
from tests.unionapp.sync.faults_at import FailAt
from tests.unionapp.sync.test_sync_scenarios import (
    add_company,
    add_family,
    edit,
    families,
    person,
)
from unionapp.database import open_database
from unionapp.models import HardshipFamily, SyncConflict
from unionapp.sync.conflicts import decide, open_conflicts
from unionapp.sync.errors import (
    BadAddress,
    ConstraintFailed,
    LocalBusy,
    ServerBusy,
    ServerRefused,
    ServerUnreachable,
    SyncError,
    SyncRefused,
)
from unionapp.sync.failures import as_sync_error
from unionapp.sync.run import sync
from unionapp.sync.status import sync_status


def test_an_address_with_a_port_that_is_no_number_is_a_bad_address(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    sync(pc, office.url)
    broken = office.url.replace("@", "@x", 1).rsplit("/", 1)[0] + ":端口/db"
    with pytest.raises(BadAddress, match="无法识别的服务器地址") as raised:
        sync(pc, broken)
    assert isinstance(raised.value, SyncRefused)  # refused as before, by its kind
    assert str(make_url(office.url).password) not in str(raised.value)
    assert sync_status(pc).last_error == str(raised.value)


def test_a_server_that_refuses_the_push_is_named_and_kept_as_the_last_error(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    sync(pc, office.url)
    add_company(pc, "甲公司")
    district.admin("REVOKE INSERT ON applied_change FROM unionapp_offices")
    with pytest.raises(ServerRefused, match="没有相应权限") as raised:
        sync(pc, office.url)
    status = sync_status(pc)
    assert status.last_error == str(raised.value) and status.waiting == 1
    district.admin("GRANT INSERT ON applied_change TO unionapp_offices")
    sync(pc, office.url)
    assert sync_status(pc).last_error == "" and sync_status(pc).waiting == 0


def test_a_server_held_busy_is_a_busy_server_to_try_again(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    sync(pc, office.url)
    add_company(pc, "甲公司")
    district.admin(f"ALTER DATABASE {district.name} SET lock_timeout = '300ms'")
    holder = create_engine(district.url)
    with holder.connect() as conn:
        conn.execute(text("LOCK TABLE applied_change IN ACCESS EXCLUSIVE MODE"))
        with pytest.raises(ServerBusy, match="服务器正忙") as raised:
            sync(pc, office.url)
        conn.rollback()
    holder.dispose()
    assert sync_status(pc).last_error == str(raised.value)
    sync(pc, office.url)
    assert sync_status(pc).waiting == 0


def test_a_pc_database_held_by_another_program_is_named(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    sync(pc, office.url)
    add_company(pc, "甲公司")
    other = open_database(str(pc.path), operator="另一个窗口")
    holding = other.write()  # another window of the program in the middle of a save
    holding.__enter__().execute(text("SELECT 1"))  # its BEGIN IMMEDIATE holds the file
    try:
        with pytest.raises(LocalBusy, match="本机数据库正被另一个程序占用"):
            sync(pc, office.url)
    finally:
        holding.__exit__(None, None, None)
        other.close()
    sync(pc, office.url)
    assert sync_status(pc).waiting == 0


def test_a_broken_rule_of_a_database_is_a_constraint_failure(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'rules.sqlite3'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER UNIQUE)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    with pytest.raises(Exception) as raised, engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (1)"))
    engine.dispose()
    failure = as_sync_error(raised.value)
    assert isinstance(failure, ConstraintFailed) and "不符合数据库的规则" in str(failure)


def test_a_decision_the_server_fails_to_commit_stays_decided_here_and_goes_again(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    uid = add_family(first, "王芳", 1)
    sync(first, office.url)
    sync(second, office.url)
    edit(first, HardshipFamily, uid, phone="13812345678")
    edit(second, HardshipFamily, uid, phone="13987654321")
    sync(first, office.url)
    sync(second, office.url)
    [conflict] = open_conflicts(second)
    decide(second, conflict.id, "theirs")
    district.admin(REFUSE_AT_COMMIT)  # the server's commit of the decision fails
    with pytest.raises(SyncError):
        sync(second, office.url)
    assert [c.id for c in open_conflicts(second)] == [conflict.id]  # still open here
    assert families(second)[uid][2] == "13987654321"  # nothing of it done here
    district.admin("DROP TRIGGER refuse_resolution ON server_conflict")
    sync(second, office.url)
    assert open_conflicts(second) == []
    assert families(second)[uid][2] == "13812345678"
    assert district.admin("SELECT resolution FROM server_conflict") == [("theirs",)]


REFUSE_AT_COMMIT = """
CREATE FUNCTION refuse_resolution() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$;
CREATE CONSTRAINT TRIGGER refuse_resolution AFTER UPDATE ON server_conflict
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_resolution();
"""


def test_a_pull_lost_before_it_was_saved_leaves_one_conflict_on_the_server(
    district: District,
) -> None:
    """A clash found by the pull goes to the server at once; the PC's batch, rolled back, finds
    it again: the server keeps the one open conflict the PC knows, not an orphan beside it."""
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_family(first, "甲", 1)  # before their first sync: the same archive number
    mine = add_family(second, "乙", 2)
    sync(first, office.url)
    sync(second, office.url)  # 乙 waits for a number; 甲 (that number) is kept back
    edit(second, HardshipFamily, mine, id_number=person(1))  # and now 甲's ID number too
    with pytest.raises(ServerUnreachable):
        sync(second, office.url, faults=FailAt("pull-unsaved"))
    sync(second, office.url)
    opened = district.admin(
        "SELECT id FROM server_conflict WHERE kind = 'duplicate' AND resolution IS NULL"
    )
    here = [c for c in open_conflicts(second) if c.kind == "duplicate"]
    assert len(opened) == 1 and len(here) == 1
    with second.read() as session:
        kept = session.scalar(select(SyncConflict.server_id).where(SyncConflict.id == here[0].id))
    assert opened[0][0] == kept


def test_an_open_conflict_found_again_shows_the_record_as_it_is_now(
    district: District,
) -> None:
    """The server's open copy of a clash, found again after the PC's batch rolled back, shows
    the other record as the clerk sees it now (renamed meanwhile), not as it was the first time:
    the district reads the same clash the office decides."""
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    theirs = add_family(first, "甲", 1)
    mine = add_family(second, "乙", 2)
    sync(first, office.url)
    sync(second, office.url)
    edit(second, HardshipFamily, mine, id_number=person(1))
    with pytest.raises(ServerUnreachable):
        sync(second, office.url, faults=FailAt("pull-unsaved"))
    before = district.admin("SELECT theirs::text FROM server_conflict WHERE kind = 'duplicate'")
    edit(first, HardshipFamily, theirs, worker_name="甲改名")
    sync(first, office.url)
    sync(second, office.url)
    here = [c for c in open_conflicts(second) if c.kind == "duplicate"]
    assert len(here) == 1
    with second.read() as session:
        local = session.get(SyncConflict, here[0].id)
        assert local is not None
        kept, seen, label = local.server_id, json.loads(local.theirs), local.label
    on_server = district.admin(
        f"SELECT theirs::text, label FROM server_conflict WHERE id = {int(kept)}"
    )
    assert "甲改名" not in before[0][0]
    assert json.loads(on_server[0][0]) == seen
    assert "甲改名" in json.dumps(seen, ensure_ascii=False)
    assert on_server[0][1] == label
