"""Conflicts as the clerk decides them: listed with both values side by side (identity numbers
masked unless asked for in full), kept ``mine`` or ``theirs`` here (or, for the same number
registered twice, ``apart``: two households, one number mistyped), and carried out at the next
sync, when the server can be asked for its current values.

What each decision does is in ``decisions``; ``send_decisions`` is kept here by its old name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from unionapp.database import Database
from unionapp.models import SyncConflict
from unionapp.schema import ALL_SPECS
from unionapp.sync.decisions import send_decisions
from unionapp.sync.errors import SyncRefused
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
    if keep not in ("mine", "theirs", "apart"):
        raise SyncRefused(
            "只能选择保留本机（mine）、保留服务器（theirs），或同号的两户确是不同的两户（apart）"
        )
    with local.write() as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None or conflict.done:
            raise SyncRefused(f"没有编号为 {conflict_id} 的未决冲突")
        if keep == "apart" and conflict.kind != "duplicate":
            raise SyncRefused("“两户不同”只用于同一身份证号（信用代码）登记了两次的冲突")
        if conflict.kind == "number" and keep == "mine":
            raise SyncRefused(
                "这个档案编号已被本街道另一份档案使用，只能为本机的这份档案重新编号（--keep theirs）"
            )
        conflict.resolution = keep


__all__ = [
    "KINDS",
    "OpenConflict",
    "decide",
    "open_conflicts",
    "revealed_conflicts",
    "send_decisions",
]
