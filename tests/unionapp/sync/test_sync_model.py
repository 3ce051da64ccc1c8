"""Hypothesis drives an office through edits, deletes, imports, undone deletes, ID and archive
numbers taken from records elsewhere, conflicts decided during the day (this PC's values, the
server's, or one ID number's two households kept apart, 两户不同, the mistyped one corrected),
and syncs with the network failing at every point a sync can fail; at the end, once the clerks
have decided every conflict, both PCs and the server hold the same records (families with their
members too), nothing waits to go up or is kept back, a record put back by undo that nobody else
deleted is still there, every pair of edits of one field made from the same value (neither saw
the other) is in a conflict, and no edit is lost without a trace."""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tests.district import District
from tests.unionapp.sync.faults_at import Dropped, FailAt
from tests.unionapp.sync.model_support import (
    KEYS,
    family_rows,
    family_sheet,
    person,
    waiting_or_kept,
)
from tests.unionapp.sync.test_sync_scenarios import add_family, families
from tests.unionapp.sync.test_sync_scenarios import edit as scenario_edit
from unionapp.database import Database
from unionapp.db.errors import DatabaseError
from unionapp.models import Enterprise, HardshipFamily, SyncChange, SyncConflict
from unionapp.schema.hardship import FAMILY
from unionapp.schema.records import ENTERPRISE
from unionapp.services import records
from unionapp.spreadsheets.applying import apply_import
from unionapp.spreadsheets.importer import plan_import
from unionapp.sync.conflicts import decide, open_conflicts
from unionapp.sync.errors import ServerUnreachable, SyncError
from unionapp.sync.run import sync

EXAMPLES = int(os.environ.get("UNIONAPP_SYNC_EXAMPLES", "25"))
STEPS = int(os.environ.get("UNIONAPP_SYNC_STEPS", "30"))
FIELDS = ("address", "contact", "phone", "community")
VALUE_OF = ["一号", "二号", "三号", "四号", "五号"]
VALUES = st.sampled_from(VALUE_OF)
ACTORS = ("pc1", "pc2", "clerk")
PCS = st.sampled_from(("pc1", "pc2"))
_counter = itertools.count(1)


@dataclass
class Edit:
    actor: str
    uid: str
    field: str
    before: str
    value: str


@dataclass
class World:
    district: District
    folder: Path
    office_url: str = ""
    other_url: str = ""
    databases: dict[str, Database] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)
    deleted: set[str] = field(default_factory=set)
    # Records a PC deleted and put back by undo (edits of them are not followed: an undo
    # puts back the values the record had when it was deleted).
    undone: set[str] = field(default_factory=set)
    block: int = 0  # this run's ID numbers (see model_support.person)


def rows(database: Database) -> dict[str, tuple]:
    with database.read() as session:
        return {
            company.uid: (company.name, *(getattr(company, f) for f in FIELDS))
            for company in session.scalars(select(Enterprise))
        }


def every_conflict(database: Database) -> list[SyncConflict]:
    with database.read() as session:
        return list(session.scalars(select(SyncConflict)))


