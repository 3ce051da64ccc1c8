"""What a planned import holds: the problems found, and the rows it would add and update."""

from __future__ import annotations

from collections.abc import Sequence
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
        if not (self.row or self.column or self.value) and self.reason.startswith(
            f"“{self.sheet}”"
        ):
            return self.reason  # a whole-file problem already names the file
        where = f"“{self.sheet}”第{self.row}行" if self.row else f"“{self.sheet}”"
        column = f"“{self.column}”列" if self.column else ""
        value = f"（值：{self.value}）" if self.value else ""
        return f"{where}{column}{value}：{self.reason}"


class PlannedRow:
    """One row to add or update: its Excel row number, its cleaned values, the record on file
    it updates, and for a family its household members.

    A large import holds hundreds of thousands of these, so past its first rows (see
    ``Planner.planned``) the values are a tuple beside a tuple of field names that all rows of
    one shape share; before, they stay the dictionary they came in (handed over: the planner
    makes a new one for each row), which ``values`` copies three times as fast as it would
    make one from a tuple. A family's 44 values take 1,584 bytes as a dictionary and 392 as a
    tuple: 24 MB more for the first 20,000 rows."""

    __slots__ = ("_fields", "_values", "children", "existing_id", "replace_children", "row")

    def __init__(
        self,
        row: int,
        values: dict[str, Any],
        existing_id: int | None = None,
        fields: tuple[str, ...] | None = None,
    ) -> None:
        self.row = row
        self._fields = fields
        self._values: dict[str, Any] | tuple[Any, ...] = (
            values if fields is None else tuple(values.values())
        )
        self.existing_id = existing_id
        self.children: Sequence[dict[str, Any]] = ()  # a list once a member is added
        self.replace_children = False

    def add_child(self, values: dict[str, Any]) -> None:
        """A household member; the members on file are replaced by those added."""
        if not self.replace_children:
            self.replace_children = True
        self.children = [*self.children, values]

    @property
    def values(self) -> dict[str, Any]:
        if isinstance(self._values, dict):
            return dict(self._values)  # a copy: applying the row adds to what it gets
        assert self._fields is not None
        return dict(zip(self._fields, self._values, strict=True))

    def __repr__(self) -> str:
        return f"PlannedRow(row={self.row}, existing_id={self.existing_id}, values={self.values})"


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
    warnings: list[Problem] = field(default_factory=list)  # never stop an import

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"发现 {len(self.problems)} 个问题，未导入任何数据"
        text = f"将新增 {len(self.additions)} 条，更新 {len(self.updates)} 条"
        if self.warnings:
            text += f"；另有 {len(self.warnings)} 条提醒（不影响导入，请核实）"
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
