"""Write a clean import report in one transaction (the caller frames it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.audit.imports import record_import
from unionapp.db.bulk import insert_rows, makes_uuid7
from unionapp.db.ids import reserve_ids
from unionapp.models import Attendee, HouseholdMember, TrainingSession
from unionapp.models.ids import uuid7_many
from unionapp.services import rules
from unionapp.services.records import RefusedError
from unionapp.spreadsheets.importer import ImportReport
from unionapp.spreadsheets.member_matching import plan_members
from unionapp.sync.recorder import record_rows, recording

CHUNK = 2000


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    children: int = 0


def _insert(session: Session, model: type, rows: list[dict[str, Any]], source: str) -> list[int]:
    """Insert in chunks and return the new ids in order; the rows are audited (an entry per
    chunk, naming the file ``source``), and on a PC that syncs each goes into the change log.

    The ids are handed out by the database first (``db.ids``: PostgreSQL's sequence, or the ids
    above the largest under SQLite's write lock), so two clerks importing at once never take
    the same one; then one executemany per chunk writes the rows with them.
    """
    table = model.__table__
    synced = recording(session) and "uid" in table.c
    # the change log names each row by the uid it is written with: made here, for both
    uids = "uid" in table.c and (synced or makes_uuid7(table.c.uid))
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        new_ids = reserve_ids(session, table, len(chunk))
        beside: dict[str, list[Any]] = {"id": new_ids}
        if uids and "uid" not in chunk[0]:  # rows that bring their own (all of them) keep it
            beside["uid"] = uuid7_many(len(chunk))
        insert_rows(session, table, chunk, beside)  # the rows are not copied to carry them
        record_import(session, table.name, new_ids, chunk, source)
        if synced:
            written = [
                {**row, **dict(zip(beside, more, strict=True))}
                for row, more in zip(chunk, zip(*beside.values(), strict=True), strict=True)
            ]
            record_rows(session, table.name, "insert", written)
        ids.extend(new_ids)
    return ids


def apply_import(session: Session, report: ImportReport) -> ImportResult:
    if report.problems:
        raise RefusedError(report.summary())
    if report.kind.name == "trainings":
        return _apply_attendees(session, report)
    spec = report.kind.spec
    model = spec.model
    result = ImportResult()
    additions = [row.values for row in report.additions]
    rules.prepare_many(session, spec.key, additions)
    new_ids = _insert(session, model, additions, report.path.name)
    result.added = len(new_ids)
    for planned, new_id in zip(report.additions, new_ids, strict=True):
        planned.existing_id = new_id
    for planned in report.updates:
        obj = session.get(model, planned.existing_id)
        changed = False
        values = planned.values
        rules.prepare(session, spec.key, values, {}, planned.existing_id)
        for key, value in values.items():
            if getattr(obj, key) != value:
                setattr(obj, key, value)
                changed = True
        result.updated += changed
    session.flush()  # updates are audited field by field by the flush listener
    result.children = _apply_members(session, report)
    return result


def _apply_members(session: Session, report: ImportReport) -> int:
    """The household members of the families imported. A family on file keeps the members the
    sheet still lists (only their changed fields are written), loses those it no longer lists
    and gains the new ones; a new family has none to match."""
    members: list[dict[str, Any]] = []
    replacing = {id(planned) for planned in report.updates}
    written = 0
    for planned in report.additions + report.updates:
        if not planned.replace_children:
            continue
        rows = [dict(child, family_id=planned.existing_id) for child in planned.children]
        if id(planned) not in replacing:
            members += rows
            continue
        plan = plan_members(session, planned.existing_id, rows)
        for member in plan.removed:
            session.delete(member)
        for member, changed in plan.updates:
            for key, value in changed.items():
                setattr(member, key, value)
        written += len(plan.updates)
        members += plan.added
    session.flush()
    return written + len(_insert(session, HouseholdMember, members, report.path.name))


def _apply_attendees(session: Session, report: ImportReport) -> ImportResult:
    result = ImportResult()
    sessions: dict[Any, int] = {}
    rows: list[dict[str, Any]] = []
    for planned in report.additions:
        values = dict(planned.values)
        target, kind = values.pop("_session"), values.pop("_session_kind")
        if not isinstance(target, int):
            if target not in sessions:
                sessions[target] = _find_or_create_session(session, target, kind)
            target = sessions[target]
        rows.append(dict(values, session_id=target))
    result.added = len(_insert(session, Attendee, rows, report.path.name))
    for planned in report.updates:
        obj = session.get(Attendee, planned.existing_id)
        changed = False
        for key, value in planned.values.items():
            if not key.startswith("_") and getattr(obj, key) != value:
                setattr(obj, key, value)
                changed = True
        result.updated += changed
    session.flush()
    return result


def _find_or_create_session(session: Session, target: tuple[str, Any], kind: str) -> int:
    title, held_on = target
    found = session.scalar(
        select(TrainingSession.id).where(
            TrainingSession.title == title, TrainingSession.held_on == held_on
        )
    )
    if found is not None:
        return found
    training = TrainingSession(title=title, held_on=held_on, kind=kind)
    session.add(training)
    session.flush()
    return training.id
