"""Check an .ods file's content before the reader expands it.

OpenDocument compresses runs of equal cells and rows into one element with a repeat count;
the reader expands them into a dense grid (cells 32 bytes and their formulas 24 bytes each).
LibreOffice ends every sheet with a million repeated empty rows, which cost nothing; a cell
with a value repeated 16,384 times in a row repeated a million times asks for terabytes. The
walk below counts what the reader will store and lay out, the way it does, and refuses a file
whose grid would not fit.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

from unionapp.spreadsheets.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    READER_BUDGET,
    Refusal,
    SpreadsheetError,
    megabytes,
)
from unionapp.spreadsheets.ziparchive import read_part

_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>")
_REPEAT = re.compile(rb'table:number-(?:rows|columns)-repeated\s*=\s*["\'](\d{1,12})')
CELL_BYTES = 56  # a value and a formula per cell in the reader's grids
READER_BASE = 40 << 20


@dataclass
class OdsScan:
    stored: int = 0  # cells the reader keeps before laying out the grid
    grid: int = 0  # cells in the laid-out grids, all sheets
    sheets: int = 0
    xml_bytes: int = 0

    @property
    def estimate(self) -> int:
        return READER_BASE + (self.stored + self.grid) * CELL_BYTES + self.xml_bytes


class _Walker:
    def __init__(self) -> None:
        self.scan = OdsScan()
        self._table()

    def _table(self) -> None:
        self.rows = 0  # rows laid out so far (first to last non-empty, with repeats)
        self.pending_rows = 0  # empty rows waiting for a non-empty one below them
        self.total_rows = 0
        self.width = 0
        self._row(1)

    def _row(self, repeats: int) -> None:
        self.row_repeats = min(repeats, max(0, MAX_ROWS - self.total_rows))
        self.total_rows += self.row_repeats
        self.column = 0  # cells stored in this row
        self.pending_cells = 0
        self.last = 0  # end of the last non-empty cell

    def tag(self, closing: bytes, name: bytes, attributes: bytes) -> None:
        repeat = _REPEAT.search(attributes)
        count = int(repeat.group(1)) if repeat else 1
        empty_element = attributes.endswith(b"/")
        if name == b"table":
            if closing:
                self.scan.grid += self.rows * self.width
                self.scan.sheets += 1
                self._table()
            return
        if name == b"table-row":
            if not closing:
                self._row(count)
                if not empty_element:
                    return
            if self.last:
                self.rows += self.pending_rows + self.row_repeats
                self.pending_rows = 0
                self.width = max(self.width, self.last)
            elif self.rows:
                self.pending_rows += self.row_repeats
            self.scan.stored += self.column
            return
        if closing:
            return
        has_value = b"office:value-type" in attributes or not empty_element
        if has_value:
            room = max(0, MAX_COLUMNS - self.column)
            added = min(self.pending_cells, room)
            added += min(count, max(0, room - added))
            self.column += added
            self.pending_cells = 0
            self.last = self.column
        else:
            self.pending_cells += count


def check_ods(archive: zipfile.ZipFile, name: str) -> OdsScan:
    info = next((i for i in archive.infolist() if i.filename == "content.xml"), None)
    if info is None:
        raise SpreadsheetError(f"“{name}”不是有效的 .ods 文件（找不到内容）", Refusal.CORRUPT)
    walker = _Walker()
    buffer = b""
    head = True
    for chunk in read_part(archive, info, name):
        walker.scan.xml_bytes += len(chunk)
        buffer += chunk
        if head and (b"<!DOCTYPE" in buffer[:65536] or b"<!ENTITY" in buffer[:65536]):
            raise SpreadsheetError(
                f"“{name}”含有文档类型定义（DTD），正常的表格文件没有，已拒绝读取", Refusal.BOMB
            )
        head = False
        cut = buffer.rfind(b">") + 1
        for match in _TAG.finditer(buffer, 0, cut):
            walker.tag(*match.groups())
        buffer = buffer[cut:]
        if walker.scan.estimate + walker.rows * walker.width * CELL_BYTES > READER_BUDGET:
            walker.scan.grid += walker.rows * walker.width  # stop here: the sheet so far
            break
    scan = walker.scan
    if scan.estimate > READER_BUDGET:
        raise SpreadsheetError(
            f"“{name}”展开重复的单元格后约有 {scan.grid + scan.stored:,} 个单元格，"
            f"读取需要 {megabytes(scan.estimate)} 以上内存，超过上限 {megabytes(READER_BUDGET)}；"
            "如确是正常表格，请另存为 .xlsx 或 .csv，或拆分后再导入",
            Refusal.BOMB if scan.stored * 100 < scan.grid else Refusal.TOO_LARGE,
        )
    return scan
