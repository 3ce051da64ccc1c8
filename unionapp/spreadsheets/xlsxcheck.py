"""Everything checked in a .xlsx before the reader opens it, and the memory it will need.

Archive (sizes, ratio, duplicates, overlaps), package parts (no DTD, true sizes), the shared
string table (its declared count against the strings it holds: calamine issue 684 reserves
the declared count), and each sheet to be read (cells present against the grid the reader lays
out, the declared dimension against the data). The estimate is what calamine would hold for
the largest sheet: a sheet whose grid is far larger than its cells is refused here with the
reason; a sheet that is simply large is read row by row instead (xlsxstream), and refused
only if even that would not fit.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO

from unionapp.spreadsheets.limits import (
    MAX_CELLS,
    MAX_SHARED_STRINGS,
    READER_BUDGET,
    Refusal,
    SpreadsheetError,
    megabytes,
)
from unionapp.spreadsheets.xlsxparts import Package, SheetPart, read_package
from unionapp.spreadsheets.xlsxscan import SheetScan, SheetScanner, cell_name, declared_grid
from unionapp.spreadsheets.ziparchive import open_archive, read_part

READER_BASE = 40 << 20  # the reader process before it opens anything
GRID_CELL = 64  # bytes per cell of the laid-out grid (two grids at the peak, 32 bytes each)
CELL_STRING = 48  # a text cell's own string (calamine copies even shared strings per cell)
SHARED_STRING = 48  # per entry of the shared string table, on top of its text
STREAM_BASE = 40 << 20  # the row-by-row reader: shared strings as Python text, one chunk
STREAM_STRING = 80  # per shared string held as a Python str, on top of twice its bytes
DECLARED_SLACK = 100  # a declared dimension may exceed the data this many times over …
DECLARED_FLOOR = 4_000_000  # … or up to this many cells

_SST_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.\-]*):)?sst\b([^>]*)>")
_COUNT = re.compile(rb"""uniqueCount\s*=\s*["'](\d{1,20})""")


@dataclass
class XlsxCheck:
    scans: list[SheetScan] = field(default_factory=list)
    strings: int = 0
    string_bytes: int = 0

    def estimate(self, scan: SheetScan, grid: int | None = None) -> int:
        """What calamine holds at its peak: the laid-out grid twice (while it converts one
        kind of cell into the other) and a string of its own for every text cell, besides the
        shared strings. Text cells are taken to be all cells, each as long as an average
        shared string, and the sheet's own XML bounds its inline text."""
        grid = scan.grid if grid is None else grid
        average = self.string_bytes // max(self.strings, 1)
        return (
            READER_BASE
            + self.string_bytes
            + self.strings * SHARED_STRING
            + grid * GRID_CELL
            + scan.cells * (CELL_STRING + average)
            + scan.xml_bytes
        )


def _count_strings(package: Package, info: zipfile.ZipInfo, check: XlsxCheck) -> None:
    declared: int | None = None
    tail = b""
    mark = b"<si"
    for chunk in read_part(package.archive, info, package.name):
        data = tail + chunk
        if declared is None:
            root = _SST_ROOT.search(data)
            if root is not None:
                prefix = root.group(1)
                mark = b"<" + prefix + b":si" if prefix else b"<si"
                found = _COUNT.search(root.group(2))
                declared = int(found.group(1)) if found else 0
                if b"<!DOCTYPE" in data[: root.start()] or b"<!ENTITY" in data[: root.start()]:
                    raise SpreadsheetError(
                        f"“{package.name}”的共享字符串表含有文档类型定义（DTD），已拒绝读取",
                        Refusal.BOMB,
                    )
        body = data[: len(data) - 8] if len(data) > 8 else b""
        check.strings += body.count(mark + b">") + body.count(mark + b" ") + body.count(mark + b"/")
        tail = data[len(body) :]
        check.string_bytes += len(chunk)
    check.strings += tail.count(mark + b">") + tail.count(mark + b" ") + tail.count(mark + b"/")
    declared = declared or 0
    if declared > 2 * check.strings + 1000:
        raise SpreadsheetError(
            f"“{package.name}”的共享字符串表声明有 {declared:,} 个字符串，实际只有 {check.strings:,} 个，"
            "不像正常的表格文件（可能是恶意构造的），已拒绝读取",
            Refusal.BOMB,
        )
    if check.strings > MAX_SHARED_STRINGS:
        raise SpreadsheetError(
            f"“{package.name}”有 {check.strings:,} 个不同的文字，超过上限，请拆分后再导入",
            Refusal.TOO_LARGE,
        )


