"""Match a sheet's header to a record description's fields, by Chinese or English name, as the
clerk sees the header: a group title merged over several columns with the column titles in
the row below ("家庭情况" over "家庭人口 | 家庭月总收入") is read as two levels, each column taking
its own title (or the group and its title together) and the data starting below both rows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from unionapp.schema import FieldSpec, RecordSpec
from unionapp.spreadsheets.xlsxscan import cell_name

MAX_HEADER_ROWS = 3
Merged = tuple[int, int, int, int]  # top, left, bottom, right (from 0, inclusive)


def header_key(text: Any) -> str:
    """Compare headers loosely: width, case, blanks, a trailing * for required, （元）."""
    value = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    return "".join(value.replace("*", "").split())


def _text(cells: Sequence[Any], column: int) -> str:
    value = cells[column] if column < len(cells) else None
    return str(value).strip() if value is not None else ""


@dataclass
class HeaderMatch:
    columns: dict[str, int] = field(default_factory=dict)  # field key -> column index
    titles: dict[str, str] = field(default_factory=dict)  # field key -> the title as written
    extra: list[str] = field(default_factory=list)  # headers matching no field
    missing: list[FieldSpec] = field(default_factory=list)  # required fields with no column
    header_rows: int = 1  # rows the header takes
    unnamed: list[int] = field(default_factory=list)  # columns without a title


class _Names:
    """Field lookup by loose header name."""

    def __init__(self, spec: RecordSpec, extra_fields: tuple[FieldSpec, ...]) -> None:
        self.importable = [f for f in spec.fields if not f.derived] + list(extra_fields)
        self.by_key: dict[str, FieldSpec] = {}
        for spec_field in self.importable:
            for header in spec_field.headers:
                self.by_key[header_key(header)] = spec_field
        self.derived = {header_key(h) for f in spec.fields if f.derived for h in f.headers}

    def find(self, *texts: str) -> FieldSpec | None:
        for text in texts:
            found = self.by_key.get(header_key(text))
            if found is not None:
                return found
        return None


def _spread(rows: list[list[Any]], top: int, merged: list[Merged]) -> list[list[str]]:
    """Header texts per row and column, with each merged title copied over its whole range."""
    width = max((len(cells) for cells in rows), default=0)
    grid = [[_text(cells, c) for c in range(width)] for cells in rows]
    for first_row, left, last_row, right in merged:
        level = first_row - top
        if not 0 <= level < len(grid) or left >= width:
            continue
        title = grid[level][left]
        for row in range(level, min(last_row - top + 1, len(grid))):
            for column in range(left, min(right + 1, width)):
                grid[row][column] = grid[row][column] or title
    return grid


def _is_sub_header(grid: list[list[str]], names: _Names, below: list[str]) -> bool:
    """Whether ``below`` continues the header: every title in it sits in a column whose title
    so far names no field, and one of them names a field (alone or after the titles above) or
    sits under a group title. A row with values only there could import nothing anyway."""
    if not any(below):
        return False
    continues = False
    for column, text in enumerate(below):
        above = [row[column] for row in grid if column < len(row) and row[column]]
        if not text or (above and above[-1] == text):
            continue  # blank, or a merged title reaching down from above
        if above and names.find(above[-1], "".join(above)) is not None:
            return False  # a value under a column that already names a field: data
        if above or names.find(text) is not None:
            continues = True
    return continues


def match_headers(
    spec: RecordSpec,
    rows: list[list[Any]],
    merged: list[Merged] = (),  # type: ignore[assignment]
    extra_fields: tuple[FieldSpec, ...] = (),
    top: int = 0,
) -> HeaderMatch:
    """Map the header at the start of ``rows`` (the first non-empty row and the rows after
    it, with ``top`` the first one's index in the sheet) to fields."""
    names = _Names(spec, extra_fields)
    match = HeaderMatch()
    grid = _spread(rows[:MAX_HEADER_ROWS], top, list(merged))
    if not grid:
        match.missing = [f for f in names.importable if f.required]
        return match
    merged_down = max((b - top + 1 for t, _l, b, _r in merged if t == top), default=1)
    levels = [grid[0]]
    while len(levels) < len(grid) and (
        len(levels) < merged_down or _is_sub_header(levels, names, grid[len(levels)])
    ):
        levels.append(grid[len(levels)])
    match.header_rows = len(levels)
    width = max(len(level) for level in levels)
    for column in range(width):
        titles = list(
            dict.fromkeys(t for t in (lv[column] for lv in levels if column < len(lv)) if t)
        )
        if not titles:
            match.unnamed.append(column)
            continue
        found = names.find(titles[-1], "".join(titles), *titles[:-1])
        if found is not None and found.key not in match.columns:
            match.columns[found.key] = column
            match.titles[found.key] = "/".join(titles)
        elif header_key(titles[-1]) not in names.derived:
            match.extra.append("/".join(titles))
    match.missing = [f for f in names.importable if f.required and f.key not in match.columns]
    return match


def unnamed_label(column: int) -> str:
    """``第C列（无列名）`` for a column whose header cell is blank."""
    return f"第{cell_name(0, column)[:-1]}列（无列名）"
