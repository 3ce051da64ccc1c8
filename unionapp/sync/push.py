"""Push: the PC's waiting changes go up in batches, each batch one server transaction.

A batch the server committed but whose answer never arrived is sent again at the next sync;
the server knows every change id it applied and does nothing the second time. Changes of a
record held by an undecided duplicate (and of its children) wait until the clerk decides.
A batch is read from the change log when its turn comes and holds at most ``BATCH`` changes
and ``tables.BATCH_BYTES`` of change data: documents (up to 20 MB each) go up a few at a time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, func, select, text, update
from sqlalchemy.exc import IntegrityError

from unionapp.database import Database
from unionapp.models import SyncChange, SyncConflict
from unionapp.sync import tables
from unionapp.sync.faults import Faults
from unionapp.sync.merge import HOLDING_KINDS, Change, Conflict, Merger

BATCH = 200
HOLDING = HOLDING_KINDS


@dataclass
class Pushed:
    sent: int = 0
    replayed: int = 0
    conflicts: int = 0


def held_uids(local: Database) -> set[str]:
    """Records waiting for the clerk: a duplicate or a taken archive number not yet decided,
    or an insert whose parent the server deleted."""
    with local.read() as session:
        rows = session.execute(
            select(SyncConflict.uid, SyncConflict.kind, SyncConflict.field).where(
                SyncConflict.done.is_(False)
            )
        )
        return {
            uid
            for uid, kind, field in rows
            if kind in HOLDING or (kind == "delete" and field in _link_columns())
        }


def _link_columns() -> set[str]:
    return {column for name in tables.SYNCED for column in tables.parents(name)}


def pending(
    local: Database, after: int = 0, count: int = BATCH, limit: int | None = None
) -> list[tuple[int, Change]]:
    """The next changes waiting to go up, in the order they were made, after the local id
    ``after``: at most ``count`` of them, holding no more than ``limit`` characters of change
    data (``tables.BATCH_BYTES`` when not given; at least one change, whatever its size).
    Their sizes are read first; only the changes that fit are read whole."""
    with local.read() as session:
        sizes = session.execute(
            select(SyncChange.id, func.length(SyncChange.data))
            .where(SyncChange.sent.is_(False), SyncChange.id > after)
            .order_by(SyncChange.id)
            .limit(count)
        ).all()
        ids = tables.within(((row_id, int(size or 0)) for row_id, size in sizes), limit)
        if not ids:
            return []
        rows = session.scalars(
            select(SyncChange).where(SyncChange.id.in_(ids)).order_by(SyncChange.id)
        ).all()
        return [
            (
                row.id,
                Change(
                    row.change_id,
                    row.table_name,
                    row.uid,
                    row.op,
                    row.base_version,
                    json.loads(row.data),
                ),
            )
            for row in rows
        ]


def _waiting(local: Database, after: int) -> bool:
    """Whether a change after the local id ``after`` is still to go up. A glance only: the
    page itself is read under the push lock, where an undone pair may have been dropped since."""
    with local.read() as session:
        return (
            session.scalar(
                select(SyncChange.id)
                .where(SyncChange.sent.is_(False), SyncChange.id > after)
                .limit(1)
            )
            is not None
        )


def waits(change: Change, held: set[str]) -> bool:
    """A change of a held record, or naming one as its parent, waits for the clerk."""
    links = tables.parents(change.table_name)
    return change.uid in held or any(change.data.get(column) in held for column in links)


def push(local: Database, engine: Engine, pc_id: str, faults: Faults) -> Pushed:
    """The waiting changes go up a page at a time (see ``pending``), each page one server
    transaction, so a PC with many large documents never holds more than a page of them.
    Each page is read under this PC's push lock (see ``undone_pairs``)."""
    result = Pushed()
    undone_pairs(local, engine, pc_id)
    held = held_uids(local)
    with local.read() as session:
        known = set(session.scalars(select(SyncConflict.server_id)))
    after = 0
    while _waiting(local, after):  # the last page opens no server transaction to find none
        if held:  # nor does a page of held changes alone (held only grows during a push)
            ahead = pending(local, after, BATCH)
            if ahead and all(waits(change, held) for _local_id, change in ahead):
                after = ahead[-1][0]
                continue
        with engine.begin() as conn:
            conn.execute(text("SELECT set_config('unionapp.pc_id', :p, true)"), {"p": pc_id})
            faults.before_push_lock()
            _one_push_at_a_time(conn, pc_id)
            page = pending(local, after, BATCH)  # read under the lock
            if not page:
                break
            after = page[-1][0]  # a change left waiting is not read again in this push
            chunk = [(local_id, change) for local_id, change in page if not waits(change, held)]
            if not chunk:
                continue
            try:  # one savepoint for the page; a change failing in it, one for each change
                with conn.begin_nested():
                    applied = _apply_page(Merger(conn, pc_id), chunk, held, known, guarded=False)
            except IntegrityError:
                applied = _apply_page(Merger(conn, pc_id), chunk, held, known, guarded=True)
            faults.before_commit()
        faults.after_server_commit()  # the answer may be lost here: the next sync replays
        held |= applied.held
        with local.write() as session:
            session.execute(
                update(SyncChange).where(SyncChange.id.in_(applied.done)).values(sent=True)
            )
            for conflict in applied.found:
                session.add(as_local(conflict))
        result.sent += applied.sent
        result.replayed += applied.replayed
        result.conflicts += len(applied.found)
    return result


