"""Hypothesis drives an office through edits, deletes and syncs with the network failing at
every point a sync can fail; at the end, once the clerks have decided every conflict, both PCs
and the server hold the same records, every pair of edits of one field made from the same
value (neither saw the other) is in a conflict, and no edit is lost without a trace."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import select, update

from tests.district import District
from unionapp.database import Database
from unionapp.models import Enterprise, SyncChange, SyncConflict
from unionapp.schema.records import ENTERPRISE
from unionapp.services import records
from unionapp.sync.conflicts import decide, open_conflicts
from unionapp.sync.errors import ServerUnreachable
from unionapp.sync.faults import Faults
from unionapp.sync.run import sync

EXAMPLES = int(os.environ.get("UNIONAPP_SYNC_EXAMPLES", "25"))
STEPS = int(os.environ.get("UNIONAPP_SYNC_STEPS", "30"))
FIELDS = ("address", "contact", "phone", "community")
VALUES = st.sampled_from(["一号", "二号", "三号", "四号", "五号"])
ACTORS = ("pc1", "pc2", "clerk")
_counter = itertools.count(1)


class Dropped(ConnectionError):
    """The network went at the chosen point."""


class FailAt(Faults):
    def __init__(self, point: str) -> None:
        self.point = point

    def before_commit(self) -> None:
        if self.point == "mid-batch":
            raise Dropped(self.point)

    def after_server_commit(self) -> None:
        if self.point == "after-commit":
            raise Dropped(self.point)

    def after_pull_batch(self) -> None:
        if self.point == "mid-pull":
            raise Dropped(self.point)


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
    office_url: str = ""
    other_url: str = ""
    databases: dict[str, Database] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)
    deleted: set[str] = field(default_factory=set)


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
        fault=st.sampled_from(("none", "none", "mid-batch", "after-commit", "mid-pull")),
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
        final = rows(world.databases["clerk"])
        assert rows(pcs[0]) == rows(pcs[1]) == final
        conflicts = every_conflict(pcs[0]) + every_conflict(pcs[1])
        contested = {(c.uid, c.field) for c in conflicts}
        mentioned = {(c.uid, c.field, v) for c in conflicts for v in (c.mine, c.theirs)}
        last = {(e.actor, e.uid, e.field): e for e in world.edits}  # each side's final word
        for index, first in enumerate(world.edits):
            if first.uid in world.deleted:
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


def _skewed(days: int):  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta

    return datetime.now() + timedelta(days=days)


def test_an_office_converges_whatever_the_network_does(district: District) -> None:
    from hypothesis.stateful import run_state_machine_as_test

    def make() -> OfficeMachine:
        names = next(_counter)
        office = district.office(f"JN{names}", "江宁街道工会")
        other = district.office(f"ML{names}", "秣陵街道工会")
        machine = OfficeMachine()
        machine.world = World(district, office.url, other.url)
        return machine

    run_state_machine_as_test(
        make,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
