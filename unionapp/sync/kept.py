"""Pulled changes the PC could not apply yet, kept here to try again after the clerk decides.

A change from the server can break a rule of the PC's own database: a family's ID number or
archive number that a record here already has, a delete of an enterprise whose congress was
added here, a delete of a family a member added here (not yet sent) names. Such a change is
not skipped: it is kept in the change log (op ``pulled``, never sent), a conflict tells the
clerk what clashes, the server's later changes of the same record (and of records under it)
are kept behind it, and at every pull the kept changes are tried again in their order. A
kept change that now applies, or that the clerk's decision made moot, is dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from unionapp.models import SyncChange, SyncConflict
from unionapp.models.ids import uuid7
from unionapp.sync import tables
from unionapp.sync.merge import Conflict, label_of
from unionapp.sync.push import as_local
from unionapp.sync.recorder import ParentUids

if TYPE_CHECKING:
    from unionapp.sync.pull import LocalApplier

KEPT = "pulled"  # SyncChange.op of a pulled change kept here to retry
# The natural keys a record here can already hold: (column, conflict kind).
NATURAL = {
    "family": (("id_number", "duplicate"), ("archive_no", "number")),
    "enterprise": (("credit_code", "duplicate"),),
}


class Waits(Exception):
    """A server's delete of a record that a change waiting here names as its parent."""


@dataclass(frozen=True)
class ServerChange:
    table_name: str
    uid: str
    version: int
    op: str
    fields: dict[str, Any]
    own: bool = False  # pushed by this PC: it never brings back a record deleted here


