"""A spreadsheet's reader, started while an ``import`` command loads.

Importing SQLAlchemy, the models and the command's modules takes about 0.35 s; the reader
process checks the file and lays out its first sheet in about as long, on the other core. So
before the commands load, the arguments of ``import KIND FILE`` are read on their own, and the
reader starts on the file at once (``unionapp.spreadsheets.reading.open_workbook`` takes it
over). Anything unexpected (another command, a .csv, a file the reader cannot take) starts
nothing here: the command itself then finds and says what is wrong, as before.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from unionapp.spreadsheets.readerprocess import ReaderProcess

log = logging.getLogger(__name__)

# The kinds whose import reads a second sheet (families: 家庭成员); the rest read one.
# ``unionapp.spreadsheets.kinds`` is the truth (a test compares); a wrong guess costs only time.
TWO_SHEETS = frozenset({"families"})


class _Unexpected(Exception):
    pass


class _QuietParser(argparse.ArgumentParser):
    """Raises instead of printing usage and exiting: the real parser speaks later."""

    def error(self, message: str) -> NoReturn:
        raise _Unexpected(message)


def _import_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    early = _QuietParser(add_help=False)
    early.add_argument("--db")
    early.add_argument("--password-file")
    early.add_argument("command")
    early.add_argument("kind")
    early.add_argument("file")
    early.add_argument("--dry-run", action="store_true")
    early.add_argument("--update", action="store_true")
    early.add_argument("--session")
    try:
        options, rest = early.parse_known_args(argv)
    except _Unexpected:
        return None
    return options if options.command == "import" and not rest else None


def read_ahead(argv: Sequence[str] | None) -> ReaderProcess | None:
    """A reader already checking the file of an ``import`` command, or None. (What
    ``reading.start_reader`` does, without loading the record descriptions it needs.)"""
    options = _import_arguments(argv)
    if options is None:
        return None  # every other command pays only for reading its arguments twice
    from unionapp.spreadsheets.files import identify
    from unionapp.spreadsheets.limits import SpreadsheetError
    from unionapp.spreadsheets.readerprocess import ReaderProcess

    try:
        file = identify(options.file)
        if file.suffix == ".csv":
            return None
        two = options.kind in TWO_SHEETS
        reader = ReaderProcess(file.path, 2 if two else 1)
    except (SpreadsheetError, OSError, ValueError) as error:
        log.debug("no reader started ahead: %s", error)
        return None
    reader.check(date.today() if two else None)  # the members sheet cleaned there too
    return reader
