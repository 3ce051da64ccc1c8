"""The reader process: reads a checked workbook with python-calamine and streams its rows.

Run by :mod:`unionapp.spreadsheets.readerprocess` as
``python -m unionapp.spreadsheets.readerchild PATH SHEETS LIMIT``. It caps its own memory first
(an address-space limit on POSIX, a Job Object on Windows), so an allocation sized from a
crafted count fails here, and a Rust abort ends this process, never the program. It then waits
for one order on stdin:

- ``check``: check the file first (:mod:`filecheck`, bounded memory), send the scans or the
  refusal, and read it only if it passed: laid out by calamine, or row by row by xlsxstream
  when the check found a sheet too large for calamine's memory. This is how the program reads.
  ``check members YYYY-MM-DD`` also cleans the second sheet's household members as of that day
  (:mod:`precleaning`) and sends the results ahead of that sheet's rows.
- ``go`` / ``stream``: read the file at once by calamine / by xlsxstream, unchecked (the
  tests compare the two readers, and show what the checks protect against).

Frames on stdout: a 4-byte little-endian length, then a pickle of one message:
``("limited", bool)``, ``("checked", [scan values, ...])``, ``("refused", message, refusal,
detail, peak_kb)``, ``("sheet", name, merged)``, ``("rows", [[cell, ...], ...])`` (consecutive rows from
the first), ``("indexed", [(row index, [cell, ...]), ...])``, ``("done", peak_kb)`` or
``("error", kind, detail)``, and ``("cleaned", day, keys, entries)`` before each frame of a
members sheet's rows.
Only the standard library, python_calamine, the reader modules of this package and, to clean
members, the record descriptions are imported. Frames are written by a thread of their own
(:mod:`framesender`), so reading goes on while the program works through them.
"""

from __future__ import annotations

import gc
import pickle
import struct
import sys
from collections.abc import Iterable
from datetime import date
from typing import Any, BinaryIO

ROWS_PER_FRAME = 2000
CELLS_PER_FRAME = 200_000  # a frame of wide rows stays a few megabytes
MAX_MERGED = 100_000  # merged ranges sent per sheet; the parent refuses a sheet with more
CLEAN_CELLS = 300_000  # a members sheet cleaned here has at most these (see precleaning)


def limit_memory(limit: int) -> bool:
    """Cap this process's memory; False where the platform gives no way to."""
    if sys.platform == "win32":
        from unionapp.spreadsheets.winjob import limit_process_memory

        return limit_process_memory(limit)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        return False
    return True


def peak_memory_kb() -> int:
    """This process's peak resident memory where the system tells it (Linux), else 0."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def send(out: BinaryIO, message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(struct.pack("<I", len(data)))
    out.write(data)


def stream_large(out: BinaryIO, path: str, sheets: int) -> None:
    """A sheet too large for calamine's memory, row by row (see xlsxstream)."""
    from pathlib import Path

    from unionapp.spreadsheets.limits import SpreadsheetError
    from unionapp.spreadsheets.xlsxstream import stream_sheets
    from unionapp.spreadsheets.ziparchive import open_archive

    try:
        with open(path, "rb") as handle:
            size = Path(path).stat().st_size
            with open_archive(handle, size, Path(path).name) as archive:
                for message in stream_sheets(archive, Path(path).name, sheets):
                    send(out, message)
        send(out, ("done", peak_memory_kb()))
    except SpreadsheetError as error:
        send(out, ("error", "corrupt", error.message))
    except MemoryError:
        send(out, ("error", "memory", ""))
    except Exception as error:  # expat and zip errors on a broken part
        send(out, ("error", "corrupt", f"{type(error).__name__}: {error}"[:500]))


def stream(
    out: BinaryIO,
    path: str,
    sheets: int,
    members_on: date | None = None,
    scans: list[Any] | None = None,
) -> None:
    """Read by calamine; with ``members_on``, the second sheet's household members are cleaned
    here as of that day and sent ahead of its rows (see precleaning)."""
    import python_calamine

    from unionapp.spreadsheets.framesender import FrameSender

    sender = FrameSender(out)
    try:
        book = python_calamine.CalamineWorkbook.from_path(path)
        for index, name in enumerate(book.sheet_names[:sheets]):
            sheet = book.get_sheet_by_index(index)
            start = sheet.start
            merged = sheet.merged_cell_ranges or []
            sender.send(("sheet", name, merged[:MAX_MERGED], len(merged)))
            if start is None:
                continue  # an empty sheet
            pad = [""] * start[1]
            # rows from the first; columns from the first used
            rows: Iterable[list[Any]] = (pad + row if pad else row for row in sheet.iter_rows())
            cleaner = None
            if index == 1 and members_on is not None and sheet.height * sheet.width <= CLEAN_CELLS:
                rows = list(rows)
                cleaner = _member_cleaner(name, rows, merged, scans, members_on)
            frame: list[list[Any]] = []
            at = 0  # rows sent
            for row in rows:
                frame.append(row)
                if len(frame) == ROWS_PER_FRAME or len(frame) * len(row) >= CELLS_PER_FRAME:
                    at += len(frame)
                    cleaner = _send_cleaned(sender, cleaner, at, members_on)
                    sender.send(("rows", frame))
                    frame = []
            if frame:
                cleaner = _send_cleaned(sender, cleaner, at + len(frame), members_on)
                sender.send(("rows", frame))
            del sheet, rows
        sender.send(("done", peak_memory_kb()))
    except BrokenPipeError:
        pass  # the program no longer reads
    except python_calamine.PasswordError as error:
        sender.send(("error", "encrypted", str(error)))
    except MemoryError:
        sender.send(("error", "memory", ""))
    except (
        BaseException
    ) as error:  # calamine raises several kinds; a pyo3 panic is not an Exception
        sender.send(("error", "corrupt", f"{type(error).__name__}: {error}"[:500]))
    finally:
        sender.close()


