"""Plan an import of records with keys (enterprises, families) and of household members.

An enterprise is known by its credit code and by its name, and both are unique: a row whose
name belongs to a record on file is that record (updated only when asked), never a second
enterprise of the same name; a row whose code and name belong to two different records is
refused, as is a family whose employer's name is shared by several enterprises on file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from unionapp.models import Enterprise, HardshipFamily
from unionapp.schema.fields import clean_value, is_blank
from unionapp.spreadsheets.kinds import MONTHLY_INCOME
from unionapp.spreadsheets.planner import Planner
from unionapp.spreadsheets.precleaning import usable
from unionapp.spreadsheets.report import PlannedRow
from unionapp.spreadsheets.sheet import Sheet
from unionapp.validation.common import ValidationError, free_text
from unionapp.validation.creditcode import clean_credit_code

UPDATE_HINT = "如需用表格内容更新，请选择“更新已有记录”"


def _load_keys(planner: Planner) -> None:
    model = planner.kind.spec.model
    for key in planner.kind.keys:
        column = getattr(model, key)
        for value, record_id in planner.session.execute(
            select(column, model.id).where(column.is_not(None))
        ):
            planner.existing[key][value] = record_id


def _key_values(planner: Planner, raw: dict[str, Any]) -> dict[str, Any]:
    """Each key field's value as cleaning will store it (None when blank or unreadable: the
    row's cleaning reports why). Codes and names are folded the way cleaning folds them."""
    spec = planner.kind.spec
    values: dict[str, Any] = {}
    for spec_field in planner.key_fields:
        value = raw.get(spec_field.key)
        if value is None or value == "" or is_blank(value):
            continue
        if spec_field.kind == "creditcode":
            values[spec_field.key] = clean_credit_code(value) or None
        elif spec_field.kind == "text" and type(value) is str:
            values[spec_field.key] = " ".join(value.split())
        else:
            try:
                values[spec_field.key] = (
                    clean_value(spec_field, value, planner.context, spec) or None
                )
            except ValidationError:
                continue
    return values


def _match(
    planner: Planner, sheet: str, row: int, raw: dict[str, Any], keys: dict[str, Any]
) -> tuple[bool, int | None]:
    """(go on, the record on file this row is) by the keys in order of trust."""
    existing = planner.existing
    if all(value not in existing[key] for key, value in keys.items()):
        return True, None  # the common case: a new record
    spec = planner.kind.spec
    found = {key: existing[key].get(value) for key, value in keys.items()}
    ids = [record_id for record_id in found.values() if record_id is not None]
    if len(set(ids)) > 1:
        first, second = [key for key, record_id in found.items() if record_id is not None][:2]
        planner.problem(
            sheet,
            row,
            planner.header(spec, second),
            raw.get(second),
            f"已在册，但属于另一条记录，与本行{spec.field(first).label}对应的不是同一家；请核对",
        )
        return False, None
    if not ids:
        return True, None
    key = next(k for k, record_id in found.items() if record_id is not None)
    if planner.report.update:
        return True, ids[0]
    reason = "已在册；" + UPDATE_HINT
    if key == "name" and "credit_code" in planner.kind.keys:
        stored = planner.session.get(Enterprise, ids[0])
        code = stored.credit_code if stored is not None else None
        given = keys.get("credit_code")
        if code is None:
            reason = "已在册（在册记录没有信用代码）；" + UPDATE_HINT
        else:
            differs = "与本行不同" if given else "本行未填写"
            reason = f"已在册（在册的信用代码为 {code}，{differs}）；" + UPDATE_HINT
    planner.problem(sheet, row, planner.header(spec, key), raw.get(key), reason)
    return False, None


def plan_records(planner: Planner, sheets: Iterator[Sheet]) -> None:
    """The first sheet's records; for families, the household members on the next sheet."""
    kind, session = planner.kind, planner.session
    model = kind.spec.model
    _load_keys(planner)
    first = next(sheets, None)
    if first is None:
        planner.problem(planner.report.path.name, 0, "", "", "表格是空的（没有工作表）")
        return
    rows = planner.rows(first, kind.spec, kind.legacy_fields, optional_extra=True)
    if rows is None:
        if planner.empty:
            planner.problem(first.name, 0, "", "", "表格是空的")
        return
    seen: dict[str, dict[Any, int]] = {key: {} for key in kind.keys}  # key -> value -> row
    by_key: dict[Any, PlannedRow] = {}
    for row, raw in rows:
        if kind.legacy_fields and not _yearly_from_monthly(planner, first.name, row, raw):
            continue
        keys = _key_values(planner, raw)
        repeated = [k for k, v in keys.items() if v is not None and v in seen[k]]
        for key in repeated:
            planner.problem(
                first.name,
                row,
                planner.header(kind.spec, key),
                raw.get(key),
                f"与第{seen[key][keys[key]]}行重复",
            )
        if repeated:
            continue
        for key, value in keys.items():
            if value is not None:
                seen[key][value] = row
        go_on, existing = _match(planner, first.name, row, raw, keys)
        if not go_on or not check_employer(planner, first.name, row, raw):
            continue
        stored = None
        if existing is not None:
            stored = planner.stored_raw(session.get(model, existing), kind.spec)
        values = planner.clean(first.name, row, kind.spec, raw, stored)
        if values is None:
            continue
        if not _keeps_archive_number(planner, first.name, row, raw, values, stored):
            continue
        if planner.index is not None:
            owner = existing if existing is not None else ("row", row)
            whole = values if stored is None else {**stored, **values}
            planner.warn(
                first.name, row, kind.spec, raw, planner.index.family_notices(whole, owner)
            )
            planner.index.add_family(whole, owner, f"本表第{row}行")
        if model is Enterprise and "credit_code" in values:
            values["credit_code"] = values["credit_code"] or None
        planned = planner.planned(row, values, existing)
        (planner.report.updates if existing else planner.report.additions).append(planned)
        if kind.child is not None and keys.get(kind.keys[0]) is not None:
            by_key[keys[kind.keys[0]]] = planned
    if kind.child is not None:
        members = next(sheets, None)
        if members is not None:
            plan_members(planner, members, by_key)


