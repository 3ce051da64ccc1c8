"""Import a spreadsheet all-or-nothing: every row is checked first, and if anything is wrong
nothing is written and the report names each problem by row, column, value and reason.

A dry run is the same check, returning what would be added and updated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import Attendee, Enterprise, HardshipFamily, TrainingSession
from unionapp.schema import Context, FieldSpec, RecordSpec, clean_record
from unionapp.schema.fields import clean_value, is_blank
from unionapp.services.records import make_context
from unionapp.spreadsheets.columns import match_headers
from unionapp.spreadsheets.kinds import KINDS, SESSION_FIELDS, ImportKind
from unionapp.spreadsheets.reading import Sheet, SpreadsheetError, read_sheets
from unionapp.validation.common import ValidationError


@dataclass
class Problem:
    sheet: str
    row: int  # as Excel numbers it (1 = first row)
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"“{self.sheet}”第{self.row}行" if self.row else f"“{self.sheet}”"
        column = f"“{self.column}”列" if self.column else ""
        value = f"（值：{self.value}）" if self.value else ""
        return f"{where}{column}{value}：{self.reason}"


@dataclass
class PlannedRow:
    row: int
    values: dict[str, Any]
    existing_id: int | None = None
    children: list[dict[str, Any]] = field(default_factory=list)
    replace_children: bool = False


@dataclass
class ImportReport:
    kind: ImportKind
    path: Path
    update: bool
    problems: list[Problem] = field(default_factory=list)
    additions: list[PlannedRow] = field(default_factory=list)
    updates: list[PlannedRow] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    session_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"发现 {len(self.problems)} 个问题，未导入任何数据"
        text = f"将新增 {len(self.additions)} 条，更新 {len(self.updates)} 条"
        if self.extra_columns:
            text += f"；以下列不会导入：{'、'.join(self.extra_columns)}"
        return text


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}" if abs(value) < 1e15 else f"{value:.6g}"
    return str(value).strip()[:60]


class _Planner:
    def __init__(self, session: Session, kind: ImportKind, path: Path, update: bool,
                 today: date, session_id: int | None) -> None:  # fmt: skip
        self.session = session
        self.kind = kind
        self.report = ImportReport(kind, path, update, session_id=session_id)
        names = dict(session.execute(select(Enterprise.name, Enterprise.id)).all())
        self.enterprise_names = {v: k for k, v in names.items()}
        self.context: Context = make_context(session, today=today, enterprise_ids=names)
        self.existing: dict[tuple[str, Any], int] = {}
        self.headers: dict[str, str] = {}

    def problem(self, sheet: str, row: int, column: str, value: Any, reason: str) -> None:
        self.report.problems.append(Problem(sheet, row, column, _shown(value), reason))

    # Rows ------------------------------------------------------------------
    def read_rows(self, sheet: Sheet, spec: RecordSpec, extra: tuple[FieldSpec, ...],
                  optional_extra: bool = False) -> list[tuple[int, dict[str, Any]]] | None:  # fmt: skip
        match = match_headers(spec, sheet.rows, extra)
        missing = [f for f in match.missing if not (optional_extra and f in extra)]
        if missing:
            for spec_field in missing:
                self.problem(sheet.name, 0, spec_field.label, "", "缺少必需的列，导入未开始")
            return None
        self.report.extra_columns += [f"{sheet.name}/{c}" for c in match.extra]
        self.headers = {key: str(sheet.rows[match.header_row][i]).strip()
                        for key, i in match.columns.items()}  # fmt: skip
        rows = []
        for index in range(match.header_row + 1, len(sheet.rows)):
            cells = sheet.rows[index]
            raw = {key: cells[i] if i < len(cells) else None for key, i in match.columns.items()}
            if all(is_blank(v) for v in raw.values()):
                continue
            rows.append((index + 1, raw))
        return rows

    def clean(self, sheet: str, row: int, spec: RecordSpec, raw: dict[str, Any],
              stored: dict[str, Any] | None = None) -> dict[str, Any] | None:  # fmt: skip
        """Clean one row; absent columns keep the stored values of an existing record."""
        full = dict(stored or {})
        full.update(raw)
        result = clean_record(spec, full, self.context)
        for key, reason in result.errors.items():
            header = self.headers.get(key) or (spec.field(key).label if key != "_record" else "")
            self.problem(sheet, row, header, raw.get(key, ""), reason)
        if result.errors:
            return None
        derived = {f.key for f in spec.fields if f.derived}
        return {
            k: v for k, v in result.values.items() if k in raw or stored is None or k in derived
        }

    def stored_raw(self, obj: Any, spec: RecordSpec) -> dict[str, Any]:
        values = {}
        for spec_field in spec.editable:
            value = getattr(obj, spec_field.key)
            if spec_field.kind == "enterprise":
                value = self.enterprise_names.get(value, "")
            values[spec_field.key] = value
        return values


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
    planner = _Planner(session, kind, Path(path), update, today or date.today(), session_id)
    try:
        sheets = read_sheets(path)
    except SpreadsheetError as error:
        planner.problem(Path(path).name, 0, "", "", str(error))
        return planner.report
    if not sheets or not any(any(not is_blank(c) for c in row) for row in sheets[0].rows):
        planner.problem(sheets[0].name if sheets else Path(path).name, 0, "", "", "表格是空的")
        return planner.report
    if kind.name == "trainings":
        _plan_attendees(planner, sheets[0])
    else:
        _plan_records(planner, sheets)
    return planner.report


def _find_existing(planner: _Planner, values_raw: dict[str, Any]) -> tuple[str, Any, int | None]:
    """The key field, its cleaned value, and the id of a record on file with it."""
    spec = planner.kind.spec
    for key in planner.kind.keys:
        raw = values_raw.get(key)
        if is_blank(raw):
            continue
        try:
            value = clean_value(spec.field(key), raw, planner.context, spec)
        except ValidationError:
            return key, None, None
        if key == "credit_code":
            value = value or None
        found = planner.existing.get((key, value))
        return key, value, found
    return "", None, None


def _plan_records(planner: _Planner, sheets: list[Sheet]) -> None:
    kind, session = planner.kind, planner.session
    model = kind.spec.model
    for key in kind.keys:
        column = getattr(model, key)
        for value, record_id in session.execute(
            select(column, model.id).where(column.is_not(None))
        ):
            planner.existing[(key, value)] = record_id
    rows = planner.read_rows(sheets[0], kind.spec, ())
    if rows is None:
        return
    seen: dict[tuple[str, Any], int] = {}
    by_key: dict[Any, PlannedRow] = {}
    for row, raw in rows:
        key, key_value, existing = _find_existing(planner, raw)
        if key_value is not None and (key, key_value) in seen:
            label = kind.spec.field(key).label
            planner.problem(sheets[0].name, row, planner.headers.get(key, label), raw.get(key),
                            f"与第{seen[(key, key_value)]}行重复")  # fmt: skip
            continue
        if key_value is not None:
            seen[(key, key_value)] = row
        stored = None
        if existing is not None:
            if not planner.report.update:
                label = kind.spec.field(key).label
                planner.problem(sheets[0].name, row, planner.headers.get(key, label),
                                raw.get(key), "已在册；如需用表格内容更新，请选择“更新已有记录”")  # fmt: skip
                continue
            stored = planner.stored_raw(session.get(model, existing), kind.spec)
        values = planner.clean(sheets[0].name, row, kind.spec, raw, stored)
        if values is None:
            continue
        if model is Enterprise and "credit_code" in values:
            values["credit_code"] = values["credit_code"] or None
        planned = PlannedRow(row, values, existing)
        (planner.report.updates if existing else planner.report.additions).append(planned)
        if key_value is not None:
            by_key[key_value] = planned
    if kind.child is not None and len(sheets) > 1:
        _plan_members(planner, sheets[1], by_key)


def _plan_members(planner: _Planner, sheet: Sheet, families: dict[Any, PlannedRow]) -> None:
    kind = planner.kind
    assert kind.child is not None
    rows = planner.read_rows(sheet, kind.child, kind.child_fields)
    if rows is None or not rows:
        return
    on_file = dict(
        planner.session.execute(select(HardshipFamily.id_number, HardshipFamily.id)).all()
    )
    for row, raw in rows:
        worker = raw.pop("worker_id")
        try:
            worker_id = clean_value(kind.child_fields[0], worker, planner.context, kind.child)
        except ValidationError as error:
            planner.problem(sheet.name, row, planner.headers.get("worker_id", "职工身份证号"),
                            worker, error.message)  # fmt: skip
            continue
        family = families.get(worker_id)
        if family is None:
            reason = ("该职工已在册但不在本次导入的第一张表中" if worker_id in on_file
                      else "第一张表中没有这个身份证号的职工")  # fmt: skip
            planner.problem(sheet.name, row, planner.headers.get("worker_id", "职工身份证号"),
                            worker, reason)  # fmt: skip
            continue
        values = planner.clean(sheet.name, row, kind.child, raw)
        if values is not None:
            family.children.append(values)
            family.replace_children = True


def _plan_attendees(planner: _Planner, sheet: Sheet) -> None:
    report, session = planner.report, planner.session
    given = report.session_id
    if given is not None and session.get(TrainingSession, given) is None:
        planner.problem(sheet.name, 0, "", "", f"没有编号为 {given} 的培训场次")
        return
    rows = planner.read_rows(sheet, planner.kind.spec, SESSION_FIELDS,
                             optional_extra=given is not None)  # fmt: skip
    if rows is None:
        return
    seen: dict[tuple[Any, ...], int] = {}
    for row, raw in rows:
        session_values: dict[str, Any] = {}
        for spec_field in SESSION_FIELDS:
            value = raw.pop(spec_field.key, None)
            if given is not None:
                continue
            try:
                session_values[spec_field.key] = clean_value(spec_field, value, planner.context,
                                                             planner.kind.spec)  # fmt: skip
            except ValidationError as error:
                planner.problem(sheet.name, row, planner.headers.get(spec_field.key,
                                spec_field.label), value, error.message)  # fmt: skip
        values = planner.clean(sheet.name, row, planner.kind.spec, raw)
        if values is None or (given is None and len(session_values) < len(SESSION_FIELDS)):
            continue
        target = given if given is not None else (
            session_values["session_title"], session_values["session_date"])  # fmt: skip
        person = (target, values["name"], values.get("employer", ""))
        if person in seen:
            planner.problem(sheet.name, row, planner.headers.get("name", "姓名"), values["name"],
                            f"与第{seen[person]}行重复")  # fmt: skip
            continue
        seen[person] = row
        values["_session"] = target
        values["_session_kind"] = session_values.get("session_kind") or "其他"
        existing = _existing_attendee(session, target, values["name"], values.get("employer", ""))
        if existing is not None and not report.update:
            planner.problem(sheet.name, row, planner.headers.get("name", "姓名"), values["name"],
                            "已在该培训的名单中；如需更新请选择“更新已有记录”")  # fmt: skip
            continue
        (report.updates if existing else report.additions).append(PlannedRow(row, values, existing))


def _existing_attendee(session: Session, target: Any, name: str, employer: str) -> int | None:
    query = select(Attendee.id).join(TrainingSession).where(Attendee.name == name,
                                                           Attendee.employer == employer)  # fmt: skip
    if isinstance(target, int):
        query = query.where(TrainingSession.id == target)
    else:
        query = query.where(
            TrainingSession.title == target[0], TrainingSession.held_on == target[1]
        )
    return session.scalar(query.limit(1))
