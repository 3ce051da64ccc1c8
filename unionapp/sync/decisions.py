"""The clerk's decisions on conflicts carried out at the next sync, when the server can be asked
for its current values. Each decision is one transaction on each side, the server's committed
first, so the PC never counts as decided what the server did not take.

What each decision does:
- edit: mine sends the field's value here to the server over theirs; theirs takes the
  server's current value here;
- delete: an edit here against a delete there: mine puts the record back on the server (from
  what the conflict kept when the record is gone here too), theirs deletes it here with what
  is under it; a delete here against an edit there: mine deletes it on the server, theirs
  brings the record back here;
- duplicate (the same ID number or credit code registered twice in the office): mine and
  theirs make the two one record (here it takes the server's identity, its children follow; a
  copy of the server's record already here absorbs it), keeping the values here or the
  server's; apart says they are two households (one number was mistyped): the record here goes
  up whole on its own once the number is no longer the other record's on the server (corrected
  here, or there by the PC that entered it), and waits until then;
- number (an archive number another PC of the office used first): theirs gives the record
  here a new number (the old one kept as 原档案编号), sent ahead of the records under it, and
  the server's record with that number comes here; mine cannot be;
- other_office (a family with this ID number is on file in another office): noted.

Server changes kept on the PC while the conflict was open (``kept``) are tried again by the
pull that follows.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Any

from sqlalchemy import Engine, delete, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from unionapp.database import Database
from unionapp.models import SyncChange, SyncConflict
from unionapp.models.ids import uuid7
from unionapp.sync import tables
from unionapp.sync.kept import Waits
from unionapp.sync.merge import FORCED
from unionapp.sync.pull import LocalApplier
from unionapp.sync.recorder import APPLYING, ParentUids

log = logging.getLogger(__name__)


class Refused(Exception):
    """A decision a rule of either database refused this time (its transactions rolled back)."""


def send_decisions(local: Database, engine: Engine, pc_id: str) -> int:
    """Carry out the decisions taken since the last sync; returns how many were.

    One decision can depend on another (a duplicate takes the server's archive number, which a
    record here gives up only by its own number decision): one refused by a rule of either
    database is tried again after the others, and if it still cannot be carried out it waits
    for the next sync instead of stopping this one."""
    with local.read() as session:
        decided = session.scalars(
            select(SyncConflict).where(SyncConflict.done.is_(False), SyncConflict.resolution != "")
        ).all()
    done = 0
    for _attempt in range(2):
        refused = []
        for conflict in decided:
            try:
                _decide(local, engine, conflict)
            except Refused as refusal:  # a unique number, a parent gone: nothing was done
                log.warning("decision on conflict %s waits: %s", conflict.server_id, refusal)
                refused.append(conflict)
            else:
                done += 1
        if not refused:
            break
        decided = refused
    return done


def _decide(local: Database, engine: Engine, conflict: SyncConflict) -> None:
    # The server's transaction is inside the PC's and commits first: a server commit that
    # fails leaves the conflict here open and decided, to be carried out at the next sync.
    with local.write() as session, engine.begin() as server:
        session.execute(  # first: a decided field is no longer held against the server
            update(SyncConflict).where(SyncConflict.id == conflict.id).values(done=True)
        )
        try:
            _carry_out(session, server, conflict)
        except IntegrityError as error:  # both transactions roll back with this
            raise Refused(type(error.orig).__name__) from error
        server.execute(
            text("UPDATE server_conflict SET resolution = :r, resolved_at = now() WHERE id = :i"),
            {"r": conflict.resolution, "i": conflict.server_id},
        )


def _change(session: Session, name: str, uid: str, op: str, base: int, data: dict) -> None:
    session.add(
        SyncChange(
            change_id=uuid7(),
            table_name=name,
            uid=uid,
            op=op,
            base_version=base,
            data=tables.dumps(data),
            sent=False,
        )
    )
    session.flush()


def _local_row(session: Session, name: str, uid: str) -> dict[str, Any] | None:
    table = tables.table(name)
    row = session.execute(select(table).where(table.c.uid == uid)).mappings().first()
    return dict(row) if row is not None else None


def _carry_out(session: Session, server: Any, conflict: SyncConflict) -> None:
    name, uid, keep = conflict.table_name, conflict.uid, conflict.resolution
    mine = json.loads(conflict.mine)
    if conflict.kind == "other_office":
        return
    if conflict.kind == "edit":
        row = _local_row(session, name, uid)
        if row is None:
            return
        if keep == "mine":
            current = ParentUids(session).encode_row(name, {conflict.field: row[conflict.field]})
            _change(session, name, uid, "update", FORCED, current)
        elif not _on_server(server, name, uid):  # deleted there since: theirs is the delete
            _delete_here(session, server, name, uid)  # (the pull skipped it while this was open)
        else:
            _take_theirs(session, server, name, uid, {conflict.field})
        return
    if conflict.kind == "delete":
        if mine is None:  # deleted here, edited there
            if keep == "mine":
                _change(session, name, uid, "delete", FORCED, {})
            else:
                _bring_back(session, server, name, uid)
            return
        row = _local_row(session, name, uid)  # edited here, deleted there (or its parent)
        if keep == "theirs":
            if _on_server(server, name, uid):  # put back there since (an undo elsewhere):
                _drop_pending(session, server, uid)  # the server's record as it is now
                _take_theirs(session, server, name, uid, set(tables.fields(name)))
            elif row is not None:
                _delete_here(session, server, name, uid)  # the edits here go with it
            return
        if row is None:  # gone here meanwhile: back from what the conflict kept
            row = _reinsert(session, server, name, uid, mine)
        if row is not None:
            _push_again(session, server, name, row)
        return
    if conflict.kind == "duplicate":
        if keep == "apart":
            _keep_apart(session, server, conflict)
        else:
            _merge_identity(session, server, conflict, keep)
        return
    if conflict.kind == "number":
        _renumber(session, server, conflict)


def _on_server(server: Any, name: str, uid: str) -> bool:
    return (
        server.execute(text(f"SELECT 1 FROM {name} WHERE uid = :u"), {"u": uid}).first() is not None
    )


def _drop_pending(session: Session, server: Any, uid: str) -> None:
    """The clerk took the server's delete of ``uid``: its changes not yet pushed, and its other
    open conflicts, have nothing left to apply to (the server is told they are decided)."""
    session.execute(
        update(SyncChange)
        .where(SyncChange.uid == uid, SyncChange.sent.is_(False))
        .values(sent=True)
    )
    others = session.scalars(
        select(SyncConflict.server_id).where(SyncConflict.uid == uid, SyncConflict.done.is_(False))
    ).all()
    if not others:
        return
    session.execute(
        update(SyncConflict)
        .where(SyncConflict.server_id.in_(others))
        .values(done=True, resolution="theirs")
    )
    server.execute(
        text(
            "UPDATE server_conflict SET resolution = 'theirs', resolved_at = now() "
            "WHERE id = ANY(:ids)"
        ),
        {"ids": list(others)},
    )


def _delete_here(session: Session, server: Any, name: str, uid: str) -> None:
    """The server's delete taken here: the record, and what is under it here (a congress
    added under a deleted enterprise), with their waiting changes and conflicts."""
    row = _local_row(session, name, uid)
    if row is None:
        return
    for child, column in _child_links(name):
        table = tables.table(child)
        under = session.scalars(select(table.c.uid).where(table.c[column] == row["id"])).all()
        for child_uid in under:
            _delete_here(session, server, child, child_uid)
    _drop_pending(session, server, uid)
    applier = LocalApplier(_applying(session), server)
    try:
        applier.apply(name, uid, row.get("sync_version") or 0, "delete", {})
    except Waits:  # named only by changes just dropped with it
        table = tables.table(name)
        session.execute(delete(table).where(table.c.uid == uid))
    session.info[APPLYING] = False


def _child_links(name: str) -> list[tuple[str, str]]:
    """(child table, its column naming ``name``) for every synced table under ``name``."""
    return [
        (child, column)
        for child in tables.SYNCED
        for column, parent in tables.parents(child).items()
        if parent == name
    ]


def _reinsert(
    session: Session, server: Any, name: str, uid: str, kept: dict[str, Any]
) -> dict[str, Any] | None:
    """A record put back here from the values its conflict kept (its parent must be here)."""
    applier = LocalApplier(_applying(session), server)
    if applier.values(name, kept) is not None:
        savepoint = session.begin_nested()
        try:
            applier.insert(name, uid, 0, kept)
        except IntegrityError:  # what was kept is not a whole record, or clashes here
            savepoint.rollback()
        else:
            savepoint.commit()
    session.info[APPLYING] = False
    return _local_row(session, name, uid)


def _applying(session: Session) -> Session:
    session.info[APPLYING] = True
    return session


def _take_theirs(session: Session, server: Any, name: str, uid: str, fields: set[str]) -> None:
    applier = LocalApplier(_applying(session), server)
    whole = applier.fetch(name, uid)
    if whole is not None:
        applier.apply(name, uid, 0, "update", {k: v for k, v in whole.items() if k in fields})
    applier.bring(name, uid)  # what the server holds under it and this PC missed
    session.info[APPLYING] = False


def _bring_back(session: Session, server: Any, name: str, uid: str) -> None:
    applier = LocalApplier(_applying(session), server)
    applier.bring(name, uid)
    session.info[APPLYING] = False


def _push_again(session: Session, server: Any, name: str, row: dict[str, Any]) -> None:
    """Put a record back on the server, with its parents if they are gone there too."""
    uids = ParentUids(session)
    for column, parent in tables.parents(name).items():
        parent_uid = uids.of(parent, row.get(column))
        if parent_uid is None:
            continue
        there = server.execute(
            text(f"SELECT 1 FROM {parent} WHERE uid = :u"), {"u": parent_uid}
        ).first()
        if there is None:
            parent_row = _local_row(session, parent, parent_uid)
            if parent_row is not None:
                _push_again(session, server, parent, parent_row)
    data = {k: v for k, v in uids.encode_row(name, row).items() if v is not None}
    _change(session, name, row["uid"], "insert", 0, data)


def _merge_identity(session: Session, server: Any, conflict: SyncConflict, keep: str) -> None:
    """Two registrations of one family (enterprise) become one under the server's uid. The
    record here takes that uid, or, when the server's record is here already, hands its
    children over to it and goes; what waits to go up names it by that uid. A record here
    that was on the server too is deleted there once its children are moved over."""
    name, old = conflict.table_name, conflict.uid
    theirs = json.loads(conflict.theirs) or {}
    new = theirs.get("uid")
    if not new:
        return
    table = tables.table(name)
    version = server.execute(
        text(f"SELECT version FROM {name} WHERE uid = :u"), {"u": new}
    ).scalar()
    mine = _local_row(session, name, old)
    if version is None:  # theirs is gone since: mine simply goes up
        if mine is not None:
            _push_again(session, server, name, mine)
        return
    if mine is None:  # nothing of it left here: theirs comes
        _take_theirs(session, server, name, new, set(tables.fields(name)))
        return
    old_there = server.execute(text(f"SELECT 1 FROM {name} WHERE uid = :u"), {"u": old}).first()
    moved = _children_synced(session, name, mine["id"]) if old_there is not None else []
    here = _local_row(session, name, new)
    if here is None:
        session.execute(
            update(table).where(table.c.uid == old).values(uid=new, sync_version=int(version))
        )
    else:
        for child, column in _child_links(name):
            child_table = tables.table(child)
            session.execute(
                update(child_table)
                .where(child_table.c[column] == mine["id"])
                .values({column: here["id"]})
            )
        session.execute(delete(table).where(table.c.uid == old))
        if keep == "mine":
            values = {k: v for k, v in mine.items() if k in tables.fields(name)}
            session.execute(update(table).where(table.c.uid == new).values(**values))
    naming = select(SyncChange).where(  # only these: others may hold whole documents
        SyncChange.sent.is_(False), or_(SyncChange.uid == old, SyncChange.data.contains(old))
    )
    for change in session.scalars(naming):
        if old in change.data or change.uid == old:
            change.data = change.data.replace(old, new)
            change.uid = new if change.uid == old else change.uid
    for child, child_uid, column in moved:  # on the server they are still under the old one
        _change(session, child, child_uid, "update", FORCED, {column: new})
    if old_there is not None:
        _change(session, name, old, "delete", FORCED, {})
    if keep == "mine":
        row = _local_row(session, name, new)
        if row is not None:
            data = ParentUids(session).encode_row(name, row)
            _change(session, name, new, "update", FORCED, data)
        _bring_back(session, server, name, new)  # the other PC's members, aid … come here
    else:
        _take_theirs(session, server, name, new, set(tables.fields(name)))


def _children_synced(session: Session, name: str, row_id: int) -> list[tuple[str, str, str]]:
    """(table, uid, column) of the records under ``row_id`` that are on the server."""
    found = []
    for child, column in _child_links(name):
        table = tables.table(child)
        rows = session.execute(
            select(table.c.uid).where(table.c[column] == row_id, table.c.sync_version > 0)
        ).scalars()
        found += [(child, uid, column) for uid in rows]
    return found


def _renumber(session: Session, server: Any, conflict: SyncConflict) -> None:
    """A record new to the server gets a new archive number, the one it had kept as 原档案编号,
    and goes up as new ahead of the records under it (queued earlier, they would reach the
    server before it). A record already there that was given a number in use keeps the number
    the server has for it, and its other fields go up again. Either way the server's record
    with that number comes here."""
    name, uid = conflict.table_name, conflict.uid
    row = _local_row(session, name, uid)
    if row is None:
        return
    table = tables.table(name)
    there = server.execute(
        text(f"SELECT archive_no FROM {name} WHERE uid = :u"), {"u": uid}
    ).first()
    if there is not None:
        session.execute(update(table).where(table.c.uid == uid).values(archive_no=there[0]))
    else:
        from unionapp.services.archive import next_archive_numbers

        number = next_archive_numbers(session, date.today().year)[0]
        session.execute(
            update(table)
            .where(table.c.uid == uid)
            .values(archive_no=number, old_archive_no=row["archive_no"])
        )
    row = _local_row(session, name, uid)
    if row is not None:
        _send_whole(session, name, row, there is not None)
    theirs = json.loads(conflict.theirs) or {}
    if isinstance(theirs, dict) and theirs.get("uid"):
        _bring_back(session, server, name, str(theirs["uid"]))


def _keep_apart(session: Session, server: Any, conflict: SyncConflict) -> None:
    """Two households, one number mistyped: the record here goes up whole, on its own, once no
    other record on the server holds its number (else the decision waits: ``Refused``)."""
    name, uid, column = conflict.table_name, conflict.uid, conflict.field
    row = _local_row(session, name, uid)
    if row is None:  # deleted here meanwhile: nothing to send
        return
    if row.get(column):
        taken = server.execute(
            text(f"SELECT 1 FROM {name} WHERE {column} = :v AND uid <> :u"),
            {"v": row[column], "u": uid},
        ).first()
        if taken is not None:
            raise Refused(f"{column} still held by another record on the server")
    _send_whole(session, name, row, _on_server(server, name, uid))


def _send_whole(session: Session, name: str, row: dict[str, Any], there: bool) -> None:
    """The record as it is here goes up again: over the server's copy, or as new ahead of the
    records under it (queued earlier, they would reach the server before it). Its own changes
    still waiting are in it, and are not sent on their own (before it, an edit would find no
    record there)."""
    uid = row["uid"]
    data = {k: v for k, v in ParentUids(session).encode_row(name, row).items() if v is not None}
    if there:
        _change(session, name, uid, "update", int(row.get("sync_version") or 0), data)
        return
    session.execute(
        update(SyncChange)
        .where(SyncChange.uid == uid, SyncChange.sent.is_(False))
        .values(sent=True)
    )
    _change(session, name, uid, "insert", 0, data)
    _requeue_under(session, uid)


def _requeue_under(session: Session, uid: str) -> None:
    """The waiting changes of records under ``uid`` (and under those) move behind its own
    latest change, in their order, so the server sees the parent first."""
    parents, moved = [uid], set()
    while parents:
        named = f'%"{parents.pop(0)}"%'
        under = session.execute(
            select(SyncChange.id, SyncChange.uid)
            .where(SyncChange.sent.is_(False), SyncChange.data.like(named))
            .order_by(SyncChange.id)
        ).all()
        for change_id, change_uid in under:
            if change_id in moved:
                continue
            last = int(session.scalar(select(func.max(SyncChange.id))) or 0)
            session.execute(
                update(SyncChange).where(SyncChange.id == change_id).values(id=last + 1)
            )
            moved.add(last + 1)
            parents.append(change_uid)
