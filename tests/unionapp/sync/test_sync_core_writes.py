"""Writes that bypass the ORM still reach the district: records imported from a sheet (with
their household members), and a deleted record put back by undo, whether or not the delete had
already gone up."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.district import District
from tests.unionapp.sync.faults_at import FailAt
from tests.unionapp.sync.test_sync_scenarios import (
    add_company,
    add_family,
    companies,
    families,
    person,
)
from unionapp.models import HardshipFamily, SyncChange
from unionapp.schema.hardship import FAMILY
from unionapp.services import records
from unionapp.spreadsheets.applying import apply_import
from unionapp.spreadsheets.importer import plan_import
from unionapp.sync.conflicts import open_conflicts
from unionapp.sync.errors import ServerUnreachable
from unionapp.sync.faults import Faults
from unionapp.sync.run import sync


def _import(database, kind: str, path: Path) -> None:  # type: ignore[no-untyped-def]
    with database.write() as session:
        report = plan_import(session, kind, path)
        assert not report.problems, report.problems
        apply_import(session, report)


def test_imported_records_and_their_members_reach_the_district(
    district: District, tmp_path: Path
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    add_company(pc, "甲机械有限公司")
    sync(pc, office.url)  # bound from here on: every write goes into the change log
    sheet = tmp_path / "企业 名录.csv"
    sheet.write_text(
        "企业名称,建会情况\n乙电子有限公司,已建会\n丙物流有限公司,未建会\n", encoding="utf-8"
    )
    _import(pc, "enterprises", sheet)
    book = tmp_path / "困难 职工.xlsx"
    _family_sheet(book)
    _import(pc, "families", book)
    with pc.read() as session:
        waiting = session.scalar(
            select(func.count()).select_from(SyncChange).where(SyncChange.sent.is_(False))
        )
    assert waiting == 2 + 2 + 3  # two enterprises, two families, three members
    sync(pc, office.url)
    assert companies(pc) == companies(clerk)
    assert sorted(name for name, *_ in companies(clerk).values()) == [
        "丙物流有限公司",
        "乙电子有限公司",
        "甲机械有限公司",
    ]
    assert families(pc) == families(clerk)
    assert sorted(members for *_, members in families(clerk).values()) == [
        ["李娜"],
        sorted(["王强", "王小明"]),
    ]


def _family_sheet(path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    first = book.add_worksheet("困难职工")
    first.write_row(0, 0, ["姓名", "身份证号", "困难类别", "家庭人口"])
    first.write_row(1, 0, ["王建国", person(301), "相对困难", 3])
    first.write_row(2, 0, ["李秀英", person(302), "深度困难", 2])
    members = book.add_worksheet("家庭成员")
    members.write_row(0, 0, ["职工身份证号", "姓名", "关系"])
    members.write_row(1, 0, [person(301), "王强", "子女"])
    members.write_row(2, 0, [person(301), "王小明", "子女"])
    members.write_row(3, 0, [person(302), "李娜", "子女"])
    book.close()


def _delete_and_undo(pc, between=None) -> None:  # type: ignore[no-untyped-def]
    with pc.write() as session:
        family_id = session.scalars(select(HardshipFamily.id)).one()
        snapshot = records.delete(session, FAMILY, family_id)
    if between is not None:
        between()
    with pc.write() as session:  # 编辑 > 撤销
        records.restore(session, snapshot)


def test_undoing_a_delete_before_it_went_up_keeps_the_record(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    uid = add_family(pc, "王芳", 1, members=2)
    sync(pc, office.url)
    _delete_and_undo(pc)
    sync(pc, office.url)
    with pc.read() as session:  # the delete and the undo's insert were dropped, not sent
        assert not session.scalars(select(SyncChange).where(SyncChange.sent.is_(False))).all()
    sent = district.admin("SELECT op FROM server_change WHERE uid = :u ORDER BY seq", u=uid)
    assert sent == [("insert",)]  # the server never heard of the delete
    sync(pc, office.url)
    assert uid in families(pc) and families(pc) == families(clerk)
    assert families(clerk)[uid][3] == ["王芳家0", "王芳家1"]


def test_undoing_a_delete_the_district_already_has_brings_the_record_back(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    uid = add_family(pc, "王芳", 1, members=2)
    sync(pc, office.url)
    _delete_and_undo(pc, between=lambda: sync(pc, office.url))
    sync(pc, office.url)
    sync(pc, office.url)
    assert uid in families(pc) and families(pc) == families(clerk)
    assert families(clerk)[uid][3] == ["王芳家0", "王芳家1"]


@pytest.mark.parametrize(
    "lost",
    [
        # The push went through, the pull that would bring this PC's own delete back did not:
        # pulled after the undo, that delete must not take the record away here.
        "pull-unsaved",
        # The server committed the delete but its answer was lost: the PC still counts it as
        # waiting, so the undo cannot simply take it back; the next sync learns the server has
        # it and sends the record up again.
        "after-commit",
    ],
)
def test_an_undo_after_a_delete_that_reached_the_server_keeps_the_record(
    district: District, lost: str
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc, other = district.pc("pc1"), district.pc("pc2")
    clerk = district.direct(office)
    uid = add_family(pc, "王芳", 1, members=2)
    sync(pc, office.url)
    sync(other, office.url)

    def sync_losing_the_line() -> None:
        with pytest.raises(ServerUnreachable):
            sync(pc, office.url, faults=FailAt(lost))
        assert uid not in families(clerk)  # the server did delete it

    _delete_and_undo(pc, between=sync_losing_the_line)
    sync(pc, office.url)
    sync(other, office.url)
    assert uid in families(clerk)
    assert families(pc) == families(other) == families(clerk)
    assert families(pc)[uid][3] == ["王芳家0", "王芳家1"]


def waits_for_a_push_lock(district: District) -> bool:
    """Whether a session of the district's database comes to wait for an advisory lock (a
    sync waiting for another sync of its PC) within half a minute."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        waiting = district.admin(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'"
        )
        if waiting[0][0]:
            return True
        time.sleep(0.05)
    return False


