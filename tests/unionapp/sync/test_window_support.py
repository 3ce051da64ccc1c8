"""What the window shows about syncing, computed in the core: the PC's sync address (kept
here only, password never shown or logged), where syncing stands, conflicts shown in full
only with an audit entry, and the district's view of every office's figures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tests.district import District
from tests.unionapp.sync.test_sync_scenarios import add_company, add_family, edit
from unionapp.database import Database, open_database
from unionapp.models import AuditEntry, CongressMeeting, Enterprise, HardshipFamily
from unionapp.schema.hardship import ASSISTANCE
from unionapp.services import records
from unionapp.sync import tables
from unionapp.sync.address import load_address, masked, store_address
from unionapp.sync.conflicts import open_conflicts, revealed_conflicts
from unionapp.sync.district_view import is_district, office_figures
from unionapp.sync.errors import SyncRefused
from unionapp.sync.run import sync
from unionapp.sync.status import sync_status

ADDRESS = "postgresql+psycopg://unionapp_jn:s3cret-Pass@10.0.0.5:5432/district"


@pytest.fixture
def local(db_path: Path) -> Iterator[Database]:
    """A PC's own database (SQLite): the only kind that keeps a sync address."""
    database = open_database(str(db_path), operator="测试员")
    yield database
    database.close()


def audit_text(database: Database) -> str:
    with database.read() as session:
        return " ".join(e.changes for e in session.scalars(select(AuditEntry)))


def test_the_address_is_kept_here_masked_and_never_logged_in_full(local: Database) -> None:
    assert load_address(local).url == ""
    stored = store_address(local, f"  {ADDRESS} ", 15)
    assert load_address(local) == stored and stored.url == ADDRESS and stored.auto_minutes == 15
    assert "s3cret" not in stored.shown and "10.0.0.5" in stored.shown
    assert "s3cret" not in audit_text(local) and "10.0.0.5" in audit_text(local)
    assert "sync_address" not in tables.SYNCED


@pytest.mark.parametrize(
    "bad", ["not an address", "sqlite:///x.db", "postgresql+psycopg://u:p@/nodatabase"]
)
def test_a_wrong_address_is_refused_and_the_stored_one_stays(local: Database, bad: str) -> None:
    store_address(local, ADDRESS, 0)
    with pytest.raises(SyncRefused, match="同步地址"):
        store_address(local, bad, 0)
    assert load_address(local).url == ADDRESS
    assert masked("no://:::") in ("***", "no://:::")  # never raises on garbage


def test_a_database_on_the_server_keeps_no_address(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    with pytest.raises(SyncRefused, match="本机数据库"):
        store_address(district.direct(office), ADDRESS, 0)


def test_status_counts_changes_waiting_and_conflicts(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    assert sync_status(first).bound is False
    add_company(first, "甲机械有限公司")
    sync(first, office.url)
    sync(second, office.url)
    status = sync_status(first)
    assert status.bound and status.last_sync_at is not None and status.waiting == 0
    uid = add_family(second, "王芳", 1)
    company = next(iter(c.uid for c in _all(first, Enterprise)))
    edit(first, Enterprise, company, address="天元中路1号")
    edit(second, Enterprise, company, address="天元中路2号")
    assert sync_status(second).waiting == 2
    sync(first, office.url)
    sync(second, office.url)
    status = sync_status(second)
    assert (status.waiting, status.conflicts, status.undecided) == (0, 1, 1)
    assert uid


def _all(database: Database, model: type) -> list:
    with database.read() as session:
        return list(session.scalars(select(model)))


def test_full_numbers_in_conflicts_are_audited(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_family(first, "王芳", 1)
    add_family(second, "王芳", 1)
    sync(first, office.url)
    sync(second, office.url)
    [shown] = open_conflicts(second)
    [full] = revealed_conflicts(second)
    assert "*" in str(shown.mine) and "*" not in str(full.mine)
    assert "同步冲突中的完整身份证号" in audit_text(second)


def _district_reader(district: District) -> str:
    """A login of the district's staff (member of the district role)."""
    role = f"unionapp_{district.name}_staff"
    district.admin(f"CREATE ROLE {role} LOGIN PASSWORD 'staff' IN ROLE unionapp_district")
    return make_url(district.url).set(username=role, password="staff").render_as_string(False)


def test_the_district_sees_every_office_and_an_office_its_own_row(district: District) -> None:
    year = date.today().year
    jn, ml = district.office("JN", "江宁街道工会"), district.office("ML", "秣陵街道工会")
    pc = district.pc("jn-pc")
    add_company(pc, "甲机械有限公司", above_scale="是")
    add_company(pc, "乙电子有限公司", union_status="未建会")
    add_family(pc, "王芳", 1)
    with pc.write() as session:
        family = session.scalar(select(HardshipFamily))
        for amount, given in (("1500", date(year, 1, 20)), ("800", date(year - 1, 6, 1))):
            records.create(
                session,
                ASSISTANCE,
                {"given_on": given, "kind": "送温暖", "amount_fen": amount},
                records.make_context(session),
                parent_id=family.id,
            )
        company = session.scalar(select(Enterprise).where(Enterprise.name == "甲机械有限公司"))
        session.add(CongressMeeting(enterprise_id=company.id, year=year, status="已召开"))
    sync(pc, jn.url)
    direct = district.direct(ml)
    add_company(direct, "丙物流有限公司")
    for serial in (2, 3):
        add_family(direct, f"李{serial}", serial)

    engine = create_engine(_district_reader(district))
    try:
        with Session(engine) as session:
            assert is_district(session)
            figures = {f.code: f for f in office_figures(session, year)}
    finally:
        engine.dispose()
    assert set(figures) == {"JN", "ML"}
    here, there = figures["JN"], figures["ML"]
    assert (here.name, here.enterprises, here.unionised) == ("江宁街道工会", 2, 1)
    assert (here.above_scale, here.congress_held, here.families) == (1, 1, 1)
    assert here.aid_fen == 150000 and here.last_sync is not None
    assert (there.enterprises, there.families, there.aid_fen, there.last_sync) == (1, 2, 0, None)

    with direct.read() as session:  # an office's own role: its own row only
        assert is_district(session)
        [own] = office_figures(session, year)
    assert (own.code, own.enterprises, own.families) == ("ML", 1, 2)


def test_a_plain_database_is_no_district(local: Database) -> None:
    with local.read() as session:
        assert not is_district(session)
        assert session.execute(text("SELECT 1")).scalar() == 1
