"""What the sync model reads of a PC or the server: families with their members, ID numbers
and archive numbers; changes still waiting to go up or kept back; the import sheets it writes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from unionapp.database import Database
from unionapp.models import HardshipFamily, SyncChange
from unionapp.validation.idcard import id_check_char

KEYS = ("id_number", "archive_no")  # a family's natural keys, in family_rows' order


def person(serial: int, block: int = 0) -> str:
    """ID number ``serial`` (0-999) of a ``block`` (0-39: each run of the model has its own,
    so that one run's families are not another office's for the next run)."""
    body = f"320115{1980 + block}0202{serial:03d}"
    return body + id_check_char(body)


def family_rows(database: Database) -> dict[str, tuple]:
    """uid: (worker's name, ID number, archive number, members' names)."""
    with database.read() as session:
        return {
            family.uid: (
                family.worker_name,
                family.id_number,
                family.archive_no,
                tuple(sorted(member.name for member in family.members)),
            )
            for family in session.scalars(select(HardshipFamily))
        }


def waiting_or_kept(database: Database) -> list[tuple[str, str, str]]:
    """Changes not yet sent, and pulled changes kept back for a retry."""
    with database.read() as session:
        found = session.scalars(
            select(SyncChange).where((SyncChange.sent.is_(False)) | (SyncChange.op == "pulled"))
        )
        return [(change.table_name, change.uid, change.op) for change in found]


def family_sheet(path: Path, families: list[tuple[str, int, int]], block: int = 0) -> None:
    """A workbook of (name, ID serial, members) families and their household members."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    first = book.add_worksheet("困难职工")
    first.write_row(0, 0, ["姓名", "身份证号", "困难类别", "家庭人口"])
    members = book.add_worksheet("家庭成员")
    members.write_row(0, 0, ["职工身份证号", "姓名", "关系"])
    line = 0
    for row, (name, serial, count) in enumerate(families, start=1):
        first.write_row(row, 0, [name, person(serial, block), "相对困难", count + 1])
        for number in range(count):
            line += 1
            members.write_row(line, 0, [person(serial, block), f"{name}家{number}", "子女"])
    book.close()
