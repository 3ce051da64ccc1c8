"""The filters each list offers and the query a list is shown by, described without SQL.
`unionapp.services.filters` gives each filter its SQL; `unionapp.services.listing` runs queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from unionapp.schema import codes, records


@dataclass(frozen=True)
class FilterSpec:
    key: str
    label: str
    english: str
    choices: tuple[str, ...] = ()  # fixed choices; empty when they come from the database

    def title(self, english: bool) -> str:
        return self.english if english else self.label


YES_NO = ("是", "否")
WAGE_STATES = ("已签订（有效）", "60天内到期", "已过期", "未签订")

FILTER_SPECS: dict[str, tuple[FilterSpec, ...]] = {
    "enterprise": (
        FilterSpec("ownership", "经济类型", "Ownership"),
        FilterSpec("community", "园区/社区", "Park or community"),
        FilterSpec("union_status", "建会情况", "Union status", records.UNION_STATUSES),
        FilterSpec("above_scale", "规模以上", "Above size", YES_NO),
        FilterSpec("wage", "工资协商", "Wage agreement", WAGE_STATES),
    ),
    "congress": (
        FilterSpec("year", "年度", "Year"),
        FilterSpec("status", "状态", "Status", records.CONGRESS_STATUSES),
        FilterSpec("overdue", "逾期未开", "Overdue", YES_NO),
    ),
    "family": (
        FilterSpec("category", "困难类别", "Category", records.FAMILY_CATEGORIES),
        FilterSpec("status", "状态", "Status", records.FAMILY_STATUSES),
        FilterSpec("work_status", "工作状态", "Work status", codes.WORK_STATUSES),
        FilterSpec("helped", "今年已帮扶", "Helped this year", YES_NO),
        FilterSpec("reviewed", "今年已年审", "Reviewed this year", YES_NO),
    ),
    "training": (
        FilterSpec("kind", "类型", "Type", records.TRAINING_KINDS),
        FilterSpec("year", "年度", "Year"),
    ),
}


@dataclass
class ListQuery:
    """What a list shows: search text, chosen filter values, sort, the parent of a child list."""

    search: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str | None = None
    descending: bool = False
    parent_id: int | None = None
    today: date = field(default_factory=date.today)