class OfficeMachine(RuleBasedStateMachine):
    world: World  # set by the test before each run

    @initialize()
    def set_up(self) -> None:
        world = self.world
        self.names = 0
        self.snapshots: dict[str, tuple[str, records.Snapshot]] = {}
        world.databases = {
            "pc1": world.district.pc(f"pc1-{id(self)}"),
            "pc2": world.district.pc(f"pc2-{id(self)}"),
        }
        world.databases["clerk"] = world.district.direct_url(world.office_url)
        world.databases["other"] = world.district.direct_url(world.other_url)
        first = world.databases["pc1"]
        with first.write() as session:  # an office with a few enterprises on file
            for number in range(4):
                records.create(
                    session,
                    ENTERPRISE,
                    {"name": f"在册企业{number}", "union_status": "已建会"},
                    records.make_context(session),
                )
        for pc in ("pc1", "pc2"):
            sync(world.databases[pc], world.office_url)

    def _uids(self, actor: str) -> list[str]:
        return sorted(rows(self.world.databases[actor]))

    @rule(actor=st.sampled_from(ACTORS + ("other",)))
    def add(self, actor: str) -> None:
        self.names += 1
        database = self.world.databases[actor]
        with database.write() as session:
            records.create(
                session,
                ENTERPRISE,
                {"name": f"{actor}企业{self.names}", "union_status": "已建会"},
                records.make_context(session),
            )

    @rule(
        actor=st.sampled_from(ACTORS),
        pick=st.integers(0, 20),
        name=st.sampled_from(FIELDS),
        value=VALUES,
    )
    def edit(self, actor: str, pick: int, name: str, value: str) -> None:
        uids = self._uids(actor)
        if not uids:
            return
        uid = uids[pick % len(uids)]
        database = self.world.databases[actor]
        with database.write() as session:
            company = session.scalar(select(Enterprise).where(Enterprise.uid == uid))
            before = getattr(company, name)
            if before == value:
                return
            setattr(company, name, value)
        self.world.edits.append(Edit(actor, uid, name, before, value))

    @rule(
        actor=st.sampled_from(ACTORS),
        pick=st.integers(0, 20),
        name=st.sampled_from(FIELDS),
        value=VALUES,
    )
    def edit_more(self, actor: str, pick: int, name: str, value: str) -> None:
        """Edits are most of an office's day: a second rule makes them twice as likely."""
        self.edit(actor, pick, name, value)

    @rule(actor=st.sampled_from(ACTORS), pick=st.integers(0, 20))
    def delete(self, actor: str, pick: int) -> None:
        uids = self._uids(actor)
        if len(uids) < 3:
            return
        uid = uids[pick % len(uids)]
        with self.world.databases[actor].write() as session:
            session.delete(session.scalar(select(Enterprise).where(Enterprise.uid == uid)))
        self.world.deleted.add(uid)

    @rule(
        pc=st.sampled_from(("pc1", "pc2")),
        fault=st.sampled_from(
            ("none", "none", "before-lock", "mid-batch", "after-commit", "mid-pull", "pull-unsaved")
        ),
    )
    def sync_now(self, pc: str, fault: str) -> None:
        try:
            sync(self.world.databases[pc], self.world.office_url, faults=FailAt(fault))
        except ServerUnreachable as error:  # the dropped line, as the clerk hears of it
            assert fault != "none" and isinstance(error.__cause__, Dropped)

    @rule(pc=st.sampled_from(("pc1", "pc2")), days=st.integers(-400, 400))
    def clock_skew(self, pc: str, days: int) -> None:
        """A PC whose clock is wrong: nothing in a sync is ordered by clocks."""
        with self.world.databases[pc].write() as session:
            session.execute(update(SyncChange).values(created_at=_skewed(days)))

    @invariant()
    def other_office_stays_apart(self) -> None:
        for pc in ("pc1", "pc2"):
            assert not any(
                v[0].startswith("other") for v in rows(self.world.databases[pc]).values()
            )

    def teardown(self) -> None:
        try:
            self._check_the_end()
        finally:  # hundreds of runs: each lets go of its connections
            for database in self.world.databases.values():
                database.close()
                if database in self.world.district.opened:
                    self.world.district.opened.remove(database)

    def _check_the_end(self) -> None:
        world = self.world
        if not world.databases:
            return
        pcs = [world.databases["pc1"], world.databases["pc2"]]
        for _round in range(4):  # decide everything (the server's side), sync until quiet
            for pc in pcs:
                for conflict in open_conflicts(pc):
                    decide(pc, conflict.id, "theirs")
                sync(pc, world.office_url)
        # A delete never taken back by undo is a delete like any other.
        world.deleted |= {uid for uid, _snapshot in getattr(self, "snapshots", {}).values()}
        final = rows(world.databases["clerk"])
        assert rows(pcs[0]) == rows(pcs[1]) == final
        final_families = family_rows(world.databases["clerk"])
        assert family_rows(pcs[0]) == family_rows(pcs[1]) == final_families
        for pc in pcs:  # nothing left waiting to go up, kept back, or undecided
            undecided = [(c.table, c.record, c.kind, c.field) for c in open_conflicts(pc)]
            assert (waiting_or_kept(pc), undecided) == ([], [])
        conflicts = every_conflict(pcs[0]) + every_conflict(pcs[1])
        # A duplicate decided either way is one record under the server's uid: a record put
        # back by undo lives on as the record it was merged into, unless that one was deleted.
        merged = {
            c.uid: json.loads(c.theirs)["uid"]
            for c in conflicts
            if c.kind == "duplicate" and c.resolution in ("mine", "theirs")
        }
        for uid in world.undone - world.deleted:  # put back, and deleted by nobody else
            seen = {uid}
            while uid in merged and uid not in world.deleted and merged[uid] not in seen:
                uid = merged[uid]
                seen.add(uid)
            assert uid in world.deleted or uid in final or uid in final_families, uid
        contested = {(c.uid, c.field) for c in conflicts}
        mentioned = {(c.uid, c.field, v) for c in conflicts for v in (c.mine, c.theirs)}
        last = {(e.actor, e.uid, e.field): e for e in world.edits}  # each side's final word
        for index, first in enumerate(world.edits):
            if first.uid in world.deleted or first.uid in world.undone:
                continue
            for j, second in enumerate(world.edits[index + 1 :], start=index + 1):
                # Two sides' last edits of one field, made from the same value (neither saw
                # the other's), that disagree: a conflict, never a silent last-write-wins.
                both_last = last[(first.actor, first.uid, first.field)] is first and (
                    last[(second.actor, second.uid, second.field)] is second
                )
                same_start = (second.uid, second.field, second.before) == (
                    first.uid,
                    first.field,
                    first.before,
                )
                # A third side's edit after both saw at least one of them: it decides.
                settled = any(
                    (e.uid, e.field) == (first.uid, first.field) for e in world.edits[j + 1 :]
                )
                disagree = second.actor != first.actor and second.value != first.value
                if both_last and same_start and disagree and not settled:
                    assert (first.uid, first.field) in contested, (first, second)
            later = any(
                e.uid == first.uid and e.field == first.field for e in world.edits[index + 1 :]
            )
            kept = final.get(first.uid, ())[1 + FIELDS.index(first.field)] == first.value
            told = (first.uid, first.field, f'"{first.value}"') in mentioned
            assert kept or later or told, first  # never lost without a trace


