"""Check an old .xls before the reader opens it: read its Workbook stream out of the OLE file,
then walk the BIFF records of every worksheet the way the reader does.

The reader reads every sheet when it opens the file. For each it reserves room for the cells
its DIMENSIONS record declares (a u32 row count in BIFF8: one record can ask for terabytes),
collects the cells, and lays them out as a grid, with a second grid for the formulas. The walk
counts the same cells and refuses a declared range or a grid far beyond them, or a workbook
whose total would not fit the reader's memory.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from unionapp.spreadsheets.limits import READER_BUDGET, Refusal, SpreadsheetError, megabytes
from unionapp.spreadsheets.olecheck import ENDOFCHAIN, check_ole

MINI_CUTOFF = 4096
MINI_SECTOR = 64
CELL = 40  # a collected cell (position and value)
GRID_CELL = 32 + 24  # a laid-out value and formula cell
CELL_STRING = 48
READER_BASE = 40 << 20
_CELLS = {0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD}  # number, labels, bool/error, RK, SST
_BOF, _EOF, _DIMENSIONS, _MULRK, _FORMULA, _BOUNDSHEET = 0x0809, 0x000A, 0x0200, 0x00BD, 6, 0x85


def _refuse(name: str, what: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"“{name}”{what}，不像正常的 .xls 文件（可能是恶意构造或已损坏），已拒绝读取", Refusal.BOMB
    )


class _Compound:
    """Just enough of the OLE compound file to read one stream."""

    def __init__(self, handle: BinaryIO, size: int, name: str) -> None:
        self.handle, self.name = handle, name
        handle.seek(0)
        header = handle.read(512)
        self.sector = 1 << struct.unpack("<H", header[30:32])[0]
        self.count = max(0, -(-(size - self.sector) // self.sector))
        fat_count, self.directory = struct.unpack("<LL", header[44:52])
        self.mini_fat_start = struct.unpack("<L", header[60:64])[0]
        difat_start, difat_count = struct.unpack("<LL", header[68:76])
        difat = list(struct.unpack("<109L", header[76:512]))
        next_sector = difat_start
        for _ in range(difat_count):
            if next_sector >= self.count:
                break
            entries = struct.unpack(f"<{self.sector // 4}L", self._sector(next_sector))
            difat += entries[:-1]
            next_sector = entries[-1]
        fat = bytearray()
        for sector in [s for s in difat if s < self.count][:fat_count]:
            fat += self._sector(sector)
        self.fat = struct.unpack(f"<{len(fat) // 4}L", fat)

    def _sector(self, number: int) -> bytes:
        self.handle.seek((number + 1) * self.sector)
        return self.handle.read(self.sector).ljust(self.sector, b"\x00")

    def chain(self, start: int, table: tuple[int, ...], limit: int) -> list[int]:
        sectors: list[int] = []
        while start != ENDOFCHAIN and start < len(table):
            if len(sectors) >= limit:
                raise _refuse(self.name, "的扇区链有环或超出文件")
            sectors.append(start)
            start = table[start]
        return sectors

    def stream(self, wanted: tuple[str, ...]) -> bytes | None:
        directory = b"".join(
            self._sector(s) for s in self.chain(self.directory, self.fat, self.count)
        )
        entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
        if not entries:
            return None
        for entry in entries:
            length = min(struct.unpack("<H", entry[64:66])[0], 64)
            title = entry[: max(0, length - 2)].decode("utf-16-le", "replace")
            if entry[66] != 2 or title not in wanted:
                continue
            start, size = struct.unpack("<LL", entry[116:124])
            if size > self.count * self.sector:
                raise _refuse(self.name, f"的“{title}”流声明有 {megabytes(size)}，超出文件大小")
            if size >= MINI_CUTOFF:
                data = b"".join(self._sector(s) for s in self.chain(start, self.fat, self.count))
                return data[:size]
            return self._mini(entries[0], start, size)
        return None

    def _mini(self, root: bytes, start: int, size: int) -> bytes:
        root_start, root_size = struct.unpack("<LL", root[116:124])
        mini = b"".join(self._sector(s) for s in self.chain(root_start, self.fat, self.count))
        table = b"".join(
            self._sector(s) for s in self.chain(self.mini_fat_start, self.fat, self.count)
        )
        mini_fat = struct.unpack(f"<{len(table) // 4}L", table)
        limit = max(1, min(len(mini), root_size) // MINI_SECTOR)
        data = b"".join(
            mini[s * MINI_SECTOR : (s + 1) * MINI_SECTOR]
            for s in self.chain(start, mini_fat, limit)
        )
        return data[:size]


@dataclass
class _Sheet:
    cells: int = 0
    formulas: int = 0
    declared: int = 0
    top: int = -1
    left: int = -1
    bottom: int = -1
    right: int = -1

    def add(self, row: int, first: int, last: int) -> None:
        self.cells += last - first + 1
        self.top = row if self.top < 0 else min(self.top, row)
        self.bottom = max(self.bottom, row)
        self.left = first if self.left < 0 else min(self.left, first)
        self.right = max(self.right, last)

    @property
    def grid(self) -> int:
        return (self.bottom - self.top + 1) * (self.right - self.left + 1) if self.top >= 0 else 0


def _walk(data: bytes, start: int) -> _Sheet:
    """One worksheet's substream, from its BOF to its EOF, nested substreams skipped."""
    sheet = _Sheet()
    position, depth, seen_bof = start, 0, False
    unpack = struct.unpack_from
    while position + 4 <= len(data):
        kind, length = unpack("<HH", data, position)
        body = data[position + 4 : position + 4 + length]
        position += 4 + length
        if depth:
            depth += (kind == _BOF) - (kind == _EOF)
            continue
        if kind == _BOF:
            depth, seen_bof = (1 if seen_bof else 0), True
        elif kind == _EOF:
            break
        elif kind in _CELLS and len(body) >= 4:
            row, column = unpack("<HH", body)
            sheet.add(row, column, column)
        elif kind == _MULRK and len(body) >= 6:
            row, first = unpack("<HH", body)
            sheet.add(row, first, max(first, unpack("<H", body, len(body) - 2)[0]))
        elif kind == _FORMULA and len(body) >= 4:
            row, column = unpack("<HH", body)
            sheet.add(row, column, column)
            sheet.formulas += 1
        elif kind == _DIMENSIONS and len(body) == 14:
            first_row, last_row, first_column, last_column = unpack("<LLHH", body)
            if first_column > 0xFF or last_column < first_column:
                first_column = 0
            if last_row >= 1 and last_column >= 1:  # the reader's u32 arithmetic, wrapping
                rows = (last_row - first_row) % 2**32
                sheet.declared = rows * ((last_column - first_column) % 2**32)
    return sheet