def _member_cleaner(
    name: str, rows: list[list[Any]], merged: list[Any], scans: list[Any] | None, day: date
) -> Any:
    """A MemberCleaner over the members sheet, or None (never an error: the program then
    cleans the rows itself)."""
    try:
        from unionapp.spreadsheets.precleaning import MemberCleaner
        from unionapp.spreadsheets.sheet import Sheet

        members = Sheet(name, iter(enumerate(rows)), [(a, b, c, d) for (a, b), (c, d) in merged])
        if scans and len(scans) > 1:
            members.notes, members.unplaced_notes = scans[1].notes, scans[1].unplaced_notes
        return MemberCleaner(members, day)
    except Exception as error:  # a fault here must not cost the import its reading
        print(f"members not cleaned ahead: {type(error).__name__}: {error}", file=sys.stderr)
        return None


def _send_cleaned(sender: Any, cleaner: Any, rows: int, day: date | None) -> Any:
    """Send the cleaning of the rows up to the ``rows``-th (Excel's row ``rows``); the cleaner
    to go on with, or None after a fault."""
    if cleaner is None or day is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # cleaning makes no cycles, and the rows it holds are bounded (CLEAN_CELLS)
    try:
        entries = cleaner.upto(rows)
    except Exception as error:  # a fault here must not cost the import its reading
        print(f"members not cleaned ahead: {type(error).__name__}: {error}", file=sys.stderr)
        return None
    finally:
        if collecting:
            gc.enable()
    sender.send(("cleaned", day.isoformat(), cleaner.keys, entries))
    return cleaner


def check(out: BinaryIO, path: str, sheets: int) -> list[Any] | None:
    """Check the file; the scans of its sheets, or None when it was refused (the reason
    sent)."""
    from pathlib import Path

    from unionapp.spreadsheets.filecheck import check_file, scan_values
    from unionapp.spreadsheets.files import identify
    from unionapp.spreadsheets.limits import Refusal, SpreadsheetError

    try:
        scans = check_file(identify(path), sheets)
    except SpreadsheetError as error:
        send(out, ("refused", error.message, error.kind.value, error.detail, peak_memory_kb()))
        return None
    except MemoryError:
        send(out, ("error", "memory", ""))
        return None
    except OSError as error:  # the disk or the network share failed while reading
        reason = f"无法读取“{Path(path).name}”：{error.strerror or error}"
        send(out, ("refused", reason, Refusal.UNREADABLE.value, str(error), peak_memory_kb()))
        return None
    except Exception as error:  # a structure the checks did not foresee: a broken file
        send(out, ("error", "corrupt", f"{type(error).__name__}: {error}"[:500]))
        return None
    send(out, ("checked", [scan_values(scan) for scan in scans]))
    out.flush()  # the program may be waiting for it
    return scans


def main(argv: list[str]) -> int:
    """Start up, then wait for the order (see above); end of input instead means the program
    no longer wants the file."""
    path, sheets, limit = argv[0], int(argv[1]), int(argv[2])
    out = sys.stdout.buffer
    limited = limit_memory(limit)
    import python_calamine  # noqa: F401 - imported before the order comes

    order = sys.stdin.buffer.readline().split()
    if not order or order[0] not in (b"check", b"go", b"stream"):
        return 0
    send(out, ("limited", limited))
    out.flush()  # the program's watchdog gives the checks their own time from here
    if order[0] == b"check":
        scans = check(out, path, sheets)
        if scans is None:
            out.flush()
            return 0
        members_on = None
        if order[1:2] == [b"members"] and len(order) == 3:
            members_on = date.fromisoformat(order[2].decode("ascii"))
        if any(scan.large for scan in scans):
            stream_large(out, path, sheets)
        else:
            stream(out, path, sheets, members_on, scans)
    elif order[0] == b"go":
        stream(out, path, sheets)
    else:
        stream_large(out, path, sheets)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