class HeldBeforeCommit(Faults):
    """A push batch applied on the server and not yet committed, until the test lets it go
    (a sync whose window closed, its commit still on its way)."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()

    def before_commit(self) -> None:
        self.reached.set()
        assert self.release.wait(60)


def test_an_undo_while_the_delete_is_being_committed_keeps_the_record(
    district: District,
) -> None:
    """One sync is committing the delete on the server when the clerk undoes it and syncs
    again: the second sync waits for that commit, so it sends the record up again instead of
    dropping the undo as a delete the server never had."""
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    uid = add_family(pc, "王芳", 1, members=2)
    sync(pc, office.url)
    with pc.write() as session:
        family_id = session.scalars(select(HardshipFamily.id)).one()
        snapshot = records.delete(session, FAMILY, family_id)
    held = HeldBeforeCommit()
    first = threading.Thread(target=sync, args=(pc, office.url), kwargs={"faults": held})
    first.start()
    try:
        assert held.reached.wait(60)
        with pc.write() as session:  # 编辑 > 撤销, while the delete is on its way up
            records.restore(session, snapshot)
        second = threading.Thread(target=sync, args=(pc, office.url))
        second.start()
        assert waits_for_a_push_lock(district)  # for the first sync's batch to land
        assert second.is_alive()
    finally:
        held.release.set()
        first.join(60)
    second.join(60)
    sync(pc, office.url)
    assert uid in families(clerk)  # without the wait, the district lost the family
    assert families(pc) == families(clerk)
    assert families(clerk)[uid][3] == ["王芳家0", "王芳家1"]


def test_a_sync_that_waits_too_long_for_another_is_told_the_server_is_busy(
    district: District, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync of this PC cut off while it held its push lock (its connection not yet seen to
    be gone) keeps the next one waiting PUSH_LOCK_WAIT at most: then the clerk hears the server
    is busy, and a later sync goes through."""
    from unionapp.sync import push
    from unionapp.sync.errors import ServerBusy

    monkeypatch.setattr(push, "PUSH_LOCK_WAIT", "1s")
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    sync(pc, office.url)
    uid = add_family(pc, "王芳", 1, members=1)
    held = HeldBeforeCommit()
    first = threading.Thread(target=sync, args=(pc, office.url), kwargs={"faults": held})
    first.start()
    try:
        assert held.reached.wait(60)
        with pytest.raises(ServerBusy, match="服务器正忙"):
            sync(pc, office.url)
    finally:
        held.release.set()
        first.join(60)
    sync(pc, office.url)
    assert uid in families(clerk) and families(pc) == families(clerk)


