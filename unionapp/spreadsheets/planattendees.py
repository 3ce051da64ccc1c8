"""Plan an import of training attendees, into a given session or sessions named in the sheet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import Attendee, TrainingSession
from unionapp.schema.fields import clean_value
from unionapp.spreadsheets.kinds import SESSION_FIELDS
from unionapp.spreadsheets.planner import Planner
from unionapp.spreadsheets.sheet import Sheet
from unionapp.validation.common import ValidationError


def plan_attendees(planner: Planner, sheets: Iterator[Sheet]) -> None:
    report, session = planner.report, planner.session
    sheet = next(sheets, None)
    if sheet is None:
        planner.problem(report.path.name, 0, "", "", "表格是空的（没有工作表）")
        return
    given = report.session_id
    if given is not None and session.get(TrainingSession, given) is None:
        planner.problem(sheet.name, 0, "", "", f"没有编号为 {given} 的培训场次")
        return
    spec = planner.kind.spec
    rows = planner.rows(sheet, spec, SESSION_FIELDS, optional_extra=given is not None)
    if rows is None:
        if planner.empty:
            planner.problem(sheet.name, 0, "", "", "表格是空的")
        return
    seen: dict[tuple[Any, ...], int] = {}
    for row, raw in rows:
        session_values: dict[str, Any] = {}
        for spec_field in SESSION_FIELDS:
            value = raw.pop(spec_field.key, None)
            if given is not None:
                continue
            try:
                session_values[spec_field.key] = clean_value(
                    spec_field, value, planner.context, spec
                )
            except ValidationError as error:
                column = planner.headers.get(spec_field.key, spec_field.label)
                planner.problem(sheet.name, row, column, value, error.message)
        values = planner.clean(sheet.name, row, spec, raw)
        if values is None or (given is None and len(session_values) < len(SESSION_FIELDS)):
            continue
        target = (
            given
            if given is not None
            else (session_values["session_title"], session_values["session_date"])
        )
        person = (target, values["name"], values.get("employer", ""))
        if person in seen:
            planner.problem(
                sheet.name,
                row,
                planner.headers.get("name", "姓名"),
                values["name"],
                f"与第{seen[person]}行重复",
            )
            continue
        seen[person] = row
        values["_session"] = target
        values["_session_kind"] = session_values.get("session_kind") or "其他"
        existing = _existing_attendee(session, target, values["name"], values.get("employer", ""))
        if existing is not None and not report.update:
            planner.problem(
                sheet.name,
                row,
                planner.headers.get("name", "姓名"),
                values["name"],
                "已在该培训的名单中；如需更新请选择“更新已有记录”",
            )
            continue
        (report.updates if existing else report.additions).append(
            planner.planned(row, values, existing)
        )


def _existing_attendee(session: Session, target: Any, name: str, employer: str) -> int | None:
    query = (
        select(Attendee.id)
        .join(TrainingSession)
        .where(Attendee.name == name, Attendee.employer == employer)
    )
    if isinstance(target, int):
        query = query.where(TrainingSession.id == target)
    else:
        query = query.where(
            TrainingSession.title == target[0], TrainingSession.held_on == target[1]
        )
    return session.scalar(query.limit(1))