def check_xls(handle: BinaryIO, size: int, name: str) -> None:
    check_ole(handle, size, name)
    data = _Compound(handle, size, name).stream(("Workbook", "Book"))
    if data is None:
        raise SpreadsheetError(f"“{name}”不是有效的 .xls 文件（找不到工作簿）", Refusal.CORRUPT)
    starts: list[int] = []
    position = 0
    while position + 4 <= len(data):  # the workbook globals, up to their EOF
        kind, length = struct.unpack_from("<HH", data, position)
        if kind == _BOUNDSHEET and length >= 6:  # every sheet: the reader reads them all
            starts.append(struct.unpack_from("<L", data, position + 4)[0])
        position += 4 + length
        if kind == _EOF:
            break
    need = READER_BASE + len(data)
    for start in starts:
        sheet = _walk(data, start)
        reserve = max(sheet.declared, sheet.cells) * CELL  # reserved from the declared range
        if reserve > READER_BUDGET - READER_BASE:
            raise _refuse(
                name, f"的工作表声明有约 {sheet.declared:,} 个单元格，实际只有 {sheet.cells:,} 个"
            )
        need += reserve + sheet.cells * CELL_STRING + sheet.grid * GRID_CELL
        if need > READER_BUDGET:
            if sheet.grid > 100 * max(sheet.cells, 1):
                raise _refuse(
                    name, f"的单元格分布范围约 {sheet.grid:,} 个单元格，实际只有 {sheet.cells:,} 个"
                )
            raise SpreadsheetError(
                f"“{name}”读取约需 {megabytes(need)} 内存，超过上限 {megabytes(READER_BUDGET)}；"
                "请另存为 .xlsx 或拆分成几个文件后再导入",
                Refusal.TOO_LARGE,
            )
