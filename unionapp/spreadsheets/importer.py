"""Import a spreadsheet all-or-nothing: every row is checked first, and if anything is wrong
nothing is written and the report names each problem by row, column, value and reason.

A dry run is the same check, returning what would be added and updated. The file is read as a
stream (see :mod:`unionapp.spreadsheets.reading`); a file refused on reading is one problem.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from unionapp.spreadsheets.kinds import KINDS
from unionapp.spreadsheets.limits import SpreadsheetError
from unionapp.spreadsheets.planattendees import plan_attendees
from unionapp.spreadsheets.planner import Planner
from unionapp.spreadsheets.planrecords import plan_records
from unionapp.spreadsheets.readerprocess import ReaderProcess
from unionapp.spreadsheets.reading import open_workbook, start_reader
from unionapp.spreadsheets.report import ImportReport, PlannedRow, Problem
from unionapp.validation.idcard import forget_checked_numbers

__all__ = ["ImportReport", "PlannedRow", "Problem", "plan_import"]


def plan_import(
    session: Session,
    kind_name: str,
    path: str | Path,
    *,
    update: bool = False,
    today: date | None = None,
    session_id: int | None = None,
    reader: ReaderProcess | None = None,
) -> ImportReport:
    """Check a file against the database; nothing is written.

    The reader starts on the file first, so that the database's keys load while it checks and
    parses it. ``reader``: one already started on the file (see ``open_workbook``), which this
    call then owns."""
    try:
        kind = KINDS[kind_name]
    except KeyError:
        if reader is not None:
            reader.close()
        raise
    path = Path(path)
    day = today or date.today()
    sheets = 2 if kind.child is not None else 1
    members_on = day if kind.child is not None else None

    def planner() -> Planner:
        return Planner(session, kind, path, update, day, session_id)

    checking: Planner | None = None
    try:
        if reader is None:
            reader = start_reader(path, sheets, members_on)  # None for a .csv
        checking = planner()
        book = open_workbook(path, sheets=sheets, reader=reader, members_on=members_on)
    except SpreadsheetError as error:
        if reader is not None:
            reader.close()
        refused = checking or planner()
        refused.problem(path.name, 0, "", "", error.message)
        return refused.report
    except BaseException:
        if reader is not None:
            reader.close()
        raise
    assert checking is not None
    with book:
        try:
            if kind.name == "trainings":
                plan_attendees(checking, book.sheets)
            else:
                plan_records(checking, book.sheets)
        except SpreadsheetError as error:
            checking.problem(path.name, 0, "", "", error.message)
        finally:
            forget_checked_numbers()  # the sheet's ID numbers do not stay in memory
    return checking.report
