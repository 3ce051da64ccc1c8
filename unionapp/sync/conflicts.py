"""Conflicts as the clerk decides them: listed with both values side by side (identity numbers
masked unless asked for in full), kept ``mine`` or ``theirs`` here, and carried out at the next
sync, when the server can be asked for its current values.

What each decision does:
- edit: mine sends the field's value here to the server over theirs; theirs takes the
  server's current value here;
- delete: an edit here against a delete there: mine puts the record back on the server,
  theirs deletes it here; a delete here against an edit there: mine deletes it on the server,
  theirs brings the record back here;
- duplicate (the same ID number or credit code registered twice in the office): both make the
  two one record (here it takes the server's identity, its children follow); mine keeps the
  values here, theirs the server's;
- number (an archive number another PC of the office used first): theirs gives the record
  here a new number (the old one kept as 原档案编号); mine cannot be;
- other_office (a family with this ID number is on file in another office): noted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session

from unionapp.database import Database
from unionapp.models import SyncChange, SyncConflict
from unionapp.models.ids import uuid7
from unionapp.schema import ALL_SPECS
from unionapp.sync import tables
from unionapp.sync.errors import SyncRefused
from unionapp.sync.merge import FORCED
from unionapp.sync.pull import LocalApplier
from unionapp.sync.recorder import APPLYING, ParentUids
from unionapp.validation.idcard import mask_id_number, mask_phone

KINDS = {
    "edit": "同一项两边都改了",
    "delete": "一边修改、一边删除",
    "duplicate": "同一人（单位）登记了两次",
    "number": "档案编号已被本街道另一份档案使用",
    "other_office": "其他街道也有此身份证号的档案",
}
_SENSITIVE = {
    spec.model.__tablename__: {f.key: f.kind for f in spec.fields if f.sensitive}
    for spec in ALL_SPECS
}


@dataclass(frozen=True)
class OpenConflict:
    id: int
    table: str
    record: str  # the record's uid
    label: str
    field: str
    kind: str
    mine: Any
    theirs: Any

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "table": self.table,
            "record": self.record,
            "field": self.field,
            "mine": self.mine,
            "theirs": self.theirs,
            "kind": self.kind,
        }


def _masked(table: str, field: str, value: Any) -> Any:
    kind = _SENSITIVE.get(table, {}).get(field)
    if isinstance(value, dict):
        return {k: _masked(table, k, v) for k, v in value.items()}
    if kind is None or not isinstance(value, str):
        return value
    if kind == "idcard":
        return mask_id_number(value)
    if kind == "date":
        return value[:4]
    return mask_phone(value)


def open_conflicts(local: Database, *, full: bool = False) -> list[OpenConflict]:
    with local.read() as session:
        rows = session.scalars(
            select(SyncConflict).where(SyncConflict.done.is_(False)).order_by(SyncConflict.id)
        ).all()
    found = []
    for row in rows:
        mine, theirs = json.loads(row.mine), json.loads(row.theirs)
        if not full:
            mine = _masked(row.table_name, row.field, mine)
            if row.kind != "other_office":  # theirs is then the other office's name
                theirs = _masked(row.table_name, row.field, theirs)
        found.append(
            OpenConflict(
                row.id, row.table_name, row.uid, row.label, row.field, row.kind, mine, theirs
            )
        )
    return found


def revealed_conflicts(local: Database) -> list[OpenConflict]:
    """The open conflicts with identity numbers in full, the showing written to the audit log
    first (as ``conflicts --full`` does); a read-only database refuses."""
    from unionapp.audit.recording import record_event

    if local.read_only:
        raise SyncRefused("只读方式下不能显示完整号码（无法记入操作日志）")
    found = open_conflicts(local, full=True)
    with local.write() as session:
        record_event(
            session,
            "sync_conflict",
            "disclose",
            {"内容": "同步冲突中的完整身份证号", "条数": len(found)},
        )
    return found


def decide(local: Database, conflict_id: int, keep: str) -> None:
    """The clerk's decision; carried out at the next sync."""
    if keep not in ("mine", "theirs"):
        raise SyncRefused("只能选择保留本机（mine）或保留服务器（theirs）")
    with local.write() as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None or conflict.done:
            raise SyncRefused(f"没有编号为 {conflict_id} 的未决冲突")
        if conflict.kind == "number" and keep == "mine":
            raise SyncRefused(
                "这个档案编号已被本街道另一份档案使用，只能为本机的这份档案重新编号（--keep theirs）"
            )
        conflict.resolution = keep


