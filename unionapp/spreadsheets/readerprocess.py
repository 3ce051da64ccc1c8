"""Start the reader process and take its rows as they come.

The reader (:mod:`unionapp.spreadsheets.readerchild`) is a separate Python process with its
memory capped; it checks the file, then its rows arrive in frames through a pipe, so neither
process holds the whole sheet as Python objects. If it dies (a Rust abort, the memory cap, a
crash) or, once the file is checked, takes longer than READER_TIMEOUT without sending anything,
the program gets a clear refusal and carries on. Frames are unpickled with a loader that
accepts nothing but plain values and dates.
"""

from __future__ import annotations

import datetime
import io
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from unionapp.spreadsheets.limits import (
    CHECK_TIMEOUT,
    READER_LIMIT,
    READER_TIMEOUT,
    Refusal,
    SpreadsheetError,
)

MAX_FRAME = 256 * 1024 * 1024
_DATE_TYPES = {"date", "datetime", "time", "timedelta"}


class _ValuesOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name in _DATE_TYPES:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"unexpected {module}.{name} from the reader process")


def _child_environment() -> dict[str, str]:
    """The parent's module path, so the child imports the same code (installed or not)."""
    env = dict(os.environ)
    paths = [os.path.abspath(p) for p in sys.path if p and os.path.exists(p)]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env["RUST_BACKTRACE"] = "0"
    env["MALLOC_ARENA_MAX"] = "1"  # glibc: a thread's own arena would take 64 MB of the cap
    return env


SPAWN_TRIES = 2
SPAWN_PAUSE = 0.25  # seconds


def _spawn(path: Path, sheets: int, limit: int, errors: IO[bytes]) -> subprocess.Popen[bytes]:
    """The reader's process. Starting a process can fail for a moment (an antivirus holding
    python.exe, Wine's "internal error"): it is tried again once before the import is refused."""
    module = "unionapp.spreadsheets.readerchild"
    command = [sys.executable, "-s", "-m", module, str(path), str(sheets), str(limit)]
    tries = 1
    while True:
        try:
            return subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=_child_environment(),
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError:
            if tries == SPAWN_TRIES:
                raise
            tries += 1
            time.sleep(SPAWN_PAUSE)