def test_a_transaction_holding_the_push_lock_is_ended_when_left_idle(district: District) -> None:
    """A PC cut off mid-sync (the cable pulled) leaves its transaction open on the server until
    TCP notices, two hours by default; holding the push lock, it is ended after IDLE_IN_TRANSACTION."""
    from unionapp.sync import push
    from unionapp.sync.run import server_engine

    office = district.office("JN", "江宁街道工会")
    engine = server_engine(office.url)
    try:
        with engine.begin() as conn:
            before = conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar()
            push._one_push_at_a_time(conn, "pc")
            during = conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar()
            lock = conn.execute(text("SHOW lock_timeout")).scalar()
        with engine.connect() as conn:
            after = conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar()
    finally:
        engine.dispose()
    assert (before, during, after) == ("0", push.IDLE_IN_TRANSACTION, "0")
    assert lock == "0"  # the wait is bounded for the lock alone, not for the batch's other locks


class UndoneThenHeldBeforeLock(Faults):
    """Once the first page of a push has landed, the clerk deletes a family and undoes it
    (编辑 > 撤销); the push's next page then waits, its server transaction begun but the push
    lock not yet taken, until the test lets it go."""

    def __init__(self, database, family_id: int) -> None:  # type: ignore[no-untyped-def]
        self.database, self.family_id = database, family_id
        self.undone = False
        self.pages = 0
        self.reached = threading.Event()
        self.release = threading.Event()

    def after_server_commit(self) -> None:
        if self.undone:
            return
        with self.database.write() as session:
            snapshot = records.delete(session, FAMILY, self.family_id)
        with self.database.write() as session:
            records.restore(session, snapshot)
        self.undone = True

    def before_push_lock(self) -> None:
        self.pages += 1
        if self.pages == 2:
            self.reached.set()
            assert self.release.wait(60)


