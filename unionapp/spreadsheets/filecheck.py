"""The checks a spreadsheet file passes before anything reads it, run in the reader process.

Each kind of file has its own (:mod:`xlsxcheck`: the archive, package and sheets of a .xlsx;
:mod:`odscheck`: the content of an .ods; :mod:`xlsscan`: the header of an .xls), all within
bounded memory. They run in the reader process (under its memory cap) as its first step, so
they overlap with the program's own start-up; the scans of a .xlsx's sheets go back to the
program as plain values (:func:`scan_values`, :func:`scan_from_values`).
"""

from __future__ import annotations

from typing import Any

from unionapp.spreadsheets.files import SheetFile, open_regular
from unionapp.spreadsheets.xlsxscan import CellNote, SheetScan


def check_file(file: SheetFile, sheets: int) -> list[SheetScan]:
    """Check ``file``; the scans of a .xlsx's first ``sheets`` sheets, else [].
    Raises SpreadsheetError with the reason."""
    with open_regular(file.path) as handle:
        if file.suffix == ".xlsx":
            from unionapp.spreadsheets.xlsxcheck import check_xlsx

            return check_xlsx(handle, file.size, file.path.name, sheets).scans
        if file.suffix == ".ods":
            from unionapp.spreadsheets.odscheck import check_ods
            from unionapp.spreadsheets.ziparchive import open_archive

            with open_archive(handle, file.size, file.path.name) as archive:
                check_ods(archive, file.path.name)
        elif file.suffix == ".xls":
            from unionapp.spreadsheets.xlsscan import check_xls

            check_xls(handle, file.size, file.path.name)
    return []  # a .csv is read by the program itself, row by row


ScanValues = tuple[str, list[tuple[int, int, str, str]], int, list[Any], int, bool]


def scan_values(scan: SheetScan) -> ScanValues:
    """What the program needs of a sheet's scan, as values the reader's frames may carry."""
    notes = [(row, column, note.value, text) for (row, column), (note, text) in scan.notes.items()]
    merged = [tuple(m) for m in scan.merged]
    return (scan.name, notes, scan.unplaced_notes, merged, scan.merged_total, scan.large)


def scan_from_values(values: ScanValues) -> SheetScan:
    """The scan back from :func:`scan_values` (raises ValueError or TypeError if malformed)."""
    name, notes, unplaced, merged, merged_total, large = values
    scan = SheetScan(str(name))
    scan.notes = {(int(r), int(c)): (CellNote(note), str(text)) for r, c, note, text in notes}
    scan.unplaced_notes = int(unplaced)
    scan.merged = [(int(a), int(b), int(c), int(d)) for a, b, c, d in merged]
    scan.merged_total = int(merged_total)
    scan.large = bool(large)
    return scan
