"""The audit log as the clerk reads it: each change under its field's label, values shown as
the lists show them (¥1,500.00 not 150000, 是 not True, an enterprise by its name, not 72),
identity numbers as masked as they were stored."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.audit.imports import IMPORT, rows_of
from unionapp.models import AuditEntry, Enterprise
from unionapp.schema import ALL_SPECS, FieldSpec
from unionapp.schema.fields import display

SPECS_BY_TABLE = {spec.model.__tablename__: spec for spec in ALL_SPECS}
FIELDS_BY_TABLE = {
    table: {field.key: field for field in spec.fields} for table, spec in SPECS_BY_TABLE.items()
}
# Stored columns no form shows, named for the clerk.
COLUMN_LABELS = {
    "enterprise_id": "关联的普查企业",
    "family_id": "所属家庭",
    "session_id": "培训场次",
    "credit_code_confirmed": "信用代码已核对",
    "old_archive_no": "原档案编号",
    "data": "文件内容",
    "sha256": "文件校验值",
}
OTHER_TABLES = {
    "setting": "设置",
    "ownership_type": "经济类型",
    "target": "年度目标",
    "archive_sequence": "档案编号序号",
}
ACTIONS = {
    "insert": "新增",
    "update": "修改",
    "delete": "删除",
    "restore": "撤销删除",
    "import": "导入",
    "disclose": "导出或打印完整号码",
    "demo": "生成演示数据",
}
NO_OPERATOR = "（未设置操作员）"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        if not self.before:
            return f"{self.label}：{self.after}"
        if not self.after:
            return f"{self.label}：{self.before}（删除）"
        return f"{self.label}：{self.before} → {self.after}"


@dataclass(frozen=True)
class Entry:
    at: str
    operator: str
    table: str
    row_id: int
    action: str
    changes: tuple[Change, ...]

    @property
    def summary(self) -> str:
        return "；".join(str(change) for change in self.changes)


def table_label(table: str) -> str:
    spec = SPECS_BY_TABLE.get(table)
    return spec.label if spec is not None else OTHER_TABLES.get(table, table)


def _stored(spec: FieldSpec, value: Any) -> Any:
    """A value as the log stored it (JSON), back in the type the field displays."""
    if spec.kind_of.name == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


class Reader:
    """Turns log entries into readable ones; enterprise names are looked up once each."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._names: dict[int, str] = {}

    def _enterprise(self, value: Any) -> str:
        if not isinstance(value, int):
            return str(value)
        if value not in self._names:
            name = self.session.scalar(select(Enterprise.name).where(Enterprise.id == value))
            self._names[value] = name or f"编号 {value}（已删除）"
        return self._names[value]

    def _text(self, table: str, key: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        field = FIELDS_BY_TABLE.get(table, {}).get(key)
        if key == "enterprise_id" or (field is not None and field.kind_of.name == "enterprise"):
            return self._enterprise(value)
        if field is not None:
            try:
                return display(field, _stored(field, value))  # masked as the lists mask
            except (TypeError, ValueError, ArithmeticError):
                return str(value)
        if isinstance(value, bool):
            return "是" if value else "否"
        return str(value)

    def _label(self, table: str, key: str) -> str:
        field = FIELDS_BY_TABLE.get(table, {}).get(key)
        return field.label if field is not None else COLUMN_LABELS.get(key, key)

    def changes(self, table: str, stored: dict[str, list[Any]]) -> tuple[Change, ...]:
        return tuple(
            Change(
                self._label(table, key), self._text(table, key, old), self._text(table, key, new)
            )
            for key, (old, new) in stored.items()
            if key != "id"  # the record's number has its own column
        )

    def imported(self, entry: AuditEntry) -> tuple[Change, ...]:
        """An import entry: the file and the records; for one record, its values."""
        source, keys, rows = rows_of(entry)
        if len(rows) == 1:  # one record's row: its values, blanks left out as for an insert
            values = {
                key: [None, value]
                for key, value in zip(keys, rows[0], strict=True)
                if value is not None and value != ""
            }
            return (Change("文件", "", source), *self.changes(entry.table_name, values))
        last = entry.row_id + len(rows) - 1
        return (
            Change("文件", "", source),
            Change("记录", "", f"{len(rows):,} 条（编号 {entry.row_id}–{last}）"),
        )

    def entry(self, entry: AuditEntry) -> Entry:
        if entry.action == IMPORT:
            changes = self.imported(entry)
        else:
            changes = self.changes(entry.table_name, json.loads(entry.changes or "{}"))
        return Entry(
            at=entry.at.strftime("%Y-%m-%d %H:%M:%S"),
            operator=entry.operator or NO_OPERATOR,
            table=table_label(entry.table_name),
            row_id=entry.row_id,
            action=ACTIONS.get(entry.action, entry.action),
            changes=changes,
        )
