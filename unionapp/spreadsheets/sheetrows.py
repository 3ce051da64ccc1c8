"""A sheet's data rows as the import sees them: found below its header, one value per matched
field, with merged cells read as the clerk sees them (a value merged down a column belongs to
every row it covers), a CSV export's formula escape taken off, and each formula without a
saved result or error value reported on its cell."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from unionapp.schema import FieldSpec, RecordSpec
from unionapp.schema.fields import is_blank
from unionapp.spreadsheets.cellescape import unescape_formula
from unionapp.spreadsheets.columns import MAX_HEADER_ROWS, HeaderMatch, match_headers, unnamed_label
from unionapp.spreadsheets.sheet import Row, Sheet
from unionapp.spreadsheets.xlsxscan import CellNote, cell_name

Report = Callable[[int, str, Any, str], None]  # (Excel row, column title, value, reason)

_NOTE_REASONS = {
    CellNote.NO_RESULT: "单元格 {cell} 是公式，但文件里没有保存计算结果（多见于程序生成的表格）；"
    "请在 Excel 或 WPS 中打开、保存后再导入",
    CellNote.PLACEHOLDER: "单元格 {cell} 是公式，文件要求打开时重新计算，保存的结果只是占位；"
    "请在 Excel 或 WPS 中打开、保存后再导入",
    CellNote.ERROR: "单元格 {cell} 是错误值 {text}，请改正公式或数据后再导入",
}


@dataclass
class SheetRows:
    """The header of a sheet and an iterator over its data rows."""

    sheet: Sheet
    match: HeaderMatch
    data: Iterator[Row]
    width: int
    merged: list[tuple[int, int, int, int]]  # merged ranges below the header
    extra: list[str] = field(default_factory=list)  # unnamed columns found to hold data
    prefix: str = ""  # put before each of them in ``extra``

    def rows(self, report: Report) -> Iterator[tuple[int, dict[str, Any]]]:
        """(Excel row number, raw value per field key) for each row with a value."""
        columns = list(self.match.columns.items())
        notes = self.sheet.notes
        unnamed = list(self.match.unnamed)
        fills = _Fills(self.merged, dict(self.match.columns.items()))
        for index, cells in self.data:
            size = len(cells)
            raw = {key: cells[i] if i < size else None for key, i in columns}
            if fills.active or fills.starts:
                fills.apply(index, cells, raw)
            blank = True
            for key, value in raw.items():  # one pass: the formula escape, and any value at all
                if value is None or value == "":
                    continue
                if type(value) is str:
                    if value[0] == "'":
                        raw[key] = unescape_formula(value)
                    if blank and not is_blank(value):
                        blank = False
                else:
                    blank = False
            if notes:
                for key, column in columns:
                    note = notes.get((index, column))
                    if note is not None:
                        reason = _NOTE_REASONS[note[0]].format(
                            cell=cell_name(index, column), text=note[1]
                        )
                        report(index + 1, self.match.titles[key], raw[key], reason)
            if unnamed or size > self.width:
                self._unnamed_data(cells, unnamed)
            if blank:
                continue
            yield index + 1, raw

    def _unnamed_data(self, cells: list[Any], unnamed: list[int]) -> None:
        for column in list(unnamed) + list(range(self.width, len(cells))):
            if column < len(cells) and not is_blank(cells[column]):
                label = self.prefix + unnamed_label(column)
                if label not in self.extra:
                    self.extra.append(label)
                if column in unnamed:
                    unnamed.remove(column)
        if len(cells) > self.width:
            self.width = len(cells)


class _Fills:
    """Values of merged cells in the data, copied to every cell their range covers."""

    def __init__(self, merged: list[tuple[int, int, int, int]], columns: dict[str, int]) -> None:
        wanted = set(columns.values())
        self.keys = {column: key for key, column in columns.items()}
        self.starts: dict[int, list[tuple[int, int, int]]] = {}
        for top, left, bottom, right in merged:
            if any(left <= c <= right for c in wanted):
                self.starts.setdefault(top, []).append((left, bottom, right))
        self.active: dict[int, tuple[int, Any]] = {}  # column -> (last row, value)

    def apply(self, index: int, cells: list[Any], raw: dict[str, Any]) -> None:
        for left, bottom, right in self.starts.pop(index, ()):
            value = cells[left] if left < len(cells) else None
            for column in range(left, right + 1):
                if column in self.keys:
                    self.active[column] = (bottom, value)
        for column, (bottom, value) in list(self.active.items()):
            if bottom < index:
                del self.active[column]
            elif is_blank(raw[self.keys[column]]):
                raw[self.keys[column]] = value


def open_rows(
    sheet: Sheet, spec: RecordSpec, extra_fields: tuple[FieldSpec, ...] = ()
) -> SheetRows | None:
    """Find the header (the first non-empty row, and the rows below it that continue it);
    None if the sheet holds nothing."""
    rows = iter(sheet.rows)
    header = next(((i, cells) for i, cells in rows if any(not is_blank(c) for c in cells)), None)
    if header is None:
        return None
    index, cells = header
    following = [row for _, row in zip(range(MAX_HEADER_ROWS - 1), rows, strict=False)]
    candidates = [cells] + [cells for _i, cells in following]
    match = match_headers(spec, candidates, sheet.merged, extra_fields, top=index)
    data = chain(following[match.header_rows - 1 :], rows)
    width = max(len(c) for c in candidates[: match.header_rows])
    below = [m for m in sheet.merged if m[0] >= index + match.header_rows]
    return SheetRows(sheet, match, data, width, below)