class BusyOfficeMachine(OfficeMachine):
    """The same office on a busier day: sheets imported, a delete taken back by undo, and ID or
    archive numbers given to a family that another family holds elsewhere."""

    @rule(
        pc=PCS,
        serials=st.lists(st.integers(1, 10), min_size=1, max_size=3, unique=True),
        members=st.integers(0, 2),
    )
    def import_families(self, pc: str, serials: list[int], members: int) -> None:
        """A sheet of families with their household members (.xlsx); an ID number from a
        small pool, so that two PCs import the same family now and then."""
        database = self.world.databases[pc]
        here = {row[1] for row in family_rows(database).values()}
        block = self.world.block
        serials = [serial for serial in serials if person(serial, block) not in here]
        if not serials:
            return
        self.names += 1
        path = self.world.folder / f"困难职工{self.names}.xlsx"
        family_sheet(path, [(f"{pc}职工{serial}", serial, members) for serial in serials], block)
        self._import(database, "families", path)

    @rule(pc=PCS, count=st.integers(1, 3))
    def import_enterprises(self, pc: str, count: int) -> None:
        """A sheet of enterprises (.csv)."""
        self.names += 1
        path = self.world.folder / f"企业{self.names}.csv"
        lines = [f"{pc}导入企业{self.names}-{n},已建会,{VALUE_OF[n]}" for n in range(count)]
        path.write_text("企业名称,建会情况,地址\n" + "\n".join(lines) + "\n", encoding="utf-8")
        self._import(self.world.databases[pc], "enterprises", path)

    def _import(self, database: Database, kind: str, path: Path) -> None:
        with database.write() as session:
            report = plan_import(session, kind, path)
            assert not report.problems, report.problems
            assert report.additions
            apply_import(session, report)

    @rule(pc=PCS, table=st.sampled_from(("family", "enterprise")), pick=st.integers(0, 20))
    def delete_to_undo(self, pc: str, table: str, pick: int) -> None:
        """编辑 > 删除, to be taken back by undo a few steps later (syncs may come between)."""
        if pc in self.snapshots:
            return
        database = self.world.databases[pc]
        if table == "family":
            uids = sorted(family_rows(database))
            spec, model = FAMILY, HardshipFamily
        else:
            uids = self._uids(pc) if len(self._uids(pc)) >= 3 else []
            spec, model = ENTERPRISE, Enterprise
        if not uids:
            return
        uid = uids[pick % len(uids)]
        with database.write() as session:
            row_id = session.scalar(select(model.id).where(model.uid == uid))
            self.snapshots[pc] = (uid, records.delete(session, spec, row_id))

    @rule(pc=PCS)
    def undo(self, pc: str) -> None:
        if pc not in self.snapshots:
            return
        uid, snapshot = self.snapshots.pop(pc)
        try:
            with self.world.databases[pc].write() as session:
                records.restore(session, snapshot)
        except DatabaseError as error:  # its id or number was taken here meanwhile
            assert isinstance(error.__cause__, IntegrityError), error
            self.world.deleted.add(uid)
        else:
            self.world.undone.add(uid)

    @rule(
        actor=st.sampled_from(ACTORS),
        pick=st.integers(0, 20),
        column=st.sampled_from(KEYS),
        other=st.integers(0, 20),
    )
    def take_a_number(self, actor: str, pick: int, column: str, other: int) -> None:
        """An ID number or archive number set on a family here that another family holds
        elsewhere (on the other PC or the server): the unique-key conflicts."""
        database = self.world.databases[actor]
        mine = family_rows(database)
        if not mine:
            return
        place = 1 + KEYS.index(column)
        here = {row[place] for row in mine.values()}
        elsewhere = sorted(
            {
                row[place]
                for name in ACTORS
                if name != actor
                for row in family_rows(self.world.databases[name]).values()
            }
            - here
            - {None, ""}
        )
        if not elsewhere:
            return
        uid = sorted(mine)[pick % len(mine)]
        with database.write() as session:
            family = session.scalar(select(HardshipFamily).where(HardshipFamily.uid == uid))
            setattr(family, column, elsewhere[other % len(elsewhere)])

    @rule(
        pc=PCS,
        pick=st.integers(0, 20),
        keep=st.sampled_from(("mine", "theirs", "apart", "apart")),
    )
    def decide_one(self, pc: str, pick: int, keep: str) -> None:
        """The clerk decides a conflict during the day: this PC's values, the server's, or
        (one ID number entered for two households, 两户不同) the two kept apart, the mistyped
        number corrected here."""
        database = self.world.databases[pc]
        sync(database, self.world.office_url)  # what the clerk has to decide shows after a sync
        found = open_conflicts(database)
        if not found:
            return
        conflict = found[pick % len(found)]
        apart = conflict.kind == "duplicate" and conflict.field == "id_number"
        if keep == "apart" and apart:
            with database.write() as session:
                family = session.scalar(
                    select(HardshipFamily).where(HardshipFamily.uid == conflict.record)
                )
                if family is None:  # deleted here meanwhile: nothing to correct
                    keep = "theirs"
                else:
                    self.names += 1
                    number = person(500 + self.names % 500, self.world.block)
                    family.id_number = number  # the number it should have had
        elif keep == "apart" or (keep == "mine" and conflict.kind in ("number", "other_office")):
            keep = "theirs"  # what the window lets the clerk choose for this conflict
        decide(database, conflict.id, keep)


