"""Check the header of an old .xls (an OLE compound file) before the reader opens it.

The reader sizes its first allocations from the header's sector counts (calamine issue 714: a
612-byte file asks for 17 GB). Every count must fit the file: a file of N sectors cannot have
more than N FAT, DIFAT or mini-FAT sectors. The reader also reads a DIFAT count from bytes
62..66 (issue 714); that value is bounded too.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from unionapp.spreadsheets.limits import MiB, Refusal, SpreadsheetError

HEADER = 512
ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
MAX_READER_DIFAT = 64 * MiB // 4  # u32 entries the reader may reserve from bytes 62..66


def _refuse(name: str, what: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"“{name}”的文件头{what}，不像正常的 .xls 文件（可能是恶意构造或已损坏），已拒绝读取",
        Refusal.BOMB,
    )


def check_ole(handle: BinaryIO, size: int, name: str) -> None:
    handle.seek(0)
    header = handle.read(HEADER)
    if len(header) < HEADER:
        raise SpreadsheetError(f"“{name}”已损坏，无法读取（文件不完整）", Refusal.CORRUPT)
    sector_shift, mini_shift = struct.unpack("<HH", header[30:34])
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise _refuse(name, "的扇区大小不对")
    sector = 1 << sector_shift
    sectors = max(0, -(-(size - sector) // sector))  # the header takes the first sector
    fat, directory = struct.unpack("<LL", header[44:52])
    mini_fat_start, mini_fat, difat_start, difat = struct.unpack("<LLLL", header[60:76])
    (reader_difat,) = struct.unpack("<L", header[62:66])
    for count, what in ((fat, "FAT"), (mini_fat, "mini FAT"), (difat, "DIFAT")):
        if count > sectors:
            raise _refuse(
                name, f"声明有 {count:,} 个 {what} 扇区，而整个文件只有 {sectors:,} 个扇区"
            )
    if reader_difat > MAX_READER_DIFAT:
        raise _refuse(name, f"的 DIFAT 计数字段异常（{reader_difat:,}）")
    for start, what in ((directory, "目录"), (mini_fat_start, "mini FAT"), (difat_start, "DIFAT")):
        if start not in (ENDOFCHAIN, FREESECT) and start >= sectors:
            raise _refuse(name, f"的{what}起始扇区 {start:,} 超出文件（共 {sectors:,} 个扇区）")
