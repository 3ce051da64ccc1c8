"""One pushed change applied to the server, field by field, inside the push's transaction.

A change names the server version it was based on. Fields nobody else changed since then are
applied; a field someone else changed to the same value is no conflict; a field someone else
changed to another value is a conflict the clerk decides (the server keeps its value until
then); an edit against a delete is a conflict either way. The PC's own earlier changes never
count against it (a PC edits a record twice before it syncs). Nothing is lost silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, text
from sqlalchemy.exc import IntegrityError

from unionapp.sync import tables

FORCED = -1  # base version of a change the clerk chose to keep over the server's


HOLDING_KINDS = ("duplicate", "number")  # their record waits for the clerk


@dataclass(frozen=True)
class Change:
    change_id: str
    table_name: str
    uid: str
    op: str
    base_version: int
    data: dict[str, Any]


@dataclass
class Conflict:
    table_name: str
    uid: str
    field: str
    kind: str  # edit / delete / duplicate / number / other_office
    mine: Any
    theirs: Any
    label: str = ""
    server_id: int = 0
    change_id: str = ""  # the pushed change that found it


@dataclass
class Outcome:
    applied: bool = False  # False: a replay the server had seen
    held: bool = False  # not applied until the clerk decides (duplicate, number)
    conflicts: list[Conflict] = field(default_factory=list)


class Merger:
    """Applies a PC's changes on the server connection (an office role's)."""

    def __init__(self, conn: Connection, pc_id: str) -> None:
        self.conn = conn
        self.pc_id = pc_id
        self._ids: dict[tuple[str, str], int | None] = {}

    # Identities -----------------------------------------------------------------------
    def id_of(self, table_name: str, uid: str | None) -> int | None:
        if uid is None:
            return None
        key = (table_name, uid)
        if key not in self._ids:
            found = self.conn.execute(
                text(f"SELECT id FROM {table_name} WHERE uid = :u"), {"u": uid}
            ).scalar()
            self._ids[key] = found
        return self._ids[key]

    def uid_of(self, table_name: str, row_id: int | None) -> str | None:
        if row_id is None:
            return None
        return self.conn.execute(
            text(f"SELECT uid FROM {table_name} WHERE id = :i"), {"i": row_id}
        ).scalar()

    def stored(self, name: str, data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """A change's fields as the server stores them; the parents it names that are gone."""
        table = tables.table(name)
        links = tables.parents(name)
        values, missing = {}, []
        for key, value in data.items():
            if key not in table.c or key in tables.BOOKKEEPING:
                continue
            if key in links:
                parent = self.id_of(links[key], value)
                if value is not None and parent is None:
                    missing.append(key)
                values[key] = parent
            else:
                values[key] = tables.decode(table.c[key], value)
        return values, missing

    def travelled(self, name: str, row: dict[str, Any]) -> dict[str, Any]:
        """A server row's fields as changes carry them (parents by uid)."""
        links = tables.parents(name)
        return {
            key: self.uid_of(links[key], row[key]) if key in links else tables.encode(row[key])
            for key in tables.fields(name)
            if key in row
        }

    # Applying ---------------------------------------------------------------------------
    def apply(self, change: Change, guarded: bool = True) -> Outcome:
        """Apply one change. ``guarded``: in a savepoint of its own, so that one taking a
        natural key another record holds becomes a held conflict and the batch goes on.
        Unguarded, such a change raises IntegrityError and leaves the transaction failed: the
        caller holds a savepoint over the page, rolls back to it and applies the page again
        guarded (see push)."""
        # one round trip: the change is marked applied, and the server's change log (written by
        # triggers) told which change its rows come from; a replay changes nothing after this
        first = self.conn.execute(
            text(
                "WITH applied AS (INSERT INTO applied_change (change_id, pc_id) VALUES (:c, :p) "
                "ON CONFLICT (change_id) DO NOTHING RETURNING change_id) "
                "SELECT (SELECT change_id FROM applied), set_config('unionapp.change_id', :c, true)"
            ),
            {"c": change.change_id, "p": self.pc_id},
        ).one()
        if first[0] is None:  # a replay: the answer to the first push was lost, say it again
            return self._replayed(change.change_id)
        table = tables.table(change.table_name)
        row = self._row(table, change.uid)
        if not guarded:
            outcome = self._applied(table, change, row)
        else:
            savepoint = self.conn.begin_nested()  # one change that fails never fails the batch
            try:
                outcome = self._applied(table, change, row)
            except IntegrityError:
                savepoint.rollback()
                self._ids.pop((change.table_name, change.uid), None)
                label = label_of(change.table_name, row or change.data)
                taken = self._natural_duplicate(change, label)
                if taken is None:  # not a natural key another record holds: a fault to report
                    raise
                outcome = Outcome(held=True, conflicts=[taken])
            else:
                savepoint.commit()
        outcome.applied = True
        for conflict in outcome.conflicts:
            conflict.change_id = change.change_id
        return outcome

    def _applied(self, table: Table, change: Change, row: dict[str, Any] | None) -> Outcome:
        if change.op == "insert":
            return self._insert(table, change) if row is None else self._update(table, change, row)
        if change.op == "update":
            return self._update(table, change, row)
        return self._delete(table, change, row)

    def _replayed(self, change_id: str) -> Outcome:
        """What the first application of ``change_id`` found: its conflicts still open (the PC
        never heard of them when the connection dropped after the server's commit)."""
        rows = self.conn.execute(
            text(
                "SELECT id, table_name, uid, field, kind, mine, theirs, label FROM server_conflict "
                "WHERE change_id = :c AND resolution IS NULL ORDER BY id"
            ),
            {"c": change_id},
        ).mappings()
        conflicts = [
            Conflict(
                row["table_name"],
                row["uid"],
                row["field"],
                row["kind"],
                row["mine"],
                row["theirs"],
                row["label"],
                server_id=int(row["id"]),
            )
            for row in rows
        ]
        return Outcome(
            applied=False,
            held=any(c.kind in HOLDING_KINDS for c in conflicts),
            conflicts=conflicts,
        )

    def _row(self, table: Table, uid: str) -> dict[str, Any] | None:
        found = self.conn.execute(
            text(f"SELECT * FROM {table.name} WHERE uid = :u FOR UPDATE"), {"u": uid}
        )
        row = found.mappings().first()
        return dict(row) if row is not None else None

    def _changed_by_others(self, change: Change) -> set[str]:
        if change.base_version == FORCED:
            return set()
        rows = self.conn.execute(
            text(
                "SELECT fields, op FROM server_change WHERE table_name = :t AND uid = :u "
                "AND version > :b AND pc_id IS DISTINCT FROM :p"
            ),
            {"t": change.table_name, "u": change.uid, "b": change.base_version, "p": self.pc_id},
        )
        changed: set[str] = set()
        for fields, _op in rows:
            changed |= set(fields if isinstance(fields, dict) else json.loads(fields))
        return changed

    def _insert(self, table: Table, change: Change) -> Outcome:
        outcome = Outcome()
        label = label_of(change.table_name, change.data)
        natural = self._natural_duplicate(change, label)
        if natural is not None:
            outcome.conflicts.append(natural)
            outcome.held = True
            return outcome
        values, missing = self.stored(change.table_name, change.data)
        if missing:
            outcome.conflicts.append(
                Conflict(
                    change.table_name, change.uid, missing[0], "delete", change.data, None, label
                )
            )
            outcome.held = True
            return outcome
        other = self._other_office(change)
        if other:
            outcome.conflicts.append(
                Conflict(
                    change.table_name,
                    change.uid,
                    "id_number",
                    "other_office",
                    change.data.get("id_number"),
                    other,
                    label,
                )
            )
        columns = ", ".join(["uid", *values])
        marks = ", ".join([":uid", *(f":{key}" for key in values)])
        self.conn.execute(
            text(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})"),
            dict(values, uid=change.uid),
        )
        self._ids.pop((change.table_name, change.uid), None)  # looked up again when named
        return outcome

    def _natural_duplicate(self, change: Change, label: str) -> Conflict | None:
        """The same family or enterprise registered twice in the office: both kept apart until
        the clerk says they are one (see conflicts.resolve); an archive number taken twice."""
        checks = {
            "family": [("id_number", "duplicate"), ("archive_no", "number")],
            "enterprise": [("credit_code", "duplicate")],
        }
        for column, kind in checks.get(change.table_name, []):
            value = change.data.get(column)
            if not value:
                continue
            found = (
                self.conn.execute(
                    text(f"SELECT * FROM {change.table_name} WHERE {column} = :v AND uid <> :u"),
                    {"v": value, "u": change.uid},
                )
                .mappings()
                .first()
            )
            if found is not None:
                theirs = {"uid": found["uid"], "label": label_of(change.table_name, found)}
                return Conflict(change.table_name, change.uid, column, kind, value, theirs, label)
        return None

    def _other_office(self, change: Change) -> str | None:
        number = change.data.get("id_number") if change.table_name == "family" else None
        if not number:
            return None
        return self.conn.execute(text("SELECT unionapp_other_office(:n)"), {"n": number}).scalar()

    def _update(self, table: Table, change: Change, row: dict[str, Any] | None) -> Outcome:
        outcome = Outcome()
        label = label_of(change.table_name, row or change.data)
        if row is None:  # deleted on the server since: the clerk decides
            outcome.conflicts.append(
                Conflict(change.table_name, change.uid, "", "delete", change.data, None, label)
            )
            return outcome
        others = self._changed_by_others(change)
        current = self.travelled(change.table_name, row)
        apply = {}
        for key, mine in change.data.items():
            if key not in others or tables.same(current.get(key), mine):
                apply[key] = mine
            else:
                outcome.conflicts.append(
                    Conflict(
                        change.table_name, change.uid, key, "edit", mine, current.get(key), label
                    )
                )
        values, missing = self.stored(change.table_name, apply)
        for key in missing:  # a parent deleted on the server: keep theirs, say so
            values.pop(key)
            outcome.conflicts.append(
                Conflict(change.table_name, change.uid, key, "delete", apply[key], None, label)
            )
        values = {
            k: v
            for k, v in values.items()
            if not tables.same(tables.encode(row.get(k)), tables.encode(v))
        }
        if values:
            sets = ", ".join(f"{key} = :{key}" for key in values)
            self.conn.execute(
                text(f"UPDATE {table.name} SET {sets} WHERE uid = :uid"),
                dict(values, uid=change.uid),
            )
        return outcome

    def _delete(self, table: Table, change: Change, row: dict[str, Any] | None) -> Outcome:
        outcome = Outcome()
        if row is None:
            return outcome  # gone already
        others = self._changed_by_others(change)
        if others:
            current = self.travelled(change.table_name, row)
            theirs = {key: current.get(key) for key in sorted(others) if key in current}
            outcome.conflicts.append(
                Conflict(
                    change.table_name,
                    change.uid,
                    "",
                    "delete",
                    None,
                    theirs,
                    label_of(change.table_name, row),
                )
            )
            return outcome
        self.conn.execute(text(f"DELETE FROM {table.name} WHERE uid = :u"), {"u": change.uid})
        return outcome

    def open_copy(self, conflict: Conflict) -> int | None:
        """The id of an open conflict this PC already recorded for the same record, kind and
        field, if there is one."""
        found = self.conn.execute(
            text(
                "SELECT id FROM server_conflict WHERE pc_id = :p AND uid = :u AND kind = :k "
                "AND field = :f AND resolution IS NULL ORDER BY id LIMIT 1"
            ),
            {"p": self.pc_id, "u": conflict.uid, "k": conflict.kind, "f": conflict.field},
        ).scalar()
        return int(found) if found is not None else None

    def refresh(self, server_id: int, conflict: Conflict) -> None:
        """An open copy found again shows what this PC found now (the record it clashes with
        may have been edited or be another one), as the PC's own conflict does."""
        self.conn.execute(
            text(
                "UPDATE server_conflict SET mine = CAST(:m AS jsonb), theirs = CAST(:th AS jsonb), "
                "label = :l WHERE id = :i AND pc_id = :p AND resolution IS NULL"
            ),
            {
                "i": server_id,
                "p": self.pc_id,
                "m": json.dumps(conflict.mine, ensure_ascii=False),
                "th": json.dumps(conflict.theirs, ensure_ascii=False),
                "l": conflict.label,
            },
        )

    def record(self, conflict: Conflict) -> int:
        """The conflict on the server too (the district sees what its offices decide)."""
        return int(
            self.conn.execute(
                text(
                    "INSERT INTO server_conflict (pc_id, change_id, table_name, uid, field, kind, "
                    "mine, theirs, label) VALUES (:p, :c, :t, :u, :f, :k, CAST(:m AS jsonb), "
                    "CAST(:th AS jsonb), :l) RETURNING id"
                ),
                {
                    "p": self.pc_id,
                    "c": conflict.change_id,
                    "t": conflict.table_name,
                    "u": conflict.uid,
                    "f": conflict.field,
                    "k": conflict.kind,
                    "m": json.dumps(conflict.mine, ensure_ascii=False),
                    "th": json.dumps(conflict.theirs, ensure_ascii=False),
                    "l": conflict.label,
                },
            ).scalar()
        )


LABEL_FIELDS = {
    "enterprise": ("name",),
    "family": ("worker_name", "archive_no"),
    "household_member": ("name",),
    "training": ("title",),
    "attendee": ("name",),
    "service_unit": ("name",),
    "setting": ("key",),
    "ownership_type": ("name",),
}


def label_of(name: str, row: Any) -> str:
    """A record as the clerk knows it (a family's name and 档案编号)."""
    parts = [str(row.get(key) or "") for key in LABEL_FIELDS.get(name, ())]
    parts = [part for part in parts if part]
    if not parts:
        return ""
    return parts[0] + (f"（{'，'.join(parts[1:])}）" if parts[1:] else "")