@dataclass
class _Applied:
    """What a page did on the server: the local ids it settled, the conflicts the PC hears of,
    and the records it left held."""

    held: set[str]
    done: list[int] = field(default_factory=list)
    found: list[Conflict] = field(default_factory=list)
    sent: int = 0
    replayed: int = 0


def _apply_page(
    merger: Merger,
    chunk: list[tuple[int, Change]],
    held: set[str],
    known: set[int],
    guarded: bool,
) -> _Applied:
    """Apply a page's changes in order (a change whose parent this page held waits too).
    Unguarded, a change taking a natural key another record holds raises IntegrityError, and
    the caller rolls the page back and applies it guarded: a savepoint per change is a round
    trip each way, and a subtransaction on the server, for what is rare."""
    applied = _Applied(held=set(held))
    for local_id, change in chunk:
        if waits(change, applied.held):  # its parent was held a moment ago, in this batch
            continue
        applied.done.append(local_id)
        outcome = merger.apply(change, guarded=guarded)
        if outcome.held:
            applied.held.add(change.uid)
        if not outcome.applied:
            applied.replayed += 1
            applied.found += [c for c in outcome.conflicts if c.server_id not in known]
            continue
        applied.sent += 1
        for conflict in outcome.conflicts:
            conflict.server_id = merger.record(conflict)
            applied.found.append(conflict)
    return applied


PUSH_LOCK_WAIT = "30s"  # then the server counts as busy (a sync cut off holds it until it ends)
IDLE_IN_TRANSACTION = "10min"  # a transaction holding the lock, left idle this long, is ended


def _one_push_at_a_time(conn: Connection, pc_id: str) -> None:
    """Hold this PC's push lock on the server until the transaction ends: another sync of
    this PC (a window's, or one cut off whose commit is still on its way) is waited for, for
    at most PUSH_LOCK_WAIT (then the server is busy: 55P03), never overtaken. A transaction
    holding it and left idle for IDLE_IN_TRANSACTION (a PC cut off mid-sync, the cable
    pulled) is ended by the server, and the lock with it, without waiting for TCP to notice."""
    conn.execute(
        text("SELECT set_config('idle_in_transaction_session_timeout', :t, true)"),
        {"t": IDLE_IN_TRANSACTION},
    )
    conn.execute(text("SELECT set_config('lock_timeout', :t, true)"), {"t": PUSH_LOCK_WAIT})
    conn.execute(
        text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"unionapp.push:{pc_id}"}
    )
    conn.execute(text("SET LOCAL lock_timeout TO DEFAULT"))


def _pairs(local: Database) -> list[tuple[int, int, str]]:
    """(delete's id, insert's id, delete's change id) of each delete waiting here that an
    undo's insert of the same record follows."""
    with local.read() as session:
        rows = session.execute(
            select(SyncChange.id, SyncChange.uid, SyncChange.op, SyncChange.change_id)
            .where(SyncChange.sent.is_(False), SyncChange.op.in_(("insert", "delete")))
            .order_by(SyncChange.id)
        ).all()
    last: dict[str, tuple[int, str, str]] = {}  # uid -> its latest waiting insert or delete
    pairs: list[tuple[int, int, str]] = []
    for row_id, uid, op, change_id in rows:
        before = last.get(uid)
        if op == "insert" and before is not None and before[1] == "delete":
            pairs.append((before[0], row_id, before[2]))
        last[uid] = (row_id, op, change_id)
    return pairs


def undone_pairs(local: Database, engine: Engine, pc_id: str) -> int:
    """A delete waiting here that an undo took back is followed by the undo's insert of the
    same record. The pair goes up only if the server has the delete already (a push whose
    answer was lost: the insert then puts the record back there); otherwise both are dropped,
    and the server never hears of either. Returns how many pairs were dropped.

    The pairs are read, the server asked and the dropped pairs marked all under this PC's push
    lock, which every push page holds from before it reads the page until it commits: another
    sync of this PC has either sent the delete and committed (the server has it) or will read
    its page after the pair is marked (and not send it)."""
    if not _pairs(local):
        return 0
    with engine.begin() as conn:
        _one_push_at_a_time(conn, pc_id)
        pairs = _pairs(local)  # again, under the lock
        known = set(
            conn.execute(
                text("SELECT change_id FROM applied_change WHERE change_id = ANY(:ids)"),
                {"ids": [change_id for _d, _i, change_id in pairs]},
            ).scalars()
        )
        dropped = [(d, i) for d, i, change_id in pairs if change_id not in known]
        if dropped:
            with local.write() as session:
                ids = [row_id for pair in dropped for row_id in pair]
                session.execute(update(SyncChange).where(SyncChange.id.in_(ids)).values(sent=True))
    return len(dropped)


def as_local(conflict: Conflict) -> SyncConflict:
    """A conflict the server recorded, as this PC keeps it for the clerk."""
    return SyncConflict(
        server_id=conflict.server_id,
        table_name=conflict.table_name,
        uid=conflict.uid,
        field=conflict.field,
        kind=conflict.kind,
        mine=json.dumps(conflict.mine, ensure_ascii=False),
        theirs=json.dumps(conflict.theirs, ensure_ascii=False),
        label=conflict.label[:200],
        resolution="",
        done=False,
    )
