"""Create, update, delete and restore any record type through its description.

Every write goes through :func:`clean_record`, so forms, imports and the command line
share one set of rules; uniqueness and references are checked here against the database.

Several clerks may edit at once (PostgreSQL, or two program copies on one file): every record
carries a ``version``. A form remembers the version it was opened with (:func:`current_version`,
or ``obj.version``) and passes it to :func:`update` or :func:`delete` as ``expected_version``;
a record changed or deleted since then raises :class:`RecordChanged` and nothing is saved. The
same check is made by the database at the UPDATE itself, so a change committed by someone else
between our read and our write is caught too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import exc, func, insert, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from unionapp.db.engine import unique_violation
from unionapp.models import CongressMeeting, Enterprise
from unionapp.schema import Context, RecordSpec, clean_record
from unionapp.schema.fields import display
from unionapp.schema.fields import key_for_label as _key_for_label
from unionapp.schema.notices import Notice
from unionapp.services import rules
from unionapp.services.errors import RecordChanged, RecordInvalid, RefusedError
from unionapp.services.settings import ownership_types
from unionapp.validation.common import ValidationError


class EnterpriseLookup(Mapping[str, int]):
    """Enterprise name to id, asked of the database one name at a time (cached)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._cache: dict[str, int | None] = {}

    def _find(self, name: str) -> int | None:
        if name not in self._cache:
            self._cache[name] = self._session.scalar(
                select(Enterprise.id).where(Enterprise.name == name).limit(1)
            )
        return self._cache[name]

    def __getitem__(self, name: str) -> int:
        found = self._find(name)
        if found is None:
            raise KeyError(name)
        return found

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._find(name) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._session.scalars(select(Enterprise.name)))

    def __len__(self) -> int:
        return self._session.scalar(select(func.count(Enterprise.id))) or 0


def make_context(
    session: Session,
    *,
    today: date | None = None,
    allow_bad_credit_code: bool = False,
    enterprise_ids: Mapping[str, int] | None = None,
) -> Context:
    return Context(
        today=today or date.today(),
        enterprise_ids=enterprise_ids if enterprise_ids is not None else EnterpriseLookup(session),
        dynamic_choices={"ownership": tuple(ownership_types(session))},
        allow_bad_credit_code=allow_bad_credit_code,
    )


def _check_unique(
    session: Session, spec: RecordSpec, values: dict[str, Any], own_id: int | None
) -> dict[str, str]:
    """Messages for values another record already uses (the description names the fields)."""
    model = spec.model
    errors: dict[str, str] = {}
    for key in spec.unique:
        if not values.get(key):
            continue
        existing = session.execute(
            select(model.id, getattr(model, spec.title_field)).where(
                getattr(model, key) == values[key], model.id != (own_id or -1)
            )
        ).first()
        if existing:
            field = spec.field(key)
            shown = display(field, values[key])  # an ID number is named masked, never in full
            errors[key] = f"{field.label}：已有{spec.label}“{existing[1]}”使用“{shown}”"
    return errors


def validate(
    session: Session,
    spec: RecordSpec,
    raw: Mapping[str, object],
    context: Context,
    own_id: int | None = None,
    *,
    partial: bool = False,
    parent_id: int | None = None,
) -> tuple[dict[str, Any], dict[str, Notice]]:
    """Clean values and check them against the database; returns (values, warnings) or raises
    RecordInvalid. Warnings never stop a save."""
    result = clean_record(spec, raw, context, partial=partial)
    errors = dict(result.errors)
    errors.update(_check_unique(session, spec, result.values, own_id))
    if partial and own_id is not None and not errors and spec.cross_check is not None:
        stored = session.get(spec.model, own_id)
        merged = {f.key: getattr(stored, f.key) for f in spec.editable} | result.values
        try:
            spec.cross_check(merged)
        except ValidationError as error:
            errors[_key_for_label(spec, error.field)] = error.message
    warnings = dict(result.warnings)
    if not errors:
        found = rules.check(session, spec.key, result.values, own_id, parent_id)
        errors.update(found.errors)
        for key, notice in found.warnings.items():
            warnings.setdefault(key, notice)
    if errors:
        raise RecordInvalid(errors)
    return result.values, warnings


def create(
    session: Session,
    spec: RecordSpec,
    raw: Mapping[str, object],
    context: Context,
    parent_id: int | None = None,
) -> Any:
    values, warnings = validate(session, spec, raw, context, parent_id=parent_id)
    rules.prepare(session, spec.key, values, warnings, None)
    if spec.parent_key:
        if parent_id is None:
            raise RefusedError(f"{spec.label}必须属于一条上级记录")
        values[spec.parent_key] = parent_id
    obj = spec.model(**values)
    with _guarded(spec, None):
        session.add(obj)
        session.flush()
        rules.after_save(session, spec.key, obj)
        session.flush()
    return obj