class ReaderProcess:
    """One run of the reader over ``path``; iterate :meth:`messages` to the end, then close."""

    def __init__(self, path: Path, sheets: int, limit: int = READER_LIMIT) -> None:
        self.path = path
        self.sheets = sheets
        self.ordered_check = False
        self.checking = False  # checking the file, and no answer yet
        self.closed = False
        self.read_all = False  # the reader sent everything and said it was done
        self.limited = False
        self.timed_out = False
        self.timed_out_checking = False  # stopped in the checks (CHECK_TIMEOUT), not after
        self.peak_kb = 0  # the reader's peak resident memory, once it has finished (Linux)
        # a file, not a pipe: a child writing much to stderr must never block on it
        self.errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        try:
            self.process = _spawn(path, sheets, limit, self.errors)
        except OSError as error:
            self.errors.close()
            raise SpreadsheetError(
                f"无法启动读取“{path.name}”的程序（{error.strerror or error}），请关闭其他程序后重试",
                Refusal.READER_FAILED,
            ) from error
        self.waiting_since: float | None = None  # when the program began waiting for a frame
        self.finished = threading.Event()
        threading.Thread(target=self._watch, name="reader watchdog", daemon=True).start()

    def check(self, members_on: datetime.date | None = None) -> None:
        """Let the reader check the file and, if it passes, read it: the first message is then
        ``("checked", scans)``, or the refusal raised by :meth:`messages`. With
        ``members_on``, the second sheet's household members are cleaned there as of that day
        (see precleaning)."""
        self.ordered_check = True
        day = f" members {members_on.isoformat()}" if members_on is not None else ""
        self._order(f"check{day}\n".encode("ascii"))

    def read_unchecked(self, large: bool = False) -> None:
        """Let the reader read the file without the checks (a large sheet row by row): for
        comparing the two readers, and showing what the checks keep out."""
        self._order(b"stream\n" if large else b"go\n")

    def _order(self, order: bytes) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(order)
            self.process.stdin.close()
        except OSError:
            pass  # the reader already ended; messages() says so

    def _watch(self) -> None:
        """Stop a reader that has sent nothing for READER_TIMEOUT seconds while the program
        waits (time spent by the program on rows already sent does not count); while it checks
        the file (which inflates up to MAX_INFLATED_BYTES once) it has CHECK_TIMEOUT."""
        while not self.finished.wait(1.0):
            since = self.waiting_since
            checking = self.checking  # read once: the limit and the message agree
            limit = CHECK_TIMEOUT if checking else READER_TIMEOUT
            if since is not None and time.monotonic() - since > limit:
                self.timed_out_checking = checking
                self.timed_out = True
                self.process.kill()
                return

    def _read(self, size: int) -> bytes | None:
        assert self.process.stdout is not None
        self.waiting_since = time.monotonic()
        try:
            data = self.process.stdout.read(size)
        finally:
            self.waiting_since = None
        return data if len(data) == size else None

    def messages(self) -> Iterator[tuple[Any, ...]]:
        """Every message up to ``("done",)``; raises SpreadsheetError for anything else."""
        while True:
            head = self._read(4)
            if head is None:
                raise self._failure()
            (size,) = struct.unpack("<I", head)
            data = self._read(size) if size <= MAX_FRAME else None
            if data is None:
                raise self._failure()
            try:
                message = _ValuesOnly(io.BytesIO(data)).load()
            except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as error:
                raise self._failure() from error
            kind = message[0]
            if kind == "limited":  # the reader has its order: the checks begin, if asked for
                self.limited = bool(message[1])
                self.checking = self.ordered_check
            elif kind == "refused":
                self.checking = False
                raise self._refused(message)
            elif kind == "error":
                raise self._refusal(message[1], message[2])
            elif kind == "done":
                self.peak_kb = int(message[1])
                self.read_all = True
                return
            else:
                if kind == "checked":
                    self.checking = False
                yield message

    def _refused(self, message: tuple[Any, ...]) -> SpreadsheetError:
        """The checks' refusal, as they would have raised it here."""
        try:
            _kind, text, refusal, detail, peak_kb = message
            self.peak_kb = int(peak_kb)
            return SpreadsheetError(str(text), Refusal(refusal), detail=str(detail))
        except (ValueError, TypeError):
            return self._failure()

    def _refusal(self, kind: str, detail: str) -> SpreadsheetError:
        name = self.path.name
        if kind == "encrypted":
            return SpreadsheetError(
                f"“{name}”已加密，请先在 Excel 中取消密码后再导入", Refusal.ENCRYPTED
            )
        if kind == "memory":
            return self._failure()
        return SpreadsheetError(f"“{name}”已损坏，无法读取（{detail}）", Refusal.CORRUPT)

    def _failure(self) -> SpreadsheetError:
        """The reader ended without finishing: it ran out of memory, aborted or was stopped."""
        self.process.kill()
        self.process.wait()
        name = self.path.name
        if self.timed_out and self.timed_out_checking:
            message = (
                f"检查“{name}”超过 {CHECK_TIMEOUT / 60:.0f} 分钟仍未完成，已停止并拒绝导入；"
                "文件可能过大或是恶意构造的，请拆分成较小的文件或重新保存后再试"
            )
        elif self.timed_out:
            message = f"读取“{name}”时读取程序 {READER_TIMEOUT:.0f} 秒没有进展，已停止；文件可能已损坏或过大"
        else:
            message = (
                f"读取“{name}”时读取程序异常退出（内存超过 {READER_LIMIT >> 20} MB 上限或文件结构异常），"
                "文件可能是恶意构造的或已损坏，已拒绝导入；程序和数据未受影响"
            )
        self.errors.seek(0)
        detail = self.errors.read(2000).decode("utf-8", "replace")
        return SpreadsheetError(message, Refusal.READER_FAILED, detail=detail)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.finished.set()
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()  # never started: the reader ends by itself
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.errors.close()
