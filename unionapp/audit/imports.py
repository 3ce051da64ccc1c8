"""Imported rows in the audit log: one sealed entry per run of consecutive ids, holding every
row's values (identity, phone and bank numbers masked) as a table, instead of one entry per row.

An import of 10,000 families with their 20,000 members used to write 30,000 entries, a third of
the import's time. The log still says who imported which values into which record, when, and
from which file; a run covers at most ``MAX_RUN`` ids, from the entry's ``row_id`` on, so the
entry holding a record is found among the few that start at most ``MAX_RUN - 1`` ids before it
(:func:`holding`), and read as that record's insert (:func:`narrowed`).

The entry's ``changes``: ``{"source": file name (numbers in it masked), "count": rows, "keys":
[column, ...], "columns": [[value of record row_id, of row_id + 1, ...], ...]}``, a list of
values per column (built and encoded a column at a time, which is what makes it cheap); a
column blank in every row is left out. An entry edited by hand reads back as far as it goes
(the chain's check is what says it was edited).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.audit.masking import mask_all, sensitive_columns
from unionapp.audit.recording import write_entries
from unionapp.models import AuditEntry
from unionapp.system.logs import redact

IMPORT = "import"
MAX_RUN = 2000  # ids in one entry
_SKIP_COLUMNS = {"created_at", "updated_at", "version"}  # bookkeeping, not the record
_BLANK = frozenset({None, ""})  # a column blank in every row of a run is left out


def _json_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"（{len(value):,} 字节）"  # a document's contents are not copied into the log
    raise TypeError(f"{type(value).__name__} cannot go into the audit log")


_plain_encode = json.JSONEncoder(ensure_ascii=False, default=_json_value).encode


# Dataclasses and subclasses of str or int go to _json_value, as with the standard library.
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def _encode(changes: dict[str, Any]) -> str:
    """An entry's changes as JSON text. orjson writes an import's columns in a quarter of the
    standard library's time (compact, the same values); what it refuses (an integer beyond 64
    bits, text with a lone surrogate, a value _json_value refuses) goes the standard library's
    way, so an entry is written, or refused, as before. Differences remain for values an import
    never holds (its values are cleaned: text, numbers, dates, None): orjson writes a float's
    NaN or infinity as null, a time of day, a UUID or an enum member rather than refusing it,
    and a UTC offset to the minute."""
    try:
        return orjson.dumps(changes, default=_json_value, option=_ORJSON_OPTIONS).decode("utf-8")
    except orjson.JSONEncodeError:
        return _plain_encode(changes)


def _runs(ids: Sequence[int]) -> Iterator[tuple[int, int]]:
    """(start, end) index ranges of ``ids`` whose ids follow one another, at most MAX_RUN long."""
    start = 0
    for index in range(1, len(ids) + 1):
        if index == len(ids) or ids[index] != ids[index - 1] + 1 or index - start == MAX_RUN:
            yield start, index
            start = index


def _keys(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The columns of ``rows`` in the order first met, but the bookkeeping ones. Rows imported
    together share their keys: the first row's, when every row has as many and the first has
    no bookkeeping key (so that each of its keys is picked from every row, which checks that
    the row has it, :func:`_entries`); otherwise every key of every row."""
    first = rows[0]
    if _SKIP_COLUMNS.isdisjoint(first) and all(len(row) == len(first) for row in rows):
        return list(first)
    return [key for key in dict.fromkeys(chain.from_iterable(rows)) if key not in _SKIP_COLUMNS]


def _column(rows: Sequence[dict[str, Any]], key: str, kind: str | None) -> list[Any]:
    values = list(map(itemgetter(key), rows))  # KeyError: a row without this key
    if kind is not None:  # a birth date is masked from its text, as the other entries do
        values = mask_all(kind, values)
    return values


def _entries(
    session: Session,
    table_name: str,
    ids: Sequence[int],
    rows: Sequence[dict[str, Any]],
    keys: list[str],
    source: str,
) -> list[dict[str, Any]]:
    sensitive = sensitive_columns().get(table_name, {})
    now = datetime.now().replace(microsecond=0)
    operator = session.info.get("operator", "")
    entries = []
    for start, end in _runs(ids):
        run = rows[start:end]
        columns = {key: _column(run, key, sensitive.get(key)) for key in keys}
        given = [key for key, values in columns.items() if not _BLANK.issuperset(values)]
        changes = {
            "source": source,
            "count": end - start,
            "keys": given,
            "columns": [columns[k] for k in given],
        }
        entries.append(
            {
                "at": now,
                "operator": operator,
                "table_name": table_name,
                "row_id": ids[start],
                "action": IMPORT,
                "changes": _encode(changes),
            }
        )
    return entries


def record_import(
    session: Session,
    table_name: str,
    ids: Sequence[int],
    rows: Sequence[dict[str, Any]],
    source: str,
) -> None:
    """Audit ``rows`` written through Core with ``ids`` (ascending) by an import of ``source``."""
    if len(ids) != len(rows):
        raise ValueError("every imported row needs its id")
    if not rows:
        return
    source = redact(source)  # a file named after a person may carry their numbers
    keys = _keys(rows)
    try:
        entries = _entries(session, table_name, ids, rows, keys, source)
    except KeyError:  # rows of different shapes: every key of any row, None where missing
        keys = [k for k in dict.fromkeys(chain.from_iterable(rows)) if k not in _SKIP_COLUMNS]
        shaped = [{key: row.get(key) for key in keys} for row in rows]
        entries = _entries(session, table_name, ids, shaped, keys, source)
    write_entries(session, entries)


def rows_of(entry: AuditEntry) -> tuple[str, list[str], list[list[Any]]]:
    """An import entry's file name, columns and rows (row ``i`` is record ``row_id + i``)."""
    stored = json.loads(entry.changes or "{}")
    if not isinstance(stored, dict):
        return "", [], []
    keys = [str(key) for key in stored.get("keys", [])]
    columns = [c for c in stored.get("columns", []) if isinstance(c, list)][: len(keys)]
    count = stored.get("count")
    if not isinstance(count, int) or count < 0:
        count = max((len(c) for c in columns), default=0)
    rows = [[c[i] if i < len(c) else None for c in columns] for i in range(count)]
    return str(stored.get("source", "")), keys[: len(columns)], rows


def holding(session: Session, table_name: str | None, row_id: int) -> list[AuditEntry]:
    """The import entries that hold record ``row_id`` (of ``table_name``, or any table)."""
    query = select(AuditEntry).where(
        AuditEntry.action == IMPORT,
        AuditEntry.row_id <= row_id,
        AuditEntry.row_id > row_id - MAX_RUN,
    )
    if table_name:
        query = query.where(AuditEntry.table_name == table_name)
    found = []
    for entry in session.scalars(query):
        _source, _keys, rows = rows_of(entry)
        if row_id - entry.row_id < len(rows):
            found.append(entry)
    return found


def narrowed(entry: AuditEntry, row_id: int) -> AuditEntry:
    """An import entry as seen from one of its records: that record's row alone (not stored)."""
    source, keys, rows = rows_of(entry)
    row = rows[row_id - entry.row_id]
    columns = [[value] for value in row]
    changes = {"source": source, "count": 1, "keys": keys, "columns": columns}
    return AuditEntry(
        id=entry.id,
        at=entry.at,
        operator=entry.operator,
        table_name=entry.table_name,
        row_id=row_id,
        action=IMPORT,
        changes=_encode(changes),
        prev_hash=entry.prev_hash,
        hash=entry.hash,
    )