@contextlib.contextmanager
def _guarded(spec: RecordSpec, obj_id: int | None) -> Iterator[None]:
    """What a save meets when someone else wrote at the same moment, as the clerk's errors: a
    row changed since it was read (its version moved on), or a unique value another clerk has
    just saved (PostgreSQL: the check before the save could not see their transaction)."""
    try:
        yield
    except StaleDataError as error:
        raise RecordChanged(spec, obj_id) from error
    except exc.IntegrityError as error:
        column = unique_violation(error, spec.model.__table__)
        if column is None or column not in {f.key for f in spec.fields}:
            raise
        field = spec.field(column)
        raise RecordInvalid(
            {column: f"{field.label}：同一个值刚刚被同事保存的另一条{spec.label}使用，请核对"}
        ) from error


def current_version(session: Session, spec: RecordSpec, obj_id: int) -> int | None:
    """The version a form opened now should remember (None: the record is gone)."""
    return session.scalar(select(spec.model.version).where(spec.model.id == obj_id))


def _load(session: Session, spec: RecordSpec, obj_id: int, expected_version: int | None) -> Any:
    obj = session.get(spec.model, obj_id)
    if obj is None:
        if expected_version is not None:
            raise RecordChanged(spec, obj_id)
        raise RefusedError(f"{spec.label}（编号 {obj_id}）不存在，可能已被删除")
    if expected_version is not None and obj.version != expected_version:
        raise RecordChanged(spec, obj_id)
    return obj


def update(
    session: Session,
    spec: RecordSpec,
    obj_id: int,
    raw: Mapping[str, object],
    context: Context,
    *,
    expected_version: int | None = None,
) -> Any:
    """Save changed fields; ``expected_version`` is the version the form was opened with (a
    record changed by someone else since then raises :class:`RecordChanged`)."""
    obj = _load(session, spec, obj_id, expected_version)
    values, warnings = validate(session, spec, raw, context, own_id=obj_id, partial=True)
    rules.prepare(session, spec.key, values, warnings, obj_id)
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
    with _guarded(spec, obj_id):
        session.flush()
        rules.after_save(session, spec.key, obj)
        session.flush()
    return obj


@dataclass
class Snapshot:
    """Everything one delete removed, in insert order, so it can be put back exactly."""

    label: str
    rows: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)


def _capture(obj: Any, snapshot: Snapshot) -> None:
    state = inspect(obj)
    mapper = state.mapper
    values = {column.key: getattr(obj, column.key) for column in mapper.column_attrs}
    snapshot.rows.append((mapper.local_table, values))
    for rel in mapper.relationships:
        if "delete-orphan" in rel.cascade:
            for child in getattr(obj, rel.key):
                _capture(child, snapshot)


def delete_refusal(session: Session, spec: RecordSpec, obj_id: int) -> str | None:
    """Why this record may not be deleted, or ``None``. (A family whose employer is the
    enterprise keeps the employer's name: the link alone goes.)"""
    if spec.model is not Enterprise:
        return None
    congresses = session.scalar(
        select(func.count(CongressMeeting.id)).where(CongressMeeting.enterprise_id == obj_id)
    )
    if congresses:
        return f"该企业还有{congresses}条职代会记录，不能删除；请先删除或改挂这些记录"
    return None


def delete(
    session: Session, spec: RecordSpec, obj_id: int, *, expected_version: int | None = None
) -> Snapshot:
    """Delete a record and what belongs to it; ``expected_version`` as for :func:`update`."""
    obj = _load(session, spec, obj_id, expected_version)
    reason = delete_refusal(session, spec, obj_id)
    if reason:
        raise RefusedError(reason)
    snapshot = Snapshot(label=f"{spec.label}“{getattr(obj, spec.title_field)}”")
    _capture(obj, snapshot)
    with _guarded(spec, obj_id):
        session.delete(obj)
        session.flush()
        rules.after_delete(session, spec.key, obj)
        session.flush()
    return snapshot


def dependents_summary(obj: Any) -> str:
    """What goes with a record when it is deleted, e.g. '3条走访记录、1项荣誉'."""
    names = {
        "visits": "条走访记录",
        "honours": "项荣誉",
        "members": "名家庭成员",
        "assistance": "条帮扶记录",
        "reviews": "条年审记录",
        "attachments": "份证明材料",
        "attendees": "名参加人员",
    }
    parts = []
    for rel in inspect(obj).mapper.relationships:
        if "delete-orphan" in rel.cascade:
            count = len(getattr(obj, rel.key))
            if count:
                parts.append(f"{count}{names.get(rel.key, '条下属记录')}")
    return "、".join(parts)


def restore(session: Session, snapshot: Snapshot) -> None:
    """Put back what a delete removed, with the same ids (audited as inserts)."""
    from unionapp.audit.recording import record_restore
    from unionapp.sync.recorder import record_restored

    by_table: dict[str, list[dict[str, Any]]] = {}
    for table, values in snapshot.rows:  # parents before their children
        session.execute(insert(table), [values])
        record_restore(session, table.name, values)
        record_restored(session, table.name, [values])
        by_table.setdefault(table.name, []).append(values)
    rules.after_restore(session, by_table)
