"""The state of one import check: the database's keys, the report, and cleaning row by row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import Enterprise
from unionapp.schema import Context, FieldSpec, RecordSpec, clean_record
from unionapp.schema.fields import CleanResult, Memo
from unionapp.schema.notices import Notice
from unionapp.services.archive_index import ArchiveIndex
from unionapp.services.records import make_context
from unionapp.spreadsheets.kinds import ImportKind
from unionapp.spreadsheets.report import ImportReport, PlannedRow, Problem, shown
from unionapp.spreadsheets.sheet import Sheet
from unionapp.spreadsheets.sheetrows import open_rows
from unionapp.system.logs import redact

COMPACT_AFTER = 20_000


class Planner:
    def __init__(
        self,
        session: Session,
        kind: ImportKind,
        path: Path,
        update: bool,
        today: date,
        session_id: int | None,
    ) -> None:
        self.session = session
        self.kind = kind
        self.report = ImportReport(kind, path, update, session_id=session_id)
        pairs = session.execute(select(Enterprise.name, Enterprise.id)).all()
        counts = Counter(name for name, _id in pairs)
        self.shared_names = {name for name, count in counts.items() if count > 1}
        self.enterprise_names = {record_id: name for name, record_id in pairs}
        unique = {name: record_id for name, record_id in pairs if counts[name] == 1}
        self.context: Context = make_context(session, today=today, enterprise_ids=unique)
        self.existing: dict[str, dict[Any, int]] = {key: {} for key in kind.keys}
        self.shapes: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.common: dict[Any, Any] = {}  # one copy of each repeated value in large imports
        self.memos: dict[str, Memo] = {}  # per record description: clean values of raw ones
        self.key_fields = [kind.spec.field(key) for key in kind.keys]
        self.headers: dict[str, str] = {}
        self.empty = False
        # 一户一档: families and members are checked against the archive and each other
        self.index = ArchiveIndex(session) if kind.spec.key == "family" else None

    def planned(self, row: int, values: dict[str, Any], existing: int | None) -> PlannedRow:
        """A planned row. Past COMPACT_AFTER rows its values are kept as a tuple beside field
        names shared with the rows of its shape, and equal short texts and dates are shared too
        (a large sheet repeats its types, communities and dates on every row): the same values
        in less memory, at a small cost per row that small imports do not pay."""
        if len(self.report.additions) + len(self.report.updates) < COMPACT_AFTER:
            return PlannedRow(row, values, existing)
        common = self.common
        for key, value in values.items():
            if (type(value) is str and len(value) <= 24) or type(value) is date:
                values[key] = common.setdefault(value, value)
        shape = tuple(values)
        return PlannedRow(row, values, existing, self.shapes.setdefault(shape, shape))

    def problem(self, sheet: str, row: int, column: str, value: Any, reason: str) -> None:
        """A reason the import cannot go ahead (ID, phone and card numbers quoted masked)."""
        self.report.problems.append(Problem(sheet, row, column, redact(shown(value)), reason))

    def rows(
        self,
        sheet: Sheet,
        spec: RecordSpec,
        extra: tuple[FieldSpec, ...] = (),
        optional_extra: bool = False,
    ) -> Iterator[tuple[int, dict[str, Any]]] | None:
        """The sheet's data rows, or None (a problem recorded, or ``empty`` set)."""
        opened = open_rows(sheet, spec, extra)
        self.empty = opened is None
        if opened is None:
            return None
        match = opened.match
        missing = [f for f in match.missing if not (optional_extra and f in extra)]
        if missing:
            for spec_field in missing:
                self.problem(sheet.name, 0, spec_field.label, "", "缺少必需的列，导入未开始")
            return None
        self.report.extra_columns += [f"{sheet.name}/{c}" for c in match.extra]
        self.headers = dict(match.titles)
        if sheet.unplaced_notes:
            self.problem(
                sheet.name,
                0,
                "",
                "",
                f"有 {sheet.unplaced_notes} 个单元格是没有保存计算结果的"
                "公式或错误值；请在 Excel 或 WPS 中打开、改正并保存后再导入",
            )

        def report(row: int, column: str, value: Any, reason: str) -> None:
            self.problem(sheet.name, row, column, value, reason)

        opened.extra = self.report.extra_columns  # unnamed columns with data, as they turn up
        opened.prefix = f"{sheet.name}/"
        return opened.rows(report)

    def warn(
        self,
        sheet: str,
        row: int,
        spec: RecordSpec,
        raw: dict[str, Any],
        notices: dict[str, Notice],
    ) -> None:
        """Doubts about a row (never a reason to refuse it), by row and column."""
        for key, notice in notices.items():
            value = redact(shown(raw.get(key)))
            self.report.warnings.append(
                Problem(sheet, row, self.header(spec, key), value, notice.message)
            )

    def header(self, spec: RecordSpec, key: str) -> str:
        return self.headers.get(key) or spec.field(key).label

    def clean(
        self,
        sheet: str,
        row: int,
        spec: RecordSpec,
        raw: dict[str, Any],
        stored: dict[str, Any] | None = None,
        result: CleanResult | None = None,
    ) -> dict[str, Any] | None:
        """Clean one row; absent columns keep the stored values of an existing record.
        ``result``: the row already cleaned (by the reader, see precleaning)."""
        if result is None:
            full = raw if stored is None else {**stored, **raw}
            memo = self.memos.setdefault(spec.key, {})
            result = clean_record(spec, full, self.context, memo=memo)
        for key, reason in result.errors.items():
            header = self.headers.get(key) or (spec.field(key).label if key != "_record" else "")
            self.problem(sheet, row, header, raw.get(key, ""), reason)
        if result.errors:
            return None
        if result.warnings:
            self.warn(sheet, row, spec, raw, result.warnings)
        if stored is None:
            return result.values
        derived = {f.key for f in spec.fields if f.derived}
        return {k: v for k, v in result.values.items() if k in raw or k in derived}

    def stored_raw(self, obj: Any, spec: RecordSpec) -> dict[str, Any]:
        values = {}
        for spec_field in spec.editable:
            value = getattr(obj, spec_field.key)
            if spec_field.kind == "enterprise":
                value = self.enterprise_names.get(value, "")
            values[spec_field.key] = value
        return values
