"""Export any list to .xlsx (typed cells, frozen header, fitting widths) or .csv (UTF-8 BOM),
and write empty import templates with drop-down lists."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import Attendee, HardshipFamily, HouseholdMember, TrainingSession
from unionapp.schema import FieldSpec
from unionapp.schema.fields import display
from unionapp.schema.filters import ListQuery
from unionapp.schema.records import (
    ATTENDEE,
    MEMBER,
    TRAINING,
)
from unionapp.services.listing import fetch_rows, list_ids
from unionapp.spreadsheets.catalog import EXPORTS, ExportKind
from unionapp.spreadsheets.cellescape import FIRST_CHARACTERS, escape_formula
from unionapp.spreadsheets.kinds import KINDS, SESSION_FIELDS, WORKER_ID
from unionapp.spreadsheets.report import ImportReport
from unionapp.system.files import replace

TEXT_KINDS = {"text", "longtext", "choice", "multi", "idcard", "creditcode", "phone", "enterprise"}
CHUNK = 2000
Progress = Callable[[int, int], None]


def _width(text: str) -> int:
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


class _Columns:
    """One sheet's columns: the fields and how each value becomes a cell."""

    def __init__(self, fields: Sequence[FieldSpec], reveal: bool) -> None:
        self.fields = list(fields)
        self.reveal = reveal
        self.widths = [_width(f.label) + 2 for f in fields]

    def cell(self, spec_field: FieldSpec, value: Any) -> Any:
        if value is None:
            return ""
        if spec_field.kind == "money":
            return value / 100
        if spec_field.kind == "date" and spec_field.sensitive and not self.reveal:
            return value.year  # a birth date beside a masked ID would undo the mask
        if spec_field.kind in ("int", "year", "float") or spec_field.kind == "date":
            return value
        return display(spec_field, value, reveal=self.reveal)

    def text(self, spec_field: FieldSpec, value: Any) -> str:
        if value is None:
            return ""
        if spec_field.kind == "money":
            return f"{value / 100:.2f}"
        return display(spec_field, value, reveal=self.reveal)


class _XlsxSheet:
    def __init__(self, book: Any, name: str, columns: _Columns) -> None:
        self.book, self.columns = book, columns
        self.sheet = book.add_worksheet(name)
        self.formats = {
            "header": book.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1}),
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "money": book.add_format({"num_format": "#,##0.00"}),
            "text": book.add_format({"num_format": "@"}),
        }
        for column, spec_field in enumerate(columns.fields):
            self.sheet.write_string(0, column, spec_field.label, self.formats["header"])
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def write(self, values: Sequence[Any]) -> None:
        for column, (spec_field, value) in enumerate(zip(self.columns.fields, values, strict=True)):
            cell = self.columns.cell(spec_field, value)
            if cell == "":
                continue
            if spec_field.kind == "date" and isinstance(cell, date):
                self.sheet.write_datetime(
                    self.row,
                    column,
                    datetime.combine(cell, datetime.min.time()),
                    self.formats["date"],
                )
                shown = 10
            elif spec_field.kind == "money":
                self.sheet.write_number(self.row, column, cell, self.formats["money"])
                shown = len(f"{cell:,.2f}")
            elif isinstance(cell, (int, float)) and spec_field.kind not in TEXT_KINDS:
                self.sheet.write_number(self.row, column, cell)
                shown = len(str(cell))
            else:
                self.sheet.write_string(self.row, column, str(cell), self.formats["text"])
                shown = _width(str(cell))
            if self.row < 300:
                self.columns.widths[column] = max(self.columns.widths[column], shown + 2)
        self.row += 1

    def finish(self) -> None:
        for column, width in enumerate(self.columns.widths):
            self.sheet.set_column(column, column, min(width, 60))
        if self.row > 1:
            self.sheet.autofilter(0, 0, self.row - 1, len(self.columns.fields) - 1)


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    handle, temp = tempfile.mkstemp(prefix=".export-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        write(Path(temp))
        replace(Path(temp), path)  # says so when Excel has the old file open (Windows)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _sheets(
    session: Session, kind: ExportKind, ids: list[int]
) -> list[tuple[str, list[FieldSpec], list[list[Any]]]]:
    """(sheet name, fields, rows) for an export; families add their members, trainings their
    sessions' title, date and type so the file can be imported again."""
    spec = kind.spec
    if kind.name == "trainings":
        return [
            (kind.label, list(SESSION_FIELDS) + list(spec.fields), _attendee_rows(session, ids))
        ]
    fields = list(spec.fields)
    rows: list[list[Any]] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        fetched = fetch_rows(session, spec, chunk, fields)
        rows += [[fetched[i][f.key] for f in fields] for i in chunk if i in fetched]
    sheets = [(kind.label, fields, rows)]
    if kind.name == "families":
        sheets.append(("家庭成员", [WORKER_ID, *MEMBER.fields], _member_rows(session, ids)))
    return sheets


