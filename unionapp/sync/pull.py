"""Pull: the office's changes come down in the server's order, never by clocks.

The server numbers every change (``seq``) inside the transaction that made it (``xid``). A
transaction that began earlier can commit later with a lower number, so the PC reads only
changes of transactions older than every transaction still open (``pg_snapshot_xmin``), in
(xid, seq) order, and keeps its place as the last (xid, seq) it saved: nothing committed late
under a lower number is ever skipped. Fields the clerk changed here and has not pushed yet, or
left in a conflict, are not overwritten; a delete of a record edited here waits for the push.
Each change is applied in a savepoint: one that breaks a rule of the PC's database (a unique
number, a record still named by others) is kept here with a conflict for the clerk and tried
again after the decision (``kept``), and the pull goes on. A batch holds at most ``BATCH``
changes and ``tables.BATCH_BYTES`` of change data: documents come down a few at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from unionapp.audit.recording import record_changed
from unionapp.database import Database
from unionapp.models import SyncBinding, SyncChange, SyncConflict
from unionapp.sync import tables
from unionapp.sync.faults import Faults
from unionapp.sync.kept import Keeper, ServerChange, Waits
from unionapp.sync.merge import Conflict, Merger
from unionapp.sync.recorder import APPLYING

BATCH = 500
INFORMATIONAL = ("other_office",)  # conflicts that hold nothing back
# The next changes to pull and their sizes as stored (pg_column_size reads a large value's
# TOAST pointer, not the value): a cheap first cut, as a stored size is never more than the
# value's text (a compressed document may be much larger once read). Ordered by the xid8
# column itself: ordered as text ("1000" before "999") a PC's cursor once passed changes it
# never pulled.
NEXT = text(
    "SELECT seq, pg_column_size(fields) AS stored FROM server_change "
    "WHERE (server_change.xid, seq) > (CAST(:xid AS text)::xid8, :seq) "
    "AND server_change.xid < pg_snapshot_xmin(pg_current_snapshot()) "
    "ORDER BY server_change.xid, server_change.seq LIMIT :n"
)
# Those changes, each with its fields only while the changes so far hold no more than :limit
# bytes of text (the first always): the rest come with no fields and wait for the next batch.
# Every one of them is of a transaction that had ended when NEXT ran, so none is new here.
PULL = text(
    "SELECT seq, tx::text AS xid, table_name, uid, version, op, pc_id, "
    "CASE WHEN running = size OR running <= :limit THEN fields END AS fields "
    "FROM (SELECT *, sum(size) OVER (ORDER BY tx, seq) AS running FROM ("
    "SELECT seq, xid AS tx, table_name, uid, version, op, pc_id, fields, "
    "octet_length(fields::text) AS size FROM server_change WHERE seq = ANY(:seqs)"
    ") AS sized) AS summed ORDER BY tx, seq"
)


@dataclass
class Pulled:
    changes: int = 0
    applied: int = 0


class LocalApplier:
    """Writes the server's changes into the PC's database, inside one local transaction."""

    def __init__(self, session: Session, server: Connection | None) -> None:
        self.session = session
        self.server = server  # to fetch a whole record the PC does not have
        self._protected: dict[str, set[str]] = {}

    def local_id(self, table_name: str, uid: str | None) -> int | None:
        if uid is None:
            return None
        found = tables.table(table_name)
        key = found.c.key if table_name == "setting" else found.c.id
        return self.session.execute(select(key).where(found.c.uid == uid)).scalar()

    def protected(self, uid: str) -> set[str]:
        """Fields of ``uid`` changed here and not pushed, or left in an open conflict
        ("*": the whole record). A note that another office has the same family protects
        nothing: it is for the clerk's information."""
        if uid not in self._protected:
            fields: set[str] = set()
            for data, op in self.session.execute(
                select(SyncChange.data, SyncChange.op).where(
                    SyncChange.uid == uid, SyncChange.sent.is_(False)
                )
            ):
                fields |= set(json.loads(data)) if op == "update" else {"*"}
            for field in self.session.scalars(
                select(SyncConflict.field).where(
                    SyncConflict.uid == uid,
                    SyncConflict.done.is_(False),
                    SyncConflict.kind.not_in(INFORMATIONAL),
                )
            ):
                fields.add(field or "*")
            self._protected[uid] = fields
        return self._protected[uid]

    def forget(self) -> None:
        """What was read of protected fields is read again (the change log changed)."""
        self._protected.clear()

    def deleted_here(self, uid: str) -> bool:
        """This PC's change log holds a delete of ``uid`` (sent or not)."""
        found = select(SyncChange.id).where(SyncChange.uid == uid, SyncChange.op == "delete")
        return self.session.scalar(found.limit(1)) is not None

    def back_since_deleted(self, uid: str) -> bool:
        """This PC deleted ``uid`` and then put it back (undo): the latest change of it in
        the change log is not the delete."""
        ops = self.session.scalars(
            select(SyncChange.op)
            .where(SyncChange.uid == uid, SyncChange.op.in_(("insert", "update", "delete")))
            .order_by(SyncChange.id.desc())
        ).all()
        return bool(ops) and ops[0] != "delete" and "delete" in ops

    def named_as_parent(self, uid: str) -> bool:
        """A change waiting here, or held in an open conflict, names ``uid`` as its parent
        (a member added here to a family the server deleted)."""
        named = f'%"{uid}"%'
        waiting = select(SyncChange.id).where(
            SyncChange.sent.is_(False), SyncChange.data.like(named)
        )
        held = select(SyncConflict.id).where(
            SyncConflict.done.is_(False),
            SyncConflict.kind.not_in(INFORMATIONAL),
            SyncConflict.mine.like(named),
        )
        return (
            self.session.scalar(waiting.limit(1)) is not None
            or self.session.scalar(held.limit(1)) is not None
        )

    def values(self, table_name: str, fields: dict[str, Any]) -> dict[str, Any] | None:
        """Travelled fields as the PC stores them; None when a parent is missing here."""
        table = tables.table(table_name)
        links = tables.parents(table_name)
        values = {}
        for key, value in fields.items():
            if key not in table.c or key in tables.BOOKKEEPING:
                continue
            if key in links:
                parent = self.local_id(links[key], value)
                if value is not None and parent is None:
                    return None
                values[key] = parent
            else:
                values[key] = tables.decode(table.c[key], value)
        return values

    def apply(
        self, table_name: str, uid: str, version: int, op: str, fields: dict, own: bool = False
    ) -> bool:
        """Apply one server change; ``own`` when this PC pushed it (it comes back with the
        server's version)."""
        table = tables.table(table_name)
        protected = self.protected(uid)
        row = self.session.execute(select(table).where(table.c.uid == uid)).mappings().first()
        if op == "delete":
            if row is None or protected:
                return False
            if own and self.back_since_deleted(uid):  # this PC's own delete, undone here since
                return False  # (the insert that put it back is its own too, and follows)
            if self.named_as_parent(uid):
                raise Waits(uid)
            self.session.execute(delete(table).where(table.c.uid == uid))
            self._audit(table_name, row, "delete", {k: [v, None] for k, v in row.items()})
            return True
        if row is None:
            if protected:  # deleted here, not yet pushed: the push decides
                return False
            if own and self.deleted_here(uid):  # this PC's own, deleted here since: the
                return False  # delete decides (a PC back from a backup never had it: it comes)
            whole = fields if op == "insert" else self.fetch(table_name, uid)
            if whole is None:
                return False
            return self.insert(table_name, uid, version, whole)
        wanted = {k: v for k, v in fields.items() if k not in protected and "*" not in protected}
        values = self.values(table_name, wanted)
        if values is None:
            return False
        changed = {k: v for k, v in values.items() if tables.encode(row.get(k)) != tables.encode(v)}
        stamp = {"sync_version": max(version, row.get("sync_version") or 0)}
        if "version" in table.c and changed:
            stamp["version"] = (row.get("version") or 0) + 1  # an open form sees the change
        self.session.execute(update(table).where(table.c.uid == uid).values(**changed, **stamp))
        if changed:
            self._audit(table_name, row, "update", {k: [row.get(k), v] for k, v in changed.items()})
        return bool(changed)

    def insert(self, table_name: str, uid: str, version: int, fields: dict) -> bool:
        table = tables.table(table_name)
        values = self.values(table_name, fields)
        if values is None:
            return False
        values.update(uid=uid, sync_version=version)
        self.session.execute(insert(table).values(**values))  # a clash: the caller keeps it
        row = self.session.execute(select(table).where(table.c.uid == uid)).mappings().first()
        self._audit(table_name, row, "insert", {k: [None, v] for k, v in values.items()})
        return True

    def fetch(self, table_name: str, uid: str) -> dict[str, Any] | None:
        """A whole record from the server (an update of a record this PC does not have)."""
        found = self.fetch_versioned(table_name, uid)
        return found[0] if found is not None else None

    def fetch_versioned(self, table_name: str, uid: str) -> tuple[dict[str, Any], int] | None:
        """A whole record from the server and its version, read together."""
        if self.server is None:
            return None
        row = (
            self.server.execute(text(f"SELECT * FROM {table_name} WHERE uid = :u"), {"u": uid})
            .mappings()
            .first()
        )
        if row is None:
            return None
        links = tables.parents(table_name)
        fields = {}
        for key in tables.fields(table_name):
            value = row.get(key)
            if key in links and value is not None:
                value = self.server.execute(
                    text(f"SELECT uid FROM {links[key]} WHERE id = :i"), {"i": value}
                ).scalar()
            fields[key] = tables.encode(value)
        return fields, int(row.get("version") or 0)

    def bring(self, table_name: str, uid: str) -> int:
        """A record from the server with everything under it that is not here (a family and
        its members, assistance, reviews and documents); returns how many came."""
        if self.server is None:
            return 0
        brought = 0
        if self.local_id(table_name, uid) is None:
            whole = self.fetch(table_name, uid)
            version = self.server.execute(
                text(f"SELECT version FROM {table_name} WHERE uid = :u"), {"u": uid}
            ).scalar()
            if whole is None:
                return 0
            savepoint = self.session.begin_nested()
            try:
                inserted = self.insert(table_name, uid, int(version or 0), whole)
            except IntegrityError:  # its number is taken here: a conflict says so
                savepoint.rollback()
                return 0
            savepoint.commit()
            if not inserted:
                return 0
            brought += 1
        server_id = self.server.execute(
            text(f"SELECT id FROM {table_name} WHERE uid = :u"), {"u": uid}
        ).scalar()
        for child in tables.SYNCED:
            for column, parent in tables.parents(child).items():
                if parent != table_name or server_id is None:
                    continue
                children = self.server.execute(
                    text(f"SELECT uid FROM {child} WHERE {column} = :i"), {"i": server_id}
                ).scalars()
                for child_uid in list(children):
                    brought += self.bring(child, child_uid)
        return brought

    def _audit(self, table_name: str, row: Any, action: str, changes: dict) -> None:
        row_id = int(row.get("id") or 0) if row is not None and table_name != "setting" else 0
        kept = {k: v for k, v in changes.items() if k not in tables.BOOKKEEPING}
        record_changed(self.session, table_name, action, row_id, kept)


