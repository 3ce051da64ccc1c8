"""What a planned import holds: the problems found, and the rows it would add and update."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unionapp.spreadsheets.kinds import ImportKind


@dataclass
class Problem:
    sheet: str
    row: int  # as Excel numbers it (1 = first row)
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"“{self.sheet}”第{self.row}行" if self.row else f"“{self.sheet}”"
        column = f"“{self.column}”列" if self.column else ""
        value = f"（值：{self.value}）" if self.value else ""
        return f"{where}{column}{value}：{self.reason}"


@dataclass
class PlannedRow:
    row: int
    values: dict[str, Any]
    existing_id: int | None = None
    children: list[dict[str, Any]] = field(default_factory=list)
    replace_children: bool = False


@dataclass
class ImportReport:
    kind: ImportKind
    path: Path
    update: bool
    problems: list[Problem] = field(default_factory=list)
    additions: list[PlannedRow] = field(default_factory=list)
    updates: list[PlannedRow] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    session_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"发现 {len(self.problems)} 个问题，未导入任何数据"
        text = f"将新增 {len(self.additions)} 条，更新 {len(self.updates)} 条"
        if self.extra_columns:
            text += f"；以下列不会导入：{'、'.join(self.extra_columns)}"
        return text


def shown(value: Any) -> str:
    """A cell's value as a problem quotes it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}" if abs(value) < 1e15 else f"{value:.6g}"
    return str(value).strip()[:60]