def send_decisions(local: Database, engine: Engine, pc_id: str) -> int:
    """Carry out the decisions taken since the last sync; returns how many."""
    with local.read() as session:
        decided = session.scalars(
            select(SyncConflict).where(SyncConflict.done.is_(False), SyncConflict.resolution != "")
        ).all()
    for conflict in decided:
        with engine.begin() as server, local.write() as session:
            session.execute(  # first: a decided field is no longer held against the server
                update(SyncConflict).where(SyncConflict.id == conflict.id).values(done=True)
            )
            _carry_out(session, server, conflict)
            server.execute(
                text(
                    "UPDATE server_conflict SET resolution = :r, resolved_at = now() WHERE id = :i"
                ),
                {"r": conflict.resolution, "i": conflict.server_id},
            )
    return len(decided)


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
            if row is not None:
                _drop_pending(session, server, uid)  # the edits here go with it
                applier = LocalApplier(_applying(session), server)
                applier.apply(name, uid, row.get("sync_version") or 0, "delete", {})
                session.info[APPLYING] = False
            return
        if row is not None:
            _push_again(session, server, name, row)
        return
    if conflict.kind == "duplicate":
        _merge_identity(session, server, conflict, keep)
        return
    if conflict.kind == "number":
        _renumber(session, name, uid)


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
    """Two registrations of one family (enterprise) become one: the record here takes the
    server's uid; what waits to go up names it by that uid."""
    name, old = conflict.table_name, conflict.uid
    theirs = json.loads(conflict.theirs) or {}
    new = theirs.get("uid")
    if not new:
        return
    table = tables.table(name)
    version = server.execute(
        text(f"SELECT version FROM {name} WHERE uid = :u"), {"u": new}
    ).scalar()
    if version is None:  # theirs is gone since: mine simply goes up
        row = _local_row(session, name, old)
        if row is not None:
            _push_again(session, server, name, row)
        return
    session.execute(
        update(table).where(table.c.uid == old).values(uid=new, sync_version=int(version))
    )
    for change in session.scalars(select(SyncChange).where(SyncChange.sent.is_(False))):
        if old in change.data or change.uid == old:
            change.data = change.data.replace(old, new)
            change.uid = new if change.uid == old else change.uid
    if keep == "mine":
        row = _local_row(session, name, new)
        if row is not None:
            data = ParentUids(session).encode_row(name, row)
            _change(session, name, new, "update", FORCED, data)
        _bring_back(session, server, name, new)  # the other PC's members, aid … come here
    else:
        _take_theirs(session, server, name, new, set(tables.fields(name)))


def _renumber(session: Session, name: str, uid: str) -> None:
    from unionapp.services.archive import next_archive_numbers

    row = _local_row(session, name, uid)
    if row is None:
        return
    from datetime import date

    number = next_archive_numbers(session, date.today().year)[0]
    table = tables.table(name)
    session.execute(
        update(table)
        .where(table.c.uid == uid)
        .values(archive_no=number, old_archive_no=row["archive_no"])
    )
    row = _local_row(session, name, uid)
    if row is not None:
        data = {k: v for k, v in ParentUids(session).encode_row(name, row).items() if v is not None}
        _change(session, name, uid, "insert", 0, data)
