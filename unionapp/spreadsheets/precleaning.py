"""Household members cleaned by the reader process while the program plans the families.

A family import spends a third of its checking on the members sheet, mostly on their ID
numbers, while the reader process, having read the file, waits. So the reader cleans that sheet
too, with the same code (:class:`MemberCleaner`: the header found as the program finds it, each
row's values as the program reads them, then ``clean_record``), and sends each run of results
ahead of the frame of rows it belongs to. The program still reads every row itself and takes a
row's result (:class:`Precleaned`) only when the values it read are exactly those the reader
cleaned, on the same day, with a description that needs nothing from the database
(:func:`usable`), and the result has cleaning's shape; any other row it cleans itself, as
before. So a reader that goes wrong (a fault, its rows out of step with its results) can only
save work, never change an outcome. A reader taken over through a crafted file is another
matter: results of the right shape are taken as they come, so it could hand over a value
cleaning refuses (an ID number with a wrong check digit). It runs as the clerk, though, and
could as well write the database file itself: what stands against that is the checks of the
file before anything parses it, and the reader's memory cap, not this comparison.

Only a sheet read by calamine, of at most ``readerchild.CLEAN_CELLS`` cells, is cleaned in the
reader (its rows are then held twice there, within its memory cap); larger ones are cleaned by
the program.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from typing import Any

from unionapp.schema import Context, RecordSpec, clean_record
from unionapp.schema.fields import CleanResult, Memo, clean_value
from unionapp.schema.notices import Notice, NoticeKind
from unionapp.spreadsheets.kinds import KINDS
from unionapp.spreadsheets.sheet import Sheet
from unionapp.spreadsheets.sheetrows import open_rows
from unionapp.validation.common import ValidationError

_PLAIN = frozenset({str, int, float, bool, type(None), date})
_FAMILIES = KINDS["families"]
MEMBER = _FAMILIES.child
assert MEMBER is not None

# Excel row -> (worker's raw ID, its clean value or None, the reason it is wrong or "",
#               the other raw values in the order of the keys, clean values, errors,
#               warnings as (key, kind, message))
Entry = tuple[Any, Any, str, tuple[Any, ...], dict[str, Any], dict[str, str], list[Any]]


def usable(spec: RecordSpec, context: Context) -> bool:
    """Whether cleaning ``spec`` needs nothing of ``context`` but the day: no enterprise
    looked up, no credit code leniency, no choices read from the database."""
    return all(
        field.kind not in ("enterprise", "creditcode") and field.key not in context.dynamic_choices
        for field in spec.editable
    )


def _plain(values: dict[str, Any]) -> bool:
    return _PLAIN.issuperset(map(type, values.values()))


class MemberCleaner:
    """The household members of a sheet, cleaned as the program would clean them, a run of
    rows at a time (the reader sends each run ahead of the frame holding those rows)."""

    def __init__(self, sheet: Sheet, today: date) -> None:
        kind = _FAMILIES
        assert kind.child is not None
        self.spec = kind.child
        self.worker_field = kind.child_fields[0]
        self.context = Context(today=today)
        self.memo: Memo = {}
        self.keys: tuple[str, ...] = ()
        opened = open_rows(sheet, kind.child, kind.child_fields)
        self.rows = None
        if opened is not None and not opened.match.missing:
            self.rows = opened.rows(lambda *_problem: None)
        self.ahead: tuple[int, dict[str, Any]] | None = None

    def upto(self, last: int) -> dict[int, Entry]:
        """The cleaning of each row up to Excel row ``last`` not yet given; rows whose values
        are not plain are left out, and none at all when the header lacks a required column
        (the program reports it)."""
        entries: dict[int, Entry] = {}
        if self.rows is None:
            return entries
        while True:
            if self.ahead is None:
                self.ahead = next(self.rows, None)
                if self.ahead is None:
                    self.rows = None
                    return entries
            row, raw = self.ahead
            if row > last:
                return entries
            self.ahead = None
            entry = self._clean(raw)
            if entry is not None:
                entries[row] = entry

    def _clean(self, raw: dict[str, Any]) -> Entry | None:
        worker = raw.pop("worker_id")
        worker_id, worker_error = None, ""
        try:
            worker_id = clean_value(self.worker_field, worker, self.context, self.spec)
        except ValidationError as error:
            worker_error = error.message
        result = clean_record(self.spec, raw, self.context, memo=self.memo)
        if not (_plain(raw) and _plain(result.values) and type(worker) in _PLAIN):
            return None
        keys = tuple(raw)
        if keys != self.keys:
            self.keys = keys  # the same for every row of a sheet
        warnings = [(key, n.kind.value, n.message) for key, n in result.warnings.items()]
        given = tuple(raw.values())
        return (worker, worker_id, worker_error, given, result.values, result.errors, warnings)


_MEMBER_KEYS = frozenset(field.key for field in MEMBER.fields)
_LIMIT = {field.key: field.max_length or sys.maxsize for field in MEMBER.fields}
# Values equal only to values of their own type (so an equal value is the same value); others
# can be equal across types: 1 == 1.0 == True, b"x" == bytearray(b"x"), {1} == frozenset({1})
_EXACT = frozenset({str, type(None), date})


def _well_formed(worker_id: Any, worker_error: Any, values: Any, errors: Any) -> bool:
    """What the reader sent has the shape cleaning gives: a worker's ID or a reason, values of
    the description's fields (plain values, no text longer than its field allows), and
    reasons by field."""
    if not (
        (type(worker_id) is str) != (worker_error != "")
        and type(worker_error) is str
        and type(values) is dict
        and type(errors) is dict
        and _MEMBER_KEYS.issuperset(values)
        and (not errors or all(type(k) is str and type(v) is str for k, v in errors.items()))
    ):
        return False
    limit = _LIMIT
    for key, value in values.items():  # one pass: plain values, text within its field's limit
        kind = type(value)
        if kind is str:
            if len(value) > limit[key]:  # a key of the description (checked above)
                return False
        elif kind not in _PLAIN:
            return False
    return True


@dataclass
class Precleaned:
    """The reader's cleaning of a members sheet, taken row by row."""

    today: date
    keys: tuple[str, ...]
    entries: dict[int, Entry]

    def take(
        self, row: int, worker: Any, raw: dict[str, Any]
    ) -> tuple[Any, str, CleanResult] | None:
        """(worker's clean ID or None, why it is wrong or "", the row's cleaning), if the
        reader cleaned exactly these values; else None."""
        entry = self.entries.pop(row, None)
        try:
            seen, worker_id, worker_error, cleaned, values, errors, warnings = entry  # type: ignore[misc]
        except (ValueError, TypeError):
            return None
        given = tuple(raw.values())
        if (
            tuple(raw) != self.keys
            or seen != worker
            or type(seen) is not type(worker)
            or cleaned != given
            or not _well_formed(worker_id, worker_error, values, errors)
        ):
            return None
        if not _EXACT.issuperset(map(type, given)) and tuple(map(type, cleaned)) != tuple(
            map(type, given)
        ):
            return None  # equal, but not the same values
        if type(warnings) is list and not warnings:
            return worker_id, worker_error, CleanResult(values, errors, {})
        try:
            notices = {key: Notice(NoticeKind(kind), str(text)) for key, kind, text in warnings}
        except (ValueError, TypeError):
            return None
        return worker_id, worker_error, CleanResult(values, errors, notices)

    def add(self, message: tuple[Any, ...]) -> None:
        """The next run from the reader's ``("cleaned", day, keys, entries)``; a malformed one
        or one of another day or columns is left out (its rows are cleaned here)."""
        try:
            _kind, day, keys, entries = message
            if (date.fromisoformat(day), tuple(keys)) == (self.today, self.keys):
                self.entries.update(entries)
        except (ValueError, TypeError):
            pass

    @classmethod
    def from_message(cls, message: tuple[Any, ...]) -> Precleaned | None:
        """From the reader's first ``("cleaned", day, keys, entries)``; None if malformed."""
        try:
            _kind, day, keys, entries = message
            if not isinstance(entries, dict):
                return None
            return cls(date.fromisoformat(day), tuple(keys), dict(entries))
        except (ValueError, TypeError):
            return None
