"""Files the program writes: owner-only from the first byte, replaced atomically, never left
half-written, with a clear message when another program (Excel, a PDF viewer) holds the target.

On POSIX a new file is created with mode 0600 by ``os.open`` itself, so no byte is ever readable
by others (no ``chmod`` afterwards). Windows ignores the mode: there the data lives in the user's
profile (``%LOCALAPPDATA%``), which Windows restricts to the user, and copies taken elsewhere (a
USB stick) are protected by the database password when one is set.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

PARTIAL = ".partial"  # suffix of every file still being written; removed at the next start
_LEFTOVER_ENDINGS = tuple(PARTIAL + ending for ending in ("", "-wal", "-shm", "-journal"))
_IN_USE_WINERRORS = {5, 32, 33}  # access denied, sharing violation, lock violation
_RETRIES = 6  # a virus scanner or the indexer can hold a fresh file for a moment


class FileInUse(OSError):
    """The target is open in another program (Windows refuses to replace it)."""

    def __init__(self, path: Path) -> None:
        message = f"文件“{path}”正被另一个程序（如 Excel、PDF 阅读器）打开，请关闭该文件后重试"
        super().__init__(errno.EACCES, message)
        self.path = path

    def __str__(self) -> str:
        return str(self.strerror)


def describe_os_error(error: OSError) -> str:
    """What went wrong with a file, in words for the clerk, with what to do."""
    if isinstance(error, FileInUse):
        return str(error)
    where = f"“{error.filename}”" if error.filename else ""
    if error.errno == errno.ENOSPC:
        return f"磁盘空间不足，无法写入文件{where}；请清理磁盘或换一个位置"
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EROFS):
        if _in_use(error):
            return f"文件{where}正被另一个程序（如 Excel、PDF 阅读器）打开，请关闭该文件后重试"
        return f"没有权限读写文件{where}；请换一个文件夹，或检查文件是否设为只读"
    if isinstance(error, FileNotFoundError):
        return f"找不到文件或文件夹{where}"
    return f"无法读写文件{where}：{error.strerror or error}"


def create_private(path: Path) -> bool:
    """Create an empty file readable by its owner only; False when it exists already."""
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _BINARY, 0o600)
    except FileExistsError:
        return False
    os.close(handle)
    return True


_BINARY = getattr(os, "O_BINARY", 0)


def partial_path(target: Path) -> Path:
    """Where ``target`` is written before it is put in place (hidden, removed at next start)."""
    return target.with_name(f".{target.name}{PARTIAL}")


def _in_use(error: OSError) -> bool:
    """Windows refuses to replace or delete a file another program has open."""
    return sys.platform == "win32" and getattr(error, "winerror", None) in _IN_USE_WINERRORS


def replace(source: Path, target: Path) -> None:
    """``os.replace`` that says so when another program holds ``target`` open (Windows)."""
    for attempt in range(_RETRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError as error:
            if not _in_use(error):
                raise
            if attempt == _RETRIES - 1:
                raise FileInUse(target) from error
            time.sleep(0.05 * (attempt + 1))


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to flush."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


@contextlib.contextmanager
def writing(target: Path, *, private: bool = True) -> Iterator[Path]:
    """Write ``target`` through a partial file: on success it replaces ``target`` in one rename,
    on failure (or a kill) the old file stays as it was.

    The partial file is created owner-only before anything is written to it.
    """
    target = Path(target)
    temp = partial_path(target)
    temp.unlink(missing_ok=True)
    if private:
        create_private(temp)
    try:
        yield temp
        fsync_file(temp)
        replace(temp, target)
        fsync_folder(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise


def is_regular_file(path: Path) -> bool:
    """True for a plain file (not a folder, FIFO, device or socket)."""
    try:
        import stat

        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def remove_leftovers(folder: Path) -> list[Path]:
    """Partial files a killed program left behind in ``folder`` (never a finished file)."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        if path.name.startswith(".") and path.name.endswith(_LEFTOVER_ENDINGS):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}
_NOT_IN_NAMES = set('<>:"/\\|?*')


def safe_file_name(name: str, fallback: str = "文件") -> str:
    """A file name that is valid on Windows and POSIX: no folders, no control characters, no
    ``<>:"/\\|?*``, no reserved device name, no trailing dots or spaces, at most 200 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join("_" if c in _NOT_IN_NAMES or ord(c) < 32 or c == "\x7f" else c for c in name)
    cleaned = cleaned.strip().rstrip(". ")
    stem = cleaned.split(".", 1)[0].upper()
    if not cleaned or stem in _WINDOWS_RESERVED:
        cleaned = f"{fallback}_{cleaned}" if cleaned else fallback
    if len(cleaned) > 200:
        suffix = Path(cleaned).suffix[:20]
        cleaned = cleaned[: 200 - len(suffix)] + suffix
    return cleaned