def pull(
    local: Database, engine: Engine, office: str, faults: Faults, batch: int = BATCH
) -> Pulled:
    result = Pulled()
    with local.read() as session:
        pc_id = session.get(SyncBinding, 1).pc_id

    def record(conflict: Conflict) -> int:
        """The server's copy of a conflict found here, committed at once (the PC's batch
        commits later). A batch that then rolls back finds it again when pulled again: the
        open copy this PC already made is taken, not a second one, and shows what was found
        this time."""
        with engine.begin() as conn:
            merger = Merger(conn, pc_id)
            found = merger.open_copy(conflict)
            if found is None:
                return merger.record(conflict)
            merger.refresh(found, conflict)
            return found

    with engine.connect() as server, local.write() as session:  # what was kept, first
        result.applied += _keeper(session, server, office, record).retry()
        faults.before_pull_commit()
    while True:
        with local.read() as session:
            binding = session.get(SyncBinding, 1)
            cursor = (binding.cursor_xid, binding.cursor_seq)
        with engine.connect() as server:
            rows = _next_batch(server, cursor, batch)
            if not rows:
                return result
            with local.write() as session:
                keeper = _keeper(session, server, office, record)
                for row in rows:
                    fields = row["fields"]
                    if isinstance(fields, str):
                        fields = json.loads(fields)
                    result.changes += 1
                    result.applied += keeper.apply(
                        ServerChange(
                            row["table_name"],
                            row["uid"],
                            row["version"],
                            row["op"],
                            fields,
                            own=row["pc_id"] == pc_id,
                        )
                    )
                last = rows[-1]
                binding = session.get(SyncBinding, 1)
                binding.cursor_xid = int(last["xid"])
                binding.cursor_seq = int(last["seq"])
                faults.before_pull_commit()
        faults.after_pull_batch()


def _next_batch(server: Connection, cursor: tuple[int, int], count: int) -> list[Any]:
    """The next server changes after ``cursor``: at most ``count`` of them, holding no more than
    ``tables.BATCH_BYTES`` of change data (at least one, whatever its size)."""
    stored = server.execute(NEXT, {"xid": str(cursor[0]), "seq": cursor[1], "n": count}).all()
    seqs = tables.within((seq, int(size)) for seq, size in stored)
    if not seqs:
        return []
    rows = server.execute(PULL, {"seqs": seqs, "limit": tables.BATCH_BYTES}).mappings().all()
    return [row for row in rows if row["fields"] is not None]


def _keeper(
    session: Session, server: Connection, office: str, record: Callable[[Conflict], int]
) -> Keeper:
    session.info[APPLYING] = True
    session.info["operator"] = f"同步（{office}）"
    return Keeper(session, LocalApplier(session, server), record)
