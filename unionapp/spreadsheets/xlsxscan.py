"""Scan a sheet's XML before the reader sees it: how many cells it really holds, how far apart
they lie, and which cells hold formulas without a saved result or error values.

The reader lays a sheet out as a dense grid from its first to its last cell, 32 bytes a cell,
so two cells at A1 and XFD1048576 ask for 550 GB (calamine issue 693). The scan works on the
inflated XML in row-aligned chunks with byte counts and anchored patterns (about 10 ms per MB
for sheets written the usual way: every cell with its reference first); other layouts, and
sheets whose quick bound is large, are walked tag by tag the way the reader walks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from unionapp.spreadsheets.limits import MAX_COLUMNS, MAX_ROW_BYTES, Refusal, SpreadsheetError

MAX_NOTES = 1000
MAX_MERGED = 100_000


class CellNote(Enum):
    NO_RESULT = "no_result"  # a formula whose result was never saved
    PLACEHOLDER = "placeholder"  # the file asks Excel to recalculate: saved results are stand-ins
    ERROR = "error"  # an error value such as #DIV/0!


def column_index(letters: bytes | str) -> int:
    """``A`` → 0, ``XFD`` → 16383."""
    index = 0
    for char in letters.upper() if isinstance(letters, str) else letters.upper().decode():
        index = index * 26 + ord(char) - 64
    return index - 1


def cell_name(row: int, column: int) -> str:
    """0-based (row, column) → ``B5``."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


@dataclass
class SheetScan:
    name: str
    cells: int = 0  # cell elements present
    max_row: int = -1  # 0-based; an upper bound unless ``exact``
    max_column: int = -1
    exact: bool = True
    xml_bytes: int = 0
    declared: str = ""  # the <dimension ref> the sheet declares
    notes: dict[tuple[int, int], tuple[CellNote, str]] = field(default_factory=dict)
    unplaced_notes: int = 0  # noted cells without a reference
    merged: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # top, left, bottom, right
    merged_total: int = 0
    large: bool = False  # read row by row (xlsxstream), not laid out by calamine

    @property
    def grid(self) -> int:
        """Cells in the grid the reader lays out (from A1 to the last cell)."""
        return (self.max_row + 1) * (self.max_column + 1) if self.max_row >= 0 else 0


_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.\-]*):)?worksheet[\s/>]")
_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[\s/>])([^>]*)>")
# Row numbers are read without leading zeros, as the reader reads them ("A0001048576").
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]{0,3})0*(\d{1,12})["']""")
_REF = re.compile(rb"^([A-Za-z]{0,3})0*(\d{1,12})$")


def _declared_grid(ref: str) -> int:
    """Cells in a dimension such as ``A1:XFD1048576``; 0 if it cannot be read."""
    corners = []
    for part in ref.split(":")[:2]:
        match = _REF.match(part.replace("$", "").encode())
        if match is None or not match.group(1):
            return 0
        corners.append((int(match.group(2)) - 1, column_index(match.group(1))))
    if len(corners) == 1:
        return 1
    (top, left), (bottom, right) = corners
    return (abs(bottom - top) + 1) * (abs(right - left) + 1)