def _scan(package: Package, sheet: SheetPart, exact: bool = False) -> SheetScan:
    scanner = SheetScanner(sheet.name, package.name, package.recalculate_on_load, exact)
    if sheet.part is not None:
        for chunk in read_part(package.archive, sheet.part, package.name):
            scanner.feed(chunk)
    return scanner.finish()


def _judge(package: Package, check: XlsxCheck, scan: SheetScan) -> None:
    name, sheet = package.name, scan.name
    declared = declared_grid(scan)
    if declared > max(DECLARED_FLOOR, DECLARED_SLACK * max(scan.cells, 1)):
        raise SpreadsheetError(
            f"“{name}”的工作表“{sheet}”声明的范围是 {scan.declared}（约 {declared:,} 个单元格），"
            f"实际只有 {scan.cells:,} 个单元格，不像正常的表格文件（可能是恶意构造的），已拒绝读取",
            Refusal.BOMB,
        )
    if scan.cells > MAX_CELLS:
        raise SpreadsheetError(
            f"“{name}”的工作表“{sheet}”有 {scan.cells:,} 个单元格，超过上限 {MAX_CELLS:,}，"
            "请拆分成几个文件后分批导入",
            Refusal.TOO_LARGE,
        )
    need = check.estimate(scan)
    if need <= READER_BUDGET:
        return
    corner = cell_name(scan.max_row, scan.max_column)
    dense = check.estimate(scan, grid=scan.cells)
    if dense * 4 < need:
        raise SpreadsheetError(
            f"“{name}”的工作表“{sheet}”的单元格分布在 A1 到 {corner} 之间，读取时要展开成约 "
            f"{scan.grid:,} 个单元格（约 {megabytes(need)} 内存），而实际只有 {scan.cells:,} 个单元格；"
            "不像正常的表格文件（可能是恶意构造的），已拒绝读取",
            Refusal.BOMB,
        )
    streaming = STREAM_BASE + check.strings * STREAM_STRING + check.string_bytes * 2
    if streaming <= READER_BUDGET:
        scan.large = True  # too large to lay out whole: read row by row (xlsxstream)
        return
    raise SpreadsheetError(
        f"“{name}”的工作表“{sheet}”有 {scan.cells:,} 个单元格（到 {corner}）和 "
        f"{check.strings:,} 个不同的文字，读取约需 {megabytes(streaming)} 内存，超过上限 "
        f"{megabytes(READER_BUDGET)}；请拆分成几个文件后分批导入",
        Refusal.TOO_LARGE,
    )


def check_xlsx(handle: BinaryIO, size: int, name: str, sheets: int) -> XlsxCheck:
    """Check the archive and the first ``sheets`` sheets; raise SpreadsheetError to refuse."""
    archive = open_archive(handle, size, name)
    try:
        package = read_package(archive, name)
        check = XlsxCheck()
        strings = package.shared_strings()
        if strings is not None:
            _count_strings(package, strings, check)
        for sheet in package.sheets[:sheets]:
            scan = _scan(package, sheet)
            if not scan.exact and check.estimate(scan) > READER_BUDGET:
                scan = _scan(package, sheet, exact=True)  # the quick bound was too loose
            _judge(package, check, scan)
            check.scans.append(scan)
        return check
    finally:
        archive.close()
