"""Open the file the clerk chose, refusing anything that is not a plain file of a known kind.

A FIFO, device or socket named .csv or .xlsx would block a plain ``open()`` forever: it is
checked with ``stat`` first and opened without blocking, then checked again on the open handle.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from unionapp.spreadsheets.limits import MAX_FILE_BYTES, Refusal, SpreadsheetError, megabytes

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".ods"}
SPREADSHEET_SUFFIXES = ZIP_SUFFIXES | {".xls", ".csv"}
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
)


@dataclass(frozen=True)
class SheetFile:
    path: Path
    suffix: str  # ".xlsx", ".xls", ".ods" or ".csv"
    size: int
    head: bytes  # the first bytes, for telling formats apart


def _not_regular(path: Path, mode: int) -> SpreadsheetError:
    if stat.S_ISDIR(mode):
        return SpreadsheetError(f"“{path}”是文件夹，不是表格文件", Refusal.NOT_A_FILE)
    return SpreadsheetError(
        f"“{path.name}”不是普通文件（可能是管道、设备或套接字），无法导入；请选择保存在磁盘上的表格文件",
        Refusal.NOT_A_FILE,
    )


def open_regular(path: Path) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file; never blocks on a FIFO."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise _not_regular(path, os.stat(path).st_mode)
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as error:
        raise SpreadsheetError(f"文件“{path}”不存在", Refusal.MISSING) from error
    except OSError as error:
        raise SpreadsheetError(
            f"无法读取“{path.name}”：{error.strerror}", Refusal.UNREADABLE
        ) from error
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):  # replaced between the two looks
        os.close(fd)
        raise _not_regular(path, mode)
    return os.fdopen(fd, "rb")


def identify(path: str | Path) -> SheetFile:
    """Check that ``path`` is a readable spreadsheet file of a supported kind."""
    path = Path(path)
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        try:
            head = handle.read(8)
        except OSError as error:
            raise SpreadsheetError(
                f"无法读取“{path.name}”：{error.strerror}", Refusal.UNREADABLE
            ) from error
    if not head:
        raise SpreadsheetError(f"“{path.name}”是空文件", Refusal.EMPTY)
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(
            f"“{path.name}”有 {megabytes(size)}，超过可导入的上限 {megabytes(MAX_FILE_BYTES)}，"
            "请拆分成几个文件后分批导入",
            Refusal.TOO_LARGE,
        )
    suffix = path.suffix.lower()
    if suffix == ".xlsm":
        suffix = ".xlsx"
    if suffix not in SPREADSHEET_SUFFIXES:
        raise SpreadsheetError(
            f"“{path.name}”不是支持的表格文件（请用 .xlsx、.xls、.ods 或 .csv）",
            Refusal.UNSUPPORTED,
        )
    if suffix == ".xlsx" and head.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            f"“{path.name}”已加密，请先在 Excel 中取消密码后再导入", Refusal.ENCRYPTED
        )
    if suffix in ZIP_SUFFIXES and not head.startswith(ZIP_MAGIC):
        raise SpreadsheetError(
            f"“{path.name}”不是有效的表格文件，可能已损坏或只是改了扩展名", Refusal.CORRUPT
        )
    if suffix == ".xls" and not head.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            f"“{path.name}”不是有效的 .xls 文件，可能已损坏或只是改了扩展名", Refusal.CORRUPT
        )
    return SheetFile(path, suffix, size, head)