class SheetScanner:
    """Feed the inflated XML of one sheet in chunks; ``finish`` returns the scan."""

    def __init__(self, name: str, file_name: str, placeholders: bool, exact: bool = False) -> None:
        self.scan = SheetScan(name)
        self.exact = exact  # read every cell reference, not only the telling ones
        self.file_name = file_name
        self.placeholders = placeholders
        self.buffer = b""
        self.prefix: bytes | None = None
        self.regular = True
        self.row_index = 0  # the reader's position for cells without a reference
        self.column_index = 0

    # Chunks ------------------------------------------------------------------------------
    def feed(self, chunk: bytes) -> None:
        self.scan.xml_bytes += len(chunk)
        self.buffer += chunk
        if self.prefix is None and not self._read_head():
            return
        assert self.prefix is not None
        cut = self.buffer.rfind(b"</" + self.prefix + b"row>")
        if cut < 0:
            if len(self.buffer) > MAX_ROW_BYTES:
                raise SpreadsheetError(
                    f"“{self.file_name}”的工作表“{self.scan.name}”有一行超过 32 MB，不像正常的表格，已拒绝读取",
                    Refusal.BOMB,
                )
            return
        cut += len(self.prefix) + 6
        segment, self.buffer = self.buffer[:cut], self.buffer[cut:]
        self._segment(segment)

    def finish(self) -> SheetScan:
        if self.prefix is None:
            self._read_head(final=True)
        if self.buffer:
            self._segment(self.buffer)
            self.buffer = b""
        return self.scan

    def _read_head(self, final: bool = False) -> bool:
        root = _ROOT.search(self.buffer)
        start = self.buffer.find(b"sheetData")
        if root is None or start < 0:
            if len(self.buffer) > MAX_ROW_BYTES:
                raise SpreadsheetError(
                    f"“{self.file_name}”的工作表“{self.scan.name}”开头部分过大，已拒绝读取",
                    Refusal.BOMB,
                )
            if final:
                self.prefix, self.buffer = b"", b""
            return False
        head = self.buffer[:start]
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise SpreadsheetError(
                f"“{self.file_name}”的工作表“{self.scan.name}”含有文档类型定义（DTD），已拒绝读取",
                Refusal.BOMB,
            )
        self.prefix = (root.group(1) + b":") if root.group(1) else b""
        dimension = re.search(
            b"<" + re.escape(self.prefix) + rb"dimension\s[^>]*?ref\s*=\s*[\"']([^\"']*)", head
        )
        if dimension is not None:
            self.scan.declared = dimension.group(1).decode("ascii", "replace")
        self.buffer = self.buffer[start:]
        return True

    # Segments (whole rows) ---------------------------------------------------------------
    def _segment(self, segment: bytes) -> None:
        prefix = self.prefix or b""
        cell = b"<" + prefix + b"c"
        cells = segment.count(cell + b" ")
        bare = cell + b">" in segment or cell + b"/" in segment  # cells without attributes
        if bare:
            cells += segment.count(cell + b">") + segment.count(cell + b"/")
        self.scan.cells += cells
        if self.regular and (
            bare
            or segment.count(cell + b' r="') != cells
            or re.search(rb":(?:c|row)[ >/]" if not prefix else rb"<(?:c|row)[ >/]", segment)
        ):
            self.regular = False  # a cell without its reference first, or another prefix
        if self.regular:
            self._bound(segment, re.escape(cell) + rb' r="')
        else:
            self._walk(segment)
        if (b"<" + prefix + b"f" in segment and self._has_formula(segment)) or b't="e"' in segment:
            self._note_cells(segment, cell)
        if b"mergeCell" in segment:
            self._merged(segment)

    def _merged(self, segment: bytes) -> None:
        pattern = (
            b"<"
            + re.escape(self.prefix or b"")
            + rb"mergeCell\s[^>]*?ref\s*=\s*[\"']([A-Za-z]{1,3})0*(\d{1,12}):([A-Za-z]{1,3})0*(\d{1,12})"
        )
        for left, top, right, bottom in re.findall(pattern, segment):
            self.scan.merged_total += 1
            if len(self.scan.merged) < MAX_MERGED:
                self.scan.merged.append(
                    (int(top) - 1, column_index(left), int(bottom) - 1, column_index(right))
                )

    def _bound(self, segment: bytes, ref: bytes) -> None:
        """Every cell names its position. Quick: bound the rows by the row tags' digits, and
        read exactly only the telling references (more digits, or two or three letters).
        Exact: read every reference (for large sheets, whose quick bound may be loose)."""
        scan = self.scan
        if self.exact:
            rows = re.findall(ref + rb"[A-Za-z]{1,3}0*(\d{1,12})", segment)
            if rows:
                digits = max(map(len, rows))
                last = max(r for r in rows if len(r) == digits)  # same length: compare as text
                scan.max_row = max(scan.max_row, int(last) - 1)
            columns = set(re.findall(ref + rb"([A-Za-z]{1,3})", segment))
            scan.max_column = max(scan.max_column, *(column_index(c) for c in columns), -1)
            self._check_width()
            return
        tags = re.findall(b"<" + re.escape(self.prefix or b"") + rb'row r="0*(\d{1,12})"', segment)
        digits = max(map(len, tags), default=1)
        if re.search(ref + rb"(?:[A-Za-z]{2}|[A-Za-z]0*[1-9]\d{%d})" % digits, segment):
            rows = re.findall(ref + rb"[A-Za-z]{1,3}0*(\d{%d,12})" % (digits + 1), segment)
            scan.max_row = max(scan.max_row, *(int(r) - 1 for r in rows), -1)
            columns = set(re.findall(ref + rb"([A-Za-z]{2,3})", segment))
            scan.max_column = max(scan.max_column, *(column_index(c) for c in columns), -1)
        if (tags or ref in segment) and 10**digits - 2 > scan.max_row:
            scan.max_row = 10**digits - 2  # every other reference has at most that many digits
            scan.exact = False
        if ref in segment and scan.max_column < 25:
            scan.max_column = 25  # one letter: at most Z
            scan.exact = False
        self._check_width()

    def _walk(self, segment: bytes) -> None:
        """The reader's own walk: a reference sets the position, a cell without one takes the
        next column, the end of a row moves to the next row."""
        scan = self.scan
        for match in _TAG.finditer(segment):
            closing, name, attributes = match.groups()
            if name == b"row":
                if closing:
                    self.row_index += 1
                    self.column_index = 0
                    continue
                ref = _R_ATTR.search(attributes)
                if ref is not None:
                    self.row_index = int(ref.group(2)) - 1
                if attributes.endswith(b"/"):
                    self.row_index += 1
                    self.column_index = 0
                continue
            if closing:
                continue
            ref = _R_ATTR.search(attributes)
            if ref is not None and ref.group(1):
                position = (int(ref.group(2)) - 1, column_index(ref.group(1)))
                self.column_index = position[1]
            else:
                position = (self.row_index, self.column_index)
            self.column_index += 1
            scan.max_row = max(scan.max_row, position[0])
            scan.max_column = max(scan.max_column, position[1])
        self._check_width()

    def _check_width(self) -> None:
        if self.scan.max_column >= MAX_COLUMNS:
            raise SpreadsheetError(
                f"“{self.file_name}”的工作表“{self.scan.name}”有超出第 {MAX_COLUMNS:,} 列（XFD）的单元格，"
                "不是 Excel 能打开的表格，已拒绝读取",
                Refusal.BOMB,
            )

    # Formulas and error values -----------------------------------------------------------
    def _has_formula(self, segment: bytes) -> bool:
        mark = b"<" + (self.prefix or b"") + b"f"
        return mark + b">" in segment or mark + b" " in segment or mark + b"/" in segment

    def _note_cells(self, segment: bytes, cell: bytes) -> None:
        """Look at each cell holding a formula or an error value (found from the marks, so a
        few formulas in a large sheet cost little)."""
        prefix = re.escape(self.prefix or b"")
        value = re.compile(b"<" + prefix + rb"v(?:\s[^>]*)?>([^<]*)<")
        marks = re.finditer(b"<" + prefix + rb"f[\s>/]|\st=\"e\"", segment)
        close = b"</" + (self.prefix or b"") + b"c>"
        done = -1
        for mark in marks:
            start = max(
                segment.rfind(cell + b" ", 0, mark.start()),
                segment.rfind(cell + b">", 0, mark.start() + 1),
            )
            if start <= done:
                continue  # the formula and the error mark of one cell
            done = start
            end = segment.find(close, mark.start())
            xml = segment[start : end if end >= 0 else len(segment)]
            tag = xml[: xml.find(b">")]
            kind = re.search(rb"""\st\s*=\s*["'](\w+)""", tag)
            cell_type = kind.group(1) if kind else b"n"
            found = value.search(xml)
            if cell_type == b"e":
                text = found.group(1).decode("utf-8", "replace") if found else ""
                self._add_note(tag, (CellNote.ERROR, text))
            elif self.placeholders:
                self._add_note(tag, (CellNote.PLACEHOLDER, ""))
            elif found is None or (not found.group(1) and cell_type not in (b"str", b"inlineStr")):
                self._add_note(tag, (CellNote.NO_RESULT, ""))

    def _add_note(self, tag: bytes, note: tuple[CellNote, str]) -> None:
        ref = _R_ATTR.search(tag)
        if ref is None or not ref.group(1):
            self.scan.unplaced_notes += 1
        elif len(self.scan.notes) < MAX_NOTES:
            self.scan.notes[(int(ref.group(2)) - 1, column_index(ref.group(1)))] = note
        else:
            self.scan.unplaced_notes += 1


def declared_grid(scan: SheetScan) -> int:
    return _declared_grid(scan.declared) if scan.declared else 0
