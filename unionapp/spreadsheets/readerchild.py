"""The reader process: reads a checked workbook with python-calamine and streams its rows.

Run by :mod:`unionapp.spreadsheets.readerprocess` as
``python -m unionapp.spreadsheets.readerchild PATH SHEETS LIMIT``. It caps its own memory first
(an address-space limit on POSIX, a Job Object on Windows), so an allocation sized from a
crafted count fails here, and a Rust abort ends this process, never the program. It then waits
for one order on stdin:

- ``check``: check the file first (:mod:`filecheck`, bounded memory), send the scans or the
  refusal, and read it only if it passed: laid out by calamine, or row by row by xlsxstream
  when the check found a sheet too large for calamine's memory. This is how the program reads.
- ``go`` / ``stream``: read the file at once by calamine / by xlsxstream, unchecked (the
  tests compare the two readers, and show what the checks protect against).

Frames on stdout: a 4-byte little-endian length, then a pickle of one message:
``("limited", bool)``, ``("checked", [scan values, ...])``, ``("refused", message, refusal,
detail)``, ``("sheet", name, merged)``, ``("rows", [[cell, ...], ...])`` (consecutive rows from
the first), ``("indexed", [(row index, [cell, ...]), ...])``, ``("done", peak_kb)`` or
``("error", kind, detail)``. Only the standard library, python_calamine and the reader modules
of this package are imported.
"""

from __future__ import annotations

import pickle
import struct
import sys
from typing import Any, BinaryIO

ROWS_PER_FRAME = 2000
CELLS_PER_FRAME = 200_000  # a frame of wide rows stays a few megabytes
MAX_MERGED = 100_000  # merged ranges sent per sheet; the parent refuses a sheet with more


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


def stream(out: BinaryIO, path: str, sheets: int) -> None:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(path)
        for index, name in enumerate(book.sheet_names[:sheets]):
            sheet = book.get_sheet_by_index(index)
            start = sheet.start
            merged = sheet.merged_cell_ranges or []
            send(out, ("sheet", name, merged[:MAX_MERGED], len(merged)))
            if start is None:
                continue  # an empty sheet
            pad = [""] * start[1]
            rows: list[list[Any]] = []
            for row in sheet.iter_rows():  # rows from the first; columns from the first used
                rows.append(pad + row if pad else row)
                if len(rows) == ROWS_PER_FRAME or len(rows) * len(row) >= CELLS_PER_FRAME:
                    send(out, ("rows", rows))
                    rows = []
            if rows:
                send(out, ("rows", rows))
            del sheet
        send(out, ("done", peak_memory_kb()))
    except python_calamine.PasswordError as error:
        send(out, ("error", "encrypted", str(error)))
    except MemoryError:
        send(out, ("error", "memory", ""))
    except (
        BaseException
    ) as error:  # calamine raises several kinds; a pyo3 panic is not an Exception
        send(out, ("error", "corrupt", f"{type(error).__name__}: {error}"[:500]))


def check(out: BinaryIO, path: str, sheets: int) -> bool | None:
    """Check the file; whether a sheet must be read row by row, or None when it was refused
    (the reason sent)."""
    from unionapp.spreadsheets.filecheck import check_file, scan_values
    from unionapp.spreadsheets.files import identify
    from unionapp.spreadsheets.limits import SpreadsheetError

    try:
        scans = check_file(identify(path), sheets)
    except SpreadsheetError as error:
        send(out, ("refused", error.message, error.kind.value, error.detail))
        return None
    except MemoryError:
        send(out, ("error", "memory", ""))
        return None
    except Exception as error:  # a structure the checks did not foresee: a broken file
        send(out, ("error", "corrupt", f"{type(error).__name__}: {error}"[:500]))
        return None
    send(out, ("checked", [scan_values(scan) for scan in scans]))
    out.flush()  # the program may be waiting for it
    return any(scan.large for scan in scans)


def main(argv: list[str]) -> int:
    """Start up, then wait for the order (see above); end of input instead means the program
    no longer wants the file."""
    path, sheets, limit = argv[0], int(argv[1]), int(argv[2])
    out = sys.stdout.buffer
    limited = limit_memory(limit)
    import python_calamine  # noqa: F401 - imported before the order comes

    order = sys.stdin.buffer.readline().strip()
    if order not in (b"check", b"go", b"stream"):
        return 0
    send(out, ("limited", limited))
    if order == b"check":
        large = check(out, path, sheets)
        if large is None:
            out.flush()
            return 0
        order = b"stream" if large else b"go"
    (stream if order == b"go" else stream_large)(out, path, sheets)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
