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
from unionapp.spreadsheets.reading import open_workbook
from unionapp.spreadsheets.report import ImportReport, PlannedRow, Problem

__all__ = ["ImportReport", "PlannedRow", "Problem", "plan_import"]


def plan_import(
    session: Session,
    kind_name: str,
    path: str | Path,
    *,
    update: bool = False,
    today: date | None = None,
    session_id: int | None = None,
) -> ImportReport:
    """Check a file against the database; nothing is written."""
    kind = KINDS[kind_name]
    planner = Planner(session, kind, Path(path), update, today or date.today(), session_id)
    try:
        with open_workbook(path, sheets=2 if kind.child is not None else 1) as book:
            sheets = book.sheets
            first = next(sheets, None)
            if first is None:
                planner.problem(Path(path).name, 0, "", "", "表格是空的（没有工作表）")
            elif kind.name == "trainings":
                plan_attendees(planner, first)
            else:
                plan_records(planner, first, sheets)
    except SpreadsheetError as error:
        planner.problem(Path(path).name, 0, "", "", error.message)
    return planner.report