def test_a_push_waiting_for_its_lock_does_not_send_a_pair_another_sync_dropped(
    district: District, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other order of the push lock's race: a push is about to read its next page, which
    would hold the delete of an undone pair, when another sync of this PC asks the server,
    hears it never had the delete and drops the pair. The page is read under the lock, after
    the drop, so no part of the delete goes up without the undo's insert (dropped too) to put
    it back, and the district keeps the family whole."""
    from unionapp.sync import push

    monkeypatch.setattr(push, "BATCH", 2)  # the pair's delete and insert on different pages
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    uid = add_family(pc, "王芳", 1, members=2)
    sync(pc, office.url)
    for n in range(3):
        add_company(pc, f"甲{n}机械有限公司")
    with pc.read() as session:
        family_id = session.scalars(select(HardshipFamily.id)).one()
    held = UndoneThenHeldBeforeLock(pc, family_id)
    failed: list[BaseException] = []

    def first_sync() -> None:
        try:
            sync(pc, office.url, faults=held)
        except BaseException as error:  # shown by the assertion below
            failed.append(error)

    first = threading.Thread(target=first_sync)
    first.start()
    try:
        assert held.reached.wait(60)
        assert held.undone
        sync(pc, office.url)  # drops the pair, then sends the third company
    finally:
        held.release.set()
        first.join(60)
    assert not first.is_alive() and failed == []
    sync(pc, office.url)
    assert uid in families(clerk)
    assert families(pc) == families(clerk)  # a page read before the lock loses a member there
    assert sorted(name for name, *_rest in companies(clerk).values()) == [
        f"甲{n}机械有限公司" for n in range(3)
    ]


def test_a_push_opens_a_server_transaction_only_for_a_page_to_send(district: District) -> None:
    """A push with nothing waiting asks nothing of the server, and the last page sent is not
    followed by one more transaction that finds nothing (each is several round trips on an
    office's slow line)."""
    from sqlalchemy import event

    from unionapp.models import SyncBinding
    from unionapp.sync import push
    from unionapp.sync.run import server_engine

    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    sync(pc, office.url)
    with pc.read() as session:
        binding = session.get(SyncBinding, 1)
        assert binding is not None
        pc_id = binding.pc_id
    engine = server_engine(office.url)
    begun: list[object] = []
    event.listen(engine, "begin", begun.append)
    try:
        assert push.push(pc, engine, pc_id, Faults()).sent == 0
        assert begun == []
        add_company(pc, "甲机械有限公司")
        assert push.push(pc, engine, pc_id, Faults()).sent == 1
        assert len(begun) == 1
    finally:
        engine.dispose()
    assert push.pending(pc) == []


def test_a_page_of_held_changes_alone_opens_no_server_transaction(district: District) -> None:
    """A family waiting for the clerk to decide its archive number keeps its edits here: a
    push with nothing else to send asks nothing of the server, sync after sync."""
    from sqlalchemy import event

    from tests.unionapp.sync.test_sync_scenarios import edit
    from unionapp.models import SyncBinding
    from unionapp.sync import push
    from unionapp.sync.run import server_engine

    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_family(first, "甲", 1)  # before their first sync: the same archive number
    mine = add_family(second, "乙", 2)
    sync(first, office.url)
    sync(second, office.url)  # 乙 waits for a number
    edit(second, HardshipFamily, mine, phone="13812345678")
    with second.read() as session:
        binding = session.get(SyncBinding, 1)
        assert binding is not None
        pc_id = binding.pc_id
    assert push.held_uids(second) == {mine}
    engine = server_engine(office.url)
    begun: list[object] = []
    event.listen(engine, "begin", begun.append)
    try:
        assert push.push(second, engine, pc_id, Faults()).sent == 0
    finally:
        engine.dispose()
    assert begun == []
    assert push.pending(second) != []  # the edit still waits for the decision


def _savepoints_in(push_once) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """SAVEPOINT and ROLLBACK TO SAVEPOINT statements sent to the server while ``push_once``
    runs."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen: list[str] = []

    def count(conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if conn.dialect.name == "postgresql" and "SAVEPOINT" in statement:
            seen.append(statement.split()[0])

    event.listen(Engine, "before_cursor_execute", count)
    try:
        push_once()
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    return seen.count("SAVEPOINT"), seen.count("ROLLBACK")


def test_a_page_takes_one_savepoint_unless_a_change_in_it_clashes(district: District) -> None:
    """A page of changes goes up under one savepoint (each is a round trip, and a subtransaction
    on the server); a page in which an edit takes an ID number another family holds is applied
    again a change at a time, so that edit waits for the clerk and the rest goes through."""
    from tests.unionapp.sync.test_sync_scenarios import edit

    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    clerk = district.direct(office)
    uid = add_family(pc, "王芳", 1)
    sync(pc, office.url)
    for n in range(4):
        add_company(pc, f"甲{n}机械有限公司")
    assert _savepoints_in(lambda: sync(pc, office.url)) == (1, 0)
    add_family(clerk, "李四", 2)  # on the server, not yet on the PC
    edit(pc, HardshipFamily, uid, id_number=person(2))
    for n in range(3):
        add_company(pc, f"乙{n}机械有限公司")
    # the page's savepoint, rolled back; then one for each change, the clashing one rolled back
    assert _savepoints_in(lambda: sync(pc, office.url)) == (1 + 4, 2)
    assert len(companies(clerk)) == 7
    assert sorted((c.record, c.kind) for c in open_conflicts(pc)) == [(uid, "duplicate")]
    assert district.admin("SELECT uid, kind FROM server_conflict") == [(uid, "duplicate")]