def _skewed(days: int):  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta

    return datetime.now() + timedelta(days=days)


def _run(machine: type[OfficeMachine], district: District, folder: Path, **options) -> None:  # type: ignore[no-untyped-def]
    from hypothesis.stateful import run_state_machine_as_test

    def make() -> OfficeMachine:
        names = next(_counter)
        office = district.office(f"JN{names}", "江宁街道工会")
        other = district.office(f"ML{names}", "秣陵街道工会")
        sheets = folder / f"sheets{names}"
        sheets.mkdir()
        made = machine()
        made.world = World(district, sheets, office.url, other.url, block=names % 40)
        return made

    run_state_machine_as_test(
        make,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            **options,
        ),
    )


def test_an_office_converges_whatever_the_network_does(district: District, tmp_path: Path) -> None:
    # The same examples at every run (CI must not turn red by the luck of the draw); a longer
    # random run (UNIONAPP_SYNC_RANDOM=1) still finds runs that do not converge, kept as strict
    # xfails in test_sync_model_found.py until the sync code passes them.
    random = os.environ.get("UNIONAPP_SYNC_RANDOM") == "1"
    _run(OfficeMachine, district, tmp_path, derandomize=not random)


def test_a_busy_office_converges_whatever_the_network_does(
    district: District, tmp_path: Path
) -> None:
    # Derandomized and not shrunk, so that a failure is the same at every run, in seconds
    # (UNIONAPP_SYNC_RANDOM=1 explores instead).
    random = os.environ.get("UNIONAPP_SYNC_RANDOM") == "1"
    _run(
        BusyOfficeMachine,
        district,
        tmp_path,
        derandomize=not random,
        database=None,
        phases=(Phase.explicit, Phase.generate),
    )


