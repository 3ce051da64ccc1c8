"""Changes that break a unique key or a foreign key on the other side: the push and the pull
go on with everything else, the clash waits as a conflict for the clerk, and after the
decision what was kept comes through."""

from __future__ import annotations

from sqlalchemy import select

from tests.district import District
from tests.unionapp.sync.test_sync_scenarios import (
    add_company,
    add_family,
    companies,
    edit,
    person,
)
from unionapp.models import HardshipFamily
from unionapp.sync.conflicts import open_conflicts
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