def _yearly_from_monthly(planner: Planner, sheet: str, row: int, raw: dict[str, Any]) -> bool:
    """An older roster's 家庭月总收入 becomes 家庭年总收入 (twelve times it), unless the sheet
    gives the yearly one too. False (and a problem) when the monthly amount is unreadable."""
    if "monthly_income" not in raw:
        return True
    monthly = raw.pop("monthly_income")
    if is_blank(monthly) or not is_blank(raw.get("annual_income_fen")):
        return True
    field = MONTHLY_INCOME
    try:
        fen = clean_value(field, monthly, planner.context, planner.kind.spec)
    except ValidationError as error:
        planner.problem(
            sheet, row, planner.headers.get(field.key, field.label), monthly, error.message
        )
        return False
    raw["annual_income_fen"] = f"{fen * 12 / 100:.2f}"
    return True


def _keeps_archive_number(
    planner: Planner,
    sheet: str,
    row: int,
    raw: dict[str, Any],
    values: dict[str, Any],
    stored: dict[str, Any] | None,
) -> bool:
    """An archive number is kept for life: a sheet may not give a record on file another one."""
    old = (stored or {}).get("archive_no")
    new = values.get("archive_no")
    if not old or not new or old == new:
        return True
    planner.problem(
        sheet,
        row,
        planner.header(planner.kind.spec, "archive_no"),
        new,
        f"在册记录的档案编号是 {old}，档案编号一经建立不能更改",
    )
    return False


def check_employer(planner: Planner, sheet: str, row: int, raw: dict[str, Any]) -> bool:
    """False (and a problem) when the row's employer names several enterprises on file."""
    if not planner.shared_names:
        return True
    spec = planner.kind.spec
    for spec_field in spec.editable:
        if spec_field.kind != "enterprise" or is_blank(raw.get(spec_field.key)):
            continue
        name = " ".join(free_text(raw[spec_field.key]).split())
        if name in planner.shared_names:
            planner.problem(
                sheet,
                row,
                planner.header(spec, spec_field.key),
                name,
                f"企业名录中有多家企业都叫“{name}”，无法确定是哪一家；请先在企业名录中改名区分",
            )
            return False
    return True


def plan_members(planner: Planner, sheet: Sheet, families: dict[Any, PlannedRow]) -> None:
    kind = planner.kind
    spec = kind.child
    assert spec is not None
    rows = planner.rows(sheet, spec, kind.child_fields)
    if rows is None:
        return
    on_file = dict(
        planner.session.execute(select(HardshipFamily.id_number, HardshipFamily.id)).all()
    )
    precleaned = sheet.precleaned
    if precleaned is not None and (
        precleaned.today != planner.context.today or not usable(spec, planner.context)
    ):
        precleaned = None
    column = planner.headers.get("worker_id", "职工身份证号")
    index = planner.index
    places: dict[int, tuple[Any, str]] = {}  # a family's (owner, label) in the index, by row
    for row, raw in rows:
        worker = raw.pop("worker_id")
        taken = precleaned.take(row, worker, raw) if precleaned is not None else None
        if taken is not None:
            worker_id, worker_error, result = taken
        else:
            worker_error, result = "", None
            try:
                worker_id = clean_value(kind.child_fields[0], worker, planner.context, spec)
            except ValidationError as error:
                worker_error = error.message
        if worker_error:
            planner.problem(sheet.name, row, column, worker, worker_error)
            continue
        family = families.get(worker_id)
        if family is None:
            reason = (
                "该职工已在册但不在本次导入的第一张表中"
                if worker_id in on_file
                else "第一张表中没有这个身份证号的职工"
            )
            planner.problem(sheet.name, row, column, worker, reason)
            continue
        if result is not None and not result.errors and not result.warnings:
            values = result.values  # what planner.clean gives a clean new row
        else:
            values = planner.clean(sheet.name, row, spec, raw, result=result)
            if values is None:
                continue
        if index is not None:
            place = places.get(family.row)
            if place is None:
                owner = (
                    family.existing_id if family.existing_id is not None else ("row", family.row)
                )
                place = places[family.row] = (owner, f"第一张表第{family.row}行")
            notices = index.member_notices(values, place[0])
            if notices:
                planner.warn(sheet.name, row, spec, raw, notices)
            index.add_member(values, *place)
        family.add_child(values)