# What the model found, each kept as the smallest story that shows it -----------------------


def _syncs_failing(first: Database, second: Database, url: str) -> list[str]:
    """Each PC syncs three times; the kinds of the syncs that failed, in order."""
    failed = []
    for database in (first, second) * 3:
        try:
            sync(database, url)
        except SyncError as error:
            failed.append(type(error).__name__)
    return failed


def _decide_all_theirs(database: Database) -> None:
    for conflict in open_conflicts(database):
        decide(database, conflict.id, "theirs")


def test_keeping_theirs_after_the_delete_was_undone_elsewhere_keeps_the_record(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    uid = add_family(first, "王芳", 1, members=1)
    sync(first, office.url)
    sync(second, office.url)
    with first.write() as session:  # pc1 deletes the family, and the district has the delete
        row_id = session.scalar(select(HardshipFamily.id).where(HardshipFamily.uid == uid))
        snapshot = records.delete(session, FAMILY, row_id)
    sync(first, office.url)
    scenario_edit(second, HardshipFamily, uid, phone="13800000000")
    sync(second, office.url)  # an edit against the delete: a conflict on pc2
    assert [c.kind for c in open_conflicts(second)] == ["delete"]
    with first.write() as session:  # 编辑 > 撤销 on pc1: the family goes up again
        records.restore(session, snapshot)
    sync(first, office.url)
    sync(second, office.url)
    _decide_all_theirs(second)  # the server's record, which is there again
    for database in (second, first, second):
        sync(database, office.url)
    assert uid in families(first)
    assert families(first) == families(second)


def test_a_duplicate_whose_number_is_held_here_does_not_stop_every_sync(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    sync(first, office.url)
    sync(second, office.url)
    add_family(second, "王芳", 1)  # the family on file at the server, from pc2
    sync(second, office.url)
    (theirs,) = families(second).values()
    add_family(first, "王芳", 1)  # registered again on pc1 ...
    other = add_family(first, "李强", 2)  # ... and another family given pc2's archive number
    scenario_edit(first, HardshipFamily, other, archive_no=theirs[1])
    sync(first, office.url)
    assert sorted(c.kind for c in open_conflicts(first)) == ["duplicate", "number"]
    _decide_all_theirs(first)
    assert _syncs_failing(first, second, office.url) == []
    assert families(first) == families(second)


def test_a_family_deleted_and_entered_again_before_a_sync_is_no_conflict(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    pc = district.pc("pc1")
    sync(pc, office.url)
    first = add_family(pc, "王芳", 1)
    with pc.write() as session:  # a wrong entry deleted, and the family entered again
        row_id = session.scalar(select(HardshipFamily.id).where(HardshipFamily.uid == first))
        records.delete(session, FAMILY, row_id)
    again = add_family(pc, "王芳", 1)
    sync(pc, office.url)
    echoed = [(c.kind, c.record, c.theirs["uid"]) for c in open_conflicts(pc)]
    assert echoed == [], "a conflict of this PC's own family with its own deleted one"
    for _round in range(4):  # whatever the clerk decides, it ends
        _decide_all_theirs(pc)
        sync(pc, office.url)
    assert list(families(pc)) == [again]
    assert (waiting_or_kept(pc), open_conflicts(pc)) == ([], [])


def test_taking_back_the_servers_number_held_here_does_not_stop_every_sync(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    sync(first, office.url)
    sync(second, office.url)
    mine = add_family(first, "王芳", 1)
    sync(first, office.url)
    add_family(second, "李强", 2)  # a family pc1 has not heard of yet
    sync(second, office.url)
    numbers = {uid: row[1] for uid, row in families(second).items()}
    taken = next(number for uid, number in numbers.items() if uid != mine)
    scenario_edit(first, HardshipFamily, mine, archive_no=taken)  # pc2's family's number
    other = add_family(first, "张伟", 3)
    scenario_edit(first, HardshipFamily, other, archive_no=numbers[mine])  # the one freed
    sync(first, office.url)
    assert sorted(c.kind for c in open_conflicts(first)) == ["number", "number"]
    _decide_all_theirs(first)
    assert _syncs_failing(first, second, office.url) == []
    assert families(first) == families(second)