class Keeper:
    """Applies pulled changes through ``applier`` one savepoint each, keeping those that
    clash; ``record`` writes a new conflict on the server and returns its id there."""

    def __init__(
        self, session: Session, applier: LocalApplier, record: Callable[[Conflict], int]
    ) -> None:
        self.session = session
        self.applier = applier
        self.record = record
        kept = select(SyncChange.uid).where(SyncChange.op == KEPT)
        self.kept: set[str] = set(session.scalars(kept))

    def apply(self, change: ServerChange) -> bool:
        """True when the change altered a record here."""
        if self._behind_kept(change):
            self._keep(change)
            return False
        savepoint = self.session.begin_nested()
        try:
            applied = self.applier.apply(
                change.table_name, change.uid, change.version, change.op, change.fields, change.own
            )
        except Waits:
            savepoint.rollback()
            self._hold_delete(change)
            return False
        except IntegrityError:
            savepoint.rollback()
            if not self._hold_clash(change) and not (
                change.op == "delete" and self._hold_delete(change)
            ):
                raise
            return False
        savepoint.commit()
        return bool(applied)

    def retry(self) -> int:
        """The kept changes tried again, in the order they came; returns how many applied."""
        rows = self.session.scalars(
            select(SyncChange).where(SyncChange.op == KEPT).order_by(SyncChange.id)
        ).all()
        changes = self._as_now([_unkept(row) for row in rows])
        self.session.execute(delete(SyncChange).where(SyncChange.op == KEPT))
        self.kept = set()
        self.applier.forget()
        applied = 0
        for _round in range(2):  # a record whose parent came later in the list: once more
            orphans = []
            for change in changes:
                if self._undone(change):
                    continue
                applied += self.apply(change)
                if change.op == "insert" and self._orphan(change):
                    orphans.append(change)
            changes = orphans
        return applied

    def _orphan(self, change: ServerChange) -> bool:
        """An insert not applied because its parent is not here (yet)."""
        if change.uid in self.kept or self.applier.local_id(change.table_name, change.uid):
            return False
        return self.applier.values(change.table_name, change.fields) is None

    def _as_now(self, changes: list[ServerChange]) -> list[ServerChange]:
        """A record's kept inserts and edits as one change: the record as the server has it
        now, where its first one was. Replayed one by one they would pass again through the
        state that clashed here (a number since corrected on the server by the PC that
        mistyped it); gone from the server, they are dropped. Deletes stay as they came."""
        server = self.applier.server
        if server is None:
            return changes
        now: list[ServerChange] = []
        done: set[str] = set()
        for change in changes:
            if change.op == "delete":
                now.append(change)
                continue
            if change.uid in done:
                continue
            done.add(change.uid)
            found = self.applier.fetch_versioned(change.table_name, change.uid)
            if found is None:
                continue
            fields, version = found
            here = self.applier.local_id(change.table_name, change.uid) is not None
            op = "update" if here else "insert"
            now.append(ServerChange(change.table_name, change.uid, version, op, fields))
        return now

    def _undone(self, change: ServerChange) -> bool:
        """A kept delete of a record the server has again (the clerk kept it here)."""
        server = self.applier.server
        if change.op != "delete" or server is None:
            return False
        again = f"SELECT 1 FROM {change.table_name} WHERE uid = :u"
        return server.execute(text(again), {"u": change.uid}).first() is not None

    # Keeping ---------------------------------------------------------------------------------
    def _behind_kept(self, change: ServerChange) -> bool:
        if change.uid in self.kept:
            return True
        links = tables.parents(change.table_name)
        return any(change.fields.get(column) in self.kept for column in links)

    def _keep(self, change: ServerChange) -> None:
        data = {"op": change.op, "fields": change.fields}
        self.session.add(
            SyncChange(
                change_id=uuid7(),
                table_name=change.table_name,
                uid=change.uid,
                op=KEPT,
                base_version=change.version,
                data=tables.dumps(data),
                sent=True,  # never pushed, never counted as waiting to go up
            )
        )
        self.session.flush()
        self.kept.add(change.uid)

    def _hold_clash(self, change: ServerChange) -> bool:
        """A record here already has a natural key the change sets: a duplicate (or a taken
        archive number) of the record here, decided by the clerk."""
        for column, kind in NATURAL.get(change.table_name, ()):
            value = change.fields.get(column)
            if not value:
                continue
            table = tables.table(change.table_name)
            here = (
                self.session.execute(
                    select(table).where(table.c[column] == value, table.c.uid != change.uid)
                )
                .mappings()
                .first()
            )
            if here is None:
                continue
            theirs = {"uid": change.uid, "label": label_of(change.table_name, change.fields)}
            self._open(
                Conflict(
                    change.table_name,
                    str(here["uid"]),
                    column,
                    kind,
                    value,
                    theirs,
                    label_of(change.table_name, here),
                ),
                same_field=True,
            )
            self._keep(change)
            return True
        return False

    def _hold_delete(self, change: ServerChange) -> bool:
        """The server deleted a record that records here still name: the clerk keeps it
        (it goes back up) or takes the delete (with what is under it here)."""
        table = tables.table(change.table_name)
        row = (
            self.session.execute(select(table).where(table.c.uid == change.uid)).mappings().first()
        )
        if row is None:
            return False
        named = f'%"{change.uid}"%'
        naming = self.session.scalar(
            select(SyncConflict.id)
            .where(SyncConflict.done.is_(False), SyncConflict.mine.like(named))
            .limit(1)
        )
        if naming is None:
            mine = {
                k: v
                for k, v in ParentUids(self.session).encode_row(change.table_name, row).items()
                if v is not None
            }
            label = label_of(change.table_name, row)
            self._open(Conflict(change.table_name, change.uid, "", "delete", mine, None, label))
        self._keep(change)
        return True

    def _open(self, conflict: Conflict, *, same_field: bool = False) -> None:
        """A conflict for the clerk, unless one open already says the same."""
        query = select(SyncConflict.id).where(
            SyncConflict.done.is_(False),
            SyncConflict.uid == conflict.uid,
            SyncConflict.kind == conflict.kind,
        )
        if same_field:
            query = query.where(SyncConflict.field == conflict.field)
        if self.session.scalar(query.limit(1)) is not None:
            return
        conflict.server_id = self.record(conflict)
        self.session.add(as_local(conflict))
        self.session.flush()


def _unkept(row: SyncChange) -> ServerChange:
    data = json.loads(row.data)
    return ServerChange(row.table_name, row.uid, row.base_version, data["op"], data["fields"])
