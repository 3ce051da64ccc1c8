"""The PC's change log: every insert, update and delete of a synced record, written in the same
transaction as the change itself, with only the fields whose value changed.

Installed on the database's sessions like the audit log (``install``); it records only once
the database is bound to an office (``RECORDING`` in ``session.info``, set by the Database),
and never while a pull applies the server's changes (``APPLYING``). Writes that bypass the
ORM (imports, undo) call ``record_rows``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import ColumnProperty, Session, UOWTransaction

from unionapp.models import SyncChange
from unionapp.models.ids import uuid7
from unionapp.sync import tables

RECORDING = "sync_recording"  # session.info: the database is bound to an office
APPLYING = "sync_applying"  # session.info: these writes come from the server


class ParentUids:
    """Parents' uids by id, looked up once per flush."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.known: dict[tuple[str, int], str] = {}

    def of(self, table_name: str, row_id: Any) -> str | None:
        if row_id is None:
            return None
        key = (table_name, int(row_id))
        if key not in self.known:
            parent = tables.table(table_name)
            found = self.session.connection().execute(
                select(parent.c.uid).where(parent.c.id == int(row_id))
            )
            self.known[key] = found.scalar()
        return self.known[key]

    def preload(self, table_name: str, row_ids: Iterable[Any]) -> None:
        """Look up many parents' uids at once (an import's members name thousands)."""
        wanted = sorted(
            {int(i) for i in row_ids if i is not None}
            - {k for t, k in self.known if t == table_name}
        )
        parent = tables.table(table_name)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found = self.session.connection().execute(
                select(parent.c.id, parent.c.uid).where(parent.c.id.in_(chunk))
            )
            for row_id, uid in found:
                self.known[(table_name, int(row_id))] = uid

    def encode_row(self, table_name: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """The fields of a row as a change carries them: parents by uid."""
        links = tables.parents(table_name)
        data = {}
        for key, value in values.items():
            if key in tables.BOOKKEEPING or key not in tables.fields(table_name):
                continue
            data[key] = self.of(links[key], value) if key in links else tables.encode(value)
        return data


def _synced(obj: object) -> str | None:
    name = getattr(getattr(obj, "__table__", None), "name", None)
    if name not in tables.ORDER:
        return None
    if name == "setting" and getattr(obj, "key", "") not in tables.SHARED_SETTINGS:
        return None
    return name


def _columns(obj: object) -> list[str]:
    mapper = inspect(obj).mapper
    return [p.key for p in mapper.iterate_properties if isinstance(p, ColumnProperty)]


def _changed(obj: object) -> dict[str, Any]:
    state = inspect(obj)
    changed = {}
    for key in _columns(obj):
        if key in tables.BOOKKEEPING:
            continue
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if tables.encode(old) != tables.encode(new):
            changed[key] = new
    return changed


def _entry(name: str, uid: str, op: str, base: int, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "change_id": uuid7(),
        "table_name": name,
        "uid": uid,
        "op": op,
        "base_version": base,
        "data": tables.dumps(data),
        "sent": False,
    }


def record_changes(session: Session, _flush: UOWTransaction) -> None:
    if not session.info.get(RECORDING) or session.info.get(APPLYING):
        return
    uids = ParentUids(session)
    inserts, updates, deletes = [], [], []
    for obj in session.new:
        name = _synced(obj)
        if name:
            values = {key: getattr(obj, key) for key in _columns(obj)}
            data = {k: v for k, v in uids.encode_row(name, values).items() if v is not None}
            inserts.append(_entry(name, obj.uid, "insert", 0, data))  # type: ignore[attr-defined]
    for obj in session.dirty:
        name = _synced(obj)
        if name and session.is_modified(obj, include_collections=False):
            changed = _changed(obj)
            if changed:
                data = uids.encode_row(name, changed)
                base = obj.sync_version or 0  # type: ignore[attr-defined]
                updates.append(_entry(name, obj.uid, "update", base, data))  # type: ignore[attr-defined]
    for obj in session.deleted:
        name = _synced(obj)
        if name:
            base = obj.sync_version or 0  # type: ignore[attr-defined]
            deletes.append(_entry(name, obj.uid, "delete", base, {}))  # type: ignore[attr-defined]
    # Parents go up before their children, children are deleted before their parents.
    inserts.sort(key=lambda e: tables.ORDER[e["table_name"]])
    deletes.sort(key=lambda e: -tables.ORDER[e["table_name"]])
    write(session, inserts + updates + deletes)


def write(session: Session, entries: list[dict[str, Any]]) -> None:
    if entries:
        session.connection().execute(insert(SyncChange.__table__), entries)


def recording(session: Session) -> bool:
    """Whether this session's writes go into the change log (bound, and not a pull)."""
    return bool(session.info.get(RECORDING)) and not session.info.get(APPLYING)


def record_rows(
    session: Session, table_name: str, op: str, rows: Iterable[Mapping[str, Any]]
) -> None:
    """Rows written through Core (imports, undo): each must carry its ``uid``; an insert's
    values are its whole row, an update's only the changed fields."""
    if not recording(session) or table_name not in tables.ORDER:
        return
    rows = list(rows)
    if op == "insert":  # the whole row, as the server must store it: defaults included
        defaults = _scalar_defaults(table_name)
        rows = [{**defaults, **row} for row in rows]
    uids = ParentUids(session)
    for column, parent in tables.parents(table_name).items():
        uids.preload(parent, (row.get(column) for row in rows))
    entries = []
    for row in rows:
        data = {k: v for k, v in uids.encode_row(table_name, row).items() if v is not None}
        base = int(row.get("sync_version") or 0)
        entries.append(_entry(table_name, str(row["uid"]), op, base, data))
    write(session, entries)


def _scalar_defaults(table_name: str) -> dict[str, Any]:
    """The plain default values of a table's columns (what a Core insert fills in)."""
    return {
        column.key: column.default.arg
        for column in tables.table(table_name).columns
        if column.default is not None and column.default.is_scalar
    }


def record_restored(session: Session, table_name: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Rows an undo put back go up again as inserts, after the delete. A delete still waiting
    here may have reached the server all the same (a push whose answer was lost): the push
    asks the server, and drops the pair when it never had the delete (``push.undone_pairs``);
    otherwise the next sync would bring the delete back down."""
    if not recording(session) or table_name not in tables.ORDER:
        return
    record_rows(session, table_name, "insert", list(rows))


def install(sessionmaker_: Any) -> None:
    from sqlalchemy import event

    event.listen(sessionmaker_, "after_flush", record_changes)
