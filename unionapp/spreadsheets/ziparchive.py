"""Check a .xlsx or .ods archive before anything inflates it.

The end-of-central-directory record is read by hand first, so a directory of millions of
entries is refused before ``zipfile`` builds an object for each. Then every entry's declared
size, its compression ratio, the total, duplicate names, overlapping entries and nested archives
are checked. Parts that are read are inflated in bounded chunks, and what they really inflate
to must be what they declare (``zipfile`` checks the CRC at the end).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from unionapp.spreadsheets.limits import (
    MAX_CENTRAL_DIRECTORY,
    MAX_INFLATED_BYTES,
    MAX_PART_BYTES,
    MAX_RATIO,
    MAX_ZIP_ENTRIES,
    RATIO_FLOOR,
    MiB,
    Refusal,
    SpreadsheetError,
    megabytes,
)

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_LOCAL = b"PK\x03\x04"
NESTED_SUFFIXES = (".zip", ".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".jar", ".7z", ".rar", ".gz")
EMBEDDING_FOLDERS = ("xl/embeddings/",)  # Excel keeps embedded objects here; nothing reads them
CHUNK = MiB


def _bomb(name: str, what: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"“{name}”{what}，不像正常的表格文件（可能是恶意构造的文件），已拒绝读取", Refusal.BOMB
    )


def _corrupt(name: str, what: str = "") -> SpreadsheetError:
    detail = f"（{what}）" if what else ""
    return SpreadsheetError(f"“{name}”已损坏，无法读取{detail}", Refusal.CORRUPT)


def _directory_size(handle: BinaryIO, size: int, name: str) -> tuple[int, int, int]:
    """(entries, directory size, directory offset) from the end-of-central-directory record."""
    tail_size = min(size, 22 + 65535)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise _corrupt(name, "找不到压缩包目录")
    entries, directory, offset = struct.unpack("<xxxxxxxxxxHLL", tail[at : at + 20])
    if 0xFFFF in (entries,) or 0xFFFFFFFF in (directory, offset):
        locator = tail[at - 20 : at] if at >= 20 else b""
        if not locator.startswith(_EOCD64_LOCATOR):
            raise _corrupt(name, "压缩包目录不完整")
        (record,) = struct.unpack("<Q", locator[8:16])
        if record + 56 > size:
            raise _corrupt(name, "压缩包目录位置超出文件")
        handle.seek(record)
        data = handle.read(56)
        if not data.startswith(_EOCD64):
            raise _corrupt(name, "压缩包目录不完整")
        entries, directory, offset = struct.unpack("<QQQ", data[32:56])
    return entries, directory, offset


def open_archive(handle: BinaryIO, size: int, name: str) -> zipfile.ZipFile:
    """Check the archive's directory and every entry's declared sizes; return it opened."""
    entries, directory, offset = _directory_size(handle, size, name)
    if entries > MAX_ZIP_ENTRIES:
        raise _bomb(name, f"声明包含 {entries:,} 个文件（正常表格只有几十个）")
    if directory > MAX_CENTRAL_DIRECTORY:
        raise _bomb(name, f"的压缩包目录有 {megabytes(directory)}")
    if offset + directory > size:
        raise _corrupt(name, "压缩包目录超出文件末尾")
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise _corrupt(name, str(error)) from error
    try:
        _check_entries(archive, handle, size, name)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_entries(archive: zipfile.ZipFile, handle: BinaryIO, size: int, name: str) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _bomb(name, f"包含 {len(infos):,} 个文件")
    seen: set[str] = set()
    total = 0
    for info in infos:
        key = info.filename.replace("\\", "/").lower()
        if key in seen:
            raise _bomb(name, f"里有两个同名的部分“{info.filename}”")
        seen.add(key)
        if info.flag_bits & 0x1:
            raise SpreadsheetError(
                f"“{name}”已加密，请先在 Excel 中取消密码后再导入", Refusal.ENCRYPTED
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _corrupt(name, f"“{info.filename}”使用了不支持的压缩方式")
        if info.file_size > MAX_PART_BYTES:
            raise _bomb(name, f"中的“{info.filename}”声明解压后有 {megabytes(info.file_size)}")
        if info.file_size > RATIO_FLOOR and info.file_size > info.compress_size * MAX_RATIO:
            ratio = info.file_size // max(info.compress_size, 1)
            raise _bomb(
                name,
                f"中的“{info.filename}”压缩了 {ratio:,} 倍"
                f"（{megabytes(info.compress_size)} 解压后为 {megabytes(info.file_size)}）",
            )
        if info.filename.lower().endswith(NESTED_SUFFIXES) and not key.startswith(
            EMBEDDING_FOLDERS
        ):
            raise _bomb(name, f"里套着另一个压缩文件“{info.filename}”")
        total += info.file_size
    if total > MAX_INFLATED_BYTES:
        raise _bomb(
            name, f"解压后共有 {megabytes(total)}，超过上限 {megabytes(MAX_INFLATED_BYTES)}"
        )
    _check_layout(infos, handle, size, name)


def _check_layout(infos: list[zipfile.ZipInfo], handle: BinaryIO, size: int, name: str) -> None:
    """Entries must lie inside the file, one after another: overlapping entries let a small
    file declare any amount of data (the overlapping-file zip bomb)."""
    end = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset < end:
            raise _bomb(name, f"中的“{info.filename}”与其他部分重叠")
        handle.seek(info.header_offset)
        local = handle.read(30)
        if len(local) < 30 or not local.startswith(_LOCAL):
            raise _corrupt(name, f"“{info.filename}”的位置不对")
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        end = info.header_offset + 30 + name_length + extra_length + info.compress_size
        if end > size:
            raise _corrupt(name, f"“{info.filename}”超出文件末尾")


def read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """Inflate one part in chunks of at most 1 MiB, checking that it holds what it declares."""
    produced = 0
    try:
        with archive.open(info) as part:
            while True:
                chunk = part.read(CHUNK)
                if not chunk:
                    break
                produced += len(chunk)
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        raise _bomb(
            name, f"中的“{info.filename}”实际解压的内容与声明不符（{type(error).__name__}）"
        ) from error
    if produced != info.file_size:
        raise _bomb(name, f"中的“{info.filename}”实际大小与声明不符")


def read_small_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limit: int
) -> bytes:
    """A whole part that must stay small (workbook, relationships, styles)."""
    if info.file_size > limit:
        raise _bomb(name, f"中的“{info.filename}”有 {megabytes(info.file_size)}")
    return b"".join(read_part(archive, info, name))