def _attendee_rows(session: Session, ids: list[int]) -> list[list[Any]]:
    rows = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        query = (
            select(
                TrainingSession.title,
                TrainingSession.held_on,
                TrainingSession.kind,
                *[getattr(Attendee, f.key) for f in ATTENDEE.fields],
            )
            .join(Attendee.session)
            .where(Attendee.id.in_(chunk))
            .order_by(TrainingSession.held_on, Attendee.id)
        )
        rows += [list(row) for row in session.execute(query)]
    return rows


def _member_rows(session: Session, family_ids: list[int]) -> list[list[Any]]:
    rows = []
    for start in range(0, len(family_ids), CHUNK):
        chunk = family_ids[start : start + CHUNK]
        query = (
            select(
                HardshipFamily.id_number, *[getattr(HouseholdMember, f.key) for f in MEMBER.fields]
            )
            .join(HouseholdMember.family)
            .where(HardshipFamily.id.in_(chunk))
            .order_by(HardshipFamily.id, HouseholdMember.id)
        )
        rows += [list(row) for row in session.execute(query)]
    return rows


def export_list(
    session: Session,
    kind_name: str,
    path: str | Path,
    query: ListQuery | None = None,
    *,
    reveal: bool = False,
    ids: list[int] | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the records matching ``query`` (or ``ids``) and return how many were written.

    ID numbers and phones are masked unless ``reveal``; such a file cannot be imported again.
    """
    kind = EXPORTS[kind_name]
    path = Path(path)
    if ids is None:
        list_spec = TRAINING if kind.name == "trainings" else kind.spec
        ids = list_ids(session, list_spec, query or ListQuery())
        if kind.name == "trainings":
            ids = list(session.scalars(select(Attendee.id).where(Attendee.session_id.in_(ids))))
    sheets = _sheets(session, kind, ids)
    total = len(sheets[0][2])
    if path.suffix.lower() == ".csv":
        _atomic(path, lambda temp: _write_csv(temp, sheets[0], reveal))
    elif path.suffix.lower() == ".xlsx":
        _atomic(path, lambda temp: _write_xlsx(temp, sheets, reveal, progress))
    else:
        raise ValueError(f"不支持的导出格式“{path.suffix}”，请用 .xlsx 或 .csv")
    return total


def _write_xlsx(path: Path, sheets: list, reveal: bool, progress: Progress | None) -> None:  # type: ignore[type-arg]
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    try:
        total = sum(len(rows) for _name, _fields, rows in sheets)
        done = 0
        for name, fields, rows in sheets:
            sheet = _XlsxSheet(book, name, _Columns(fields, reveal))
            for values in rows:
                sheet.write(values)
                done += 1
                if progress is not None and done % 5000 == 0:
                    progress(done, total)
            sheet.finish()
    finally:
        book.close()


def _write_csv(path: Path, sheet: tuple, reveal: bool) -> None:  # type: ignore[type-arg]
    """UTF-8 with a BOM (Excel in China opens it right); a cell that Excel would run as a
    formula (= + - @ tab CR at its start) gets a leading quote (see cellescape)."""
    _name, fields, rows = sheet
    columns = _Columns(fields, reveal)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([f.label for f in fields])
        first = FIRST_CHARACTERS
        for values in rows:
            cells = [columns.text(f, v) for f, v in zip(fields, values, strict=True)]
            writer.writerow([escape_formula(c) if c and c[0] in first else c for c in cells])


def write_template(kind_name: str, path: str | Path, choices: dict[str, tuple[str, ...]]) -> Path:
    """An empty import sheet: headers (* marks required), an example row, drop-down lists,
    and a sheet of instructions."""
    kind = KINDS[kind_name]
    path = Path(path)
    sheets = [
        (kind.label, list(kind.extra_fields) + [f for f in kind.spec.fields if not f.derived])
    ]
    if kind.child is not None:
        sheets.append(("家庭成员", list(kind.child_fields) + list(kind.child.fields)))

    def write(temp: Path) -> None:
        book = xlsxwriter.Workbook(str(temp))
        header = book.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1})
        required = book.add_format({"bold": True, "bg_color": "#FDE9D9", "border": 1})
        example = book.add_format({"italic": True, "font_color": "#666666", "num_format": "@"})
        notes = []
        for name, fields in sheets:
            sheet = book.add_worksheet(name)
            for column, spec_field in enumerate(fields):
                options = choices.get(spec_field.key, spec_field.choices)
                sheet.write_string(
                    0,
                    column,
                    spec_field.label + ("*" if spec_field.required else ""),
                    required if spec_field.required else header,
                )
                sample = spec_field.example or (options[0] if options else "")
                if spec_field.kind == "bool" and not sample:
                    sample = "否"
                sheet.write_string(1, column, sample, example)
                sheet.set_column(
                    column,
                    column,
                    max(12, _width(spec_field.label) + 4),
                    book.add_format({"num_format": "@"}),
                )
                listed = ("是", "否") if spec_field.kind == "bool" else options
                if listed and spec_field.kind != "multi" and len("".join(listed)) < 250:
                    sheet.data_validation(
                        1,
                        column,
                        5000,
                        column,
                        {
                            "validate": "list",
                            "source": list(listed),
                            "error_message": f"请从下拉列表中选择{spec_field.label}",
                        },
                    )
                notes.append((name, spec_field, listed))
            sheet.freeze_panes(1, 0)
        guide = book.add_worksheet("填写说明")
        for column, title in enumerate(("表", "列", "必填", "说明")):
            guide.write_string(0, column, title, header)
        for row, (name, spec_field, listed) in enumerate(notes, start=1):
            hint = {
                "date": "日期，如 2023-03-01",
                "money": "金额（元），最多两位小数",
                "idcard": "18位身份证号（请设为文本格式）",
                "creditcode": "18位统一社会信用代码",
                "int": "整数",
                "year": "年份",
                "phone": "手机或固定电话",
                "enterprise": "企业名称，须已在企业名录中",
            }.get(spec_field.kind, "")
            if listed:
                hint = (
                    "可选："
                    + "、".join(listed)
                    + ("（可多选，用“、”分隔）" if spec_field.kind == "multi" else "")
                )
            guide.write_row(
                row, 0, [name, spec_field.label, "是" if spec_field.required else "", hint]
            )
        guide.write_string(len(notes) + 2, 0, "第二行是示例，导入前请删除或改成真实数据。")
        guide.set_column(0, 0, 12)
        guide.set_column(1, 1, 18)
        guide.set_column(3, 3, 60)
        book.close()

    _atomic(path, write)
    return path


def write_report(report: ImportReport, path: str | Path) -> Path:
    """The import check's problems and reminders as a CSV the clerk can open in Excel, sort
    and work through (UTF-8 with a BOM; values quoted from the file escaped as formulas)."""
    path = Path(path)
    rows = [("错误", p) for p in report.problems] + [("提醒", w) for w in report.warnings]

    def write(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["类别", "工作表", "行", "列", "值", "原因"])
            for label, item in rows:
                cells = [
                    label,
                    item.sheet,
                    str(item.row or ""),
                    item.column,
                    item.value,
                    item.reason,
                ]
                writer.writerow(
                    [escape_formula(c) if c and c[0] in FIRST_CHARACTERS else c for c in cells]
                )

    _atomic(path, write)
    return path
