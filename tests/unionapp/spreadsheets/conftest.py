"""Spreadsheet fixtures: workbooks written by openpyxl, and a snapshot of the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import text

from unionapp.spreadsheets.applying import apply_import
from unionapp.spreadsheets.importer import ImportReport, plan_import

TODAY = date(2024, 6, 15)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TABLES = ("enterprise", "family", "household_member", "assistance", "training", "attendee",
          "audit_log")  # fmt: skip


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write rows with openpyxl (cell types as given: numbers, dates, text)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def snapshot(db) -> dict[str, list[tuple]]:
    with db.read() as session:
        return {t: session.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all() for t in TABLES}


def run_import(db, kind: str, path: Path, **options: Any) -> ImportReport:
    with db.write() as session:
        report = plan_import(session, kind, path, today=TODAY, **options)
        if report.ok:
            apply_import(session, report)
    return report


@pytest.fixture
def sheet_path(tmp_path: Path):
    return lambda name: tmp_path / name
