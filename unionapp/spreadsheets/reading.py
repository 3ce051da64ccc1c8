"""Read the sheets of a spreadsheet file as streams of rows, with clear refusals.

Every file is checked first (:mod:`files`: a plain file of a known kind, here; then, in the
reader process, the archive, package and sheets of a .xlsx, the content of an .ods, the header
of an .xls: :mod:`filecheck`), within bounded memory, before anything reads it. xlsx, xls and
ods are then read by python-calamine (about 20x faster than openpyxl) in that process, which
has a memory cap and sends its rows as they are read (:mod:`readerprocess`); a .xlsx sheet too
large for calamine's memory is read there row by row instead (:mod:`xlsxstream`); csv is read
here, row by row. A crash or an exhausted reader is a refusal like any other: the program
carries on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from unionapp.spreadsheets.csvreading import csv_rows
from unionapp.spreadsheets.filecheck import scan_from_values
from unionapp.spreadsheets.files import SheetFile, identify, open_regular
from unionapp.spreadsheets.limits import MAX_ROWS, Refusal, SpreadsheetError
from unionapp.spreadsheets.precleaning import Precleaned
from unionapp.spreadsheets.readerprocess import ReaderProcess
from unionapp.spreadsheets.sheet import Row, Sheet

__all__ = ["Refusal", "Row", "Sheet", "SpreadsheetError", "Workbook", "open_workbook"]


class Workbook:
    """The sheets of one file, in order; read each sheet's rows before asking for the next."""

    def __init__(
        self,
        file: SheetFile,
        sheets: Iterator[Sheet],
        close: Callable[[], None],
        reader: ReaderProcess | None = None,
    ) -> None:
        self.file = file
        self.sheets = sheets
        self.reader = reader  # the reader process, for .xlsx, .xls and .ods
        self._close = close

    def close(self) -> None:
        """Release the file or the reader process."""
        self._close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _csv_sheets(file: SheetFile) -> Iterator[Sheet]:
    with open_regular(file.path) as handle:
        yield Sheet(file.path.stem, _capped(csv_rows(handle, file.path.name), file))


class _ReaderStream:
    """The reader process's messages as sheets, each with a stream of rows."""

    def __init__(self, file: SheetFile, process: ReaderProcess) -> None:
        """Wait for the reader's checks: raises their refusal, or the reader's failure."""
        self.file = file
        self.process = process
        self.messages = process.messages()
        self.ahead: tuple[Any, ...] | None = None
        self.sheet = Sheet("", iter(()))  # the sheet being read
        checked = next(self.messages, None)
        try:
            if checked is None or checked[0] != "checked":
                raise ValueError(f"the reader began with {str(checked)[:80]}")
            self.scans = [scan_from_values(values) for values in checked[1]]
        except (ValueError, TypeError) as error:
            raise SpreadsheetError(
                f"“{file.path.name}”的检查结果无法读取，已拒绝导入；请重试",
                Refusal.READER_FAILED,
                detail=str(error),
            ) from error

    def _next(self) -> None:
        self.ahead = next(self.messages, None)

    def _cleaned(self) -> None:
        """Take the reader's cleaning of the rows ahead (see precleaning), if it sent any."""
        while self.ahead is not None and self.ahead[0] == "cleaned":
            if self.sheet.precleaned is None:
                self.sheet.precleaned = Precleaned.from_message(self.ahead)
            else:
                self.sheet.precleaned.add(self.ahead)
            self._next()

    def _rows(self) -> Iterator[Row]:
        index = 0
        while self.ahead is not None and self.ahead[0] in ("rows", "indexed"):
            if self.ahead[0] == "indexed":
                yield from _capped(self.ahead[1], self.file)
            else:
                if index + len(self.ahead[1]) > MAX_ROWS:
                    _too_many_rows(self.file)
                yield from enumerate(self.ahead[1], start=index)
                index += len(self.ahead[1])
            self._next()
            self._cleaned()

    def sheets(self) -> Iterator[Sheet]:
        self._next()
        position = 0
        while self.ahead is not None and self.ahead[0] == "sheet":
            _kind, name, merged, merged_total = self.ahead
            self._next()
            rows = self._rows()
            sheet = Sheet(name, rows, [(a, b, c, d) for (a, b), (c, d) in merged])
            self.sheet = sheet
            self._cleaned()
            if position < len(self.scans):
                scan = self.scans[position]
                sheet.notes, sheet.unplaced_notes = scan.notes, scan.unplaced_notes
                if scan.large:
                    sheet.merged, merged_total = scan.merged, scan.merged_total
            if merged_total > len(sheet.merged):
                raise SpreadsheetError(
                    f"“{self.file.path.name}”的工作表“{name}”有 {merged_total:,} 处合并单元格，"
                    "超过可以核对的数量；请取消合并并填好每个单元格后再导入",
                    Refusal.TOO_LARGE,
                )
            yield sheet
            for _row in rows:  # the caller stopped early: move past this sheet's rows
                pass
            position += 1


def _too_many_rows(file: SheetFile) -> NoReturn:
    raise SpreadsheetError(
        f"“{file.path.name}”超过 {MAX_ROWS:,} 行，请拆分成几个文件后分批导入", Refusal.TOO_LARGE
    )


def _capped(rows: Iterable[Row], file: SheetFile) -> Iterator[Row]:
    for index, cells in rows:
        if index >= MAX_ROWS:
            _too_many_rows(file)
        yield index, cells


def start_reader(
    path: str | Path, sheets: int = 1, members_on: date | None = None
) -> ReaderProcess | None:
    """A reader process told to check ``path`` and read its first ``sheets`` sheets (for
    :func:`open_workbook`), or None for a .csv, read here; raises SpreadsheetError."""
    file = identify(path)
    if file.suffix == ".csv":
        return None
    reader = ReaderProcess(file.path, sheets)
    reader.check(members_on)
    return reader


def open_workbook(
    path: str | Path,
    sheets: int = 1,
    reader: ReaderProcess | None = None,
    members_on: date | None = None,
) -> Workbook:
    """Check the file and start reading its first ``sheets`` sheets; raises SpreadsheetError.

    ``reader``, a reader process already told to check this file (started while the command
    loaded, see ``unionapp.cli.read_ahead``), is used if it reads the same file and number of
    sheets, and closed otherwise. ``members_on``: a new reader cleans the second sheet's
    household members as of that day (see precleaning)."""
    try:
        file = identify(path)
    except BaseException:
        if reader is not None:
            reader.close()
        raise
    if reader is not None and (
        file.suffix == ".csv" or reader.path != file.path or reader.sheets != sheets
    ):
        reader.close()
        reader = None
    if file.suffix == ".csv":
        csv_sheets = _csv_sheets(file)
        return Workbook(file, csv_sheets, csv_sheets.close)
    if reader is None:
        reader = ReaderProcess(file.path, sheets)
        reader.check(members_on)
    try:
        stream = _ReaderStream(file, reader)
    except BaseException:
        reader.close()
        raise
    return Workbook(file, stream.sheets(), reader.close, reader)
