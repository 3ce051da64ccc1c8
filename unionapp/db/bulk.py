"""Many rows into one table at once, for imports and the demo data.

SQLAlchemy's executemany spends most of its time preparing one parameter dictionary per row.
On SQLite the rows go instead to the driver's own executemany on the session's connection (so
inside the caller's transaction), each value passed through its column's bind processor as
SQLAlchemy would, and the columns' scalar defaults filled in for the columns not given. Other
databases, and tables with defaults computed in Python, take SQLAlchemy's path.

``in_texts`` asks about many texts at once (an import's new archive numbers) in one parameter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import ARRAY, ColumnElement, String, Table, any_, bindparam, func, insert, select
from sqlalchemy.orm import Session

from unionapp.models.ids import uuid7, uuid7_many


def makes_uuid7(column: Any) -> bool:
    """Whether the column's default is a new UUIDv7 (a row's ``uid``)."""
    default = column.default
    return default is not None and getattr(default.arg, "__wrapped__", None) is uuid7


def in_texts(session: Session, column: Any, texts: Sequence[str]) -> ColumnElement[bool]:
    """``column IN texts`` for many texts, as one parameter: SQLAlchemy's ``in_`` names a
    parameter for each (10,000 archive numbers: 12 ms under SQLite, and PostgreSQL takes at
    most 65,535). Under SQLite they go as a JSON array read back by ``json_each`` (5 ms), under
    PostgreSQL as an array; a text JSON cannot hold (a lone surrogate) takes ``in_``."""
    if any(type(text) is not str for text in texts):
        raise TypeError("in_texts compares texts only")
    dialect = session.connection().dialect.name
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(texts), type_=ARRAY(String)))
    if dialect != "sqlite":
        return column.in_(texts)
    try:
        listed = orjson.dumps(list(texts)).decode("utf-8")
    except orjson.JSONEncodeError:
        return column.in_(texts)
    return column.in_(select(func.json_each(listed).table_valued("value").c.value))


# Values the driver stores as SQLAlchemy's processors would. A bool goes through its column's
# processor (0 or 1, as SQLAlchemy writes it): the driver binds a bool, like None, through its
# adaptation protocol, at about 1.2 µs a value against 0.1 µs for text or an int.
_NATIVE = frozenset({type(None), str, int, float, bytes})


def insert_rows(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    columns: Mapping[str, Sequence[Any]] | None = None,
) -> None:
    """Insert ``rows`` (dictionaries with the same keys) into ``table``. ``columns``: more
    values by column, one for each row (the ids handed out for them, say), so that the rows
    need not be copied to carry them; a key in both is an error."""
    if not rows:
        return
    columns = dict(columns or {})
    if any(len(values) != len(rows) for values in columns.values()):
        raise ValueError("a column given beside the rows needs a value for each row")
    if not columns.keys().isdisjoint(rows[0]):
        raise ValueError("a column given beside the rows may not be one of their keys")
    uid = table.c.get("uid")
    if uid is not None and "uid" not in rows[0] and "uid" not in columns and makes_uuid7(uid):
        columns["uid"] = uuid7_many(len(rows))  # the fast path needs every value given
    given = list(rows[0])
    # the same number of keys here, and each of rows[0]'s keys when picked below (KeyError):
    # the same keys, without comparing every row's keys
    if any(len(row) != len(given) for row in rows):
        raise ValueError("rows inserted together must have the same keys")
    connection = session.connection()
    dialect = connection.dialect
    added = list(columns)
    missing = [c for c in table.columns if c.key not in given + added and c.default is not None]
    if dialect.name != "sqlite" or any(not c.default.is_scalar for c in missing):
        if any(row.keys() != rows[0].keys() for row in rows):
            raise ValueError("rows inserted together must have the same keys")
        if columns:
            beside = [
                dict(zip(added, more, strict=True)) for more in zip(*columns.values(), strict=True)
            ]
            rows = [{**row, **more} for row, more in zip(rows, beside, strict=True)]
        session.execute(insert(table), list(rows))
        return
    # a column blank in every row is written as NULL in the statement rather than bound (as
    # slow as a bool, above): a wide record imported from a few columns has several
    nulls = [
        key
        for key, value in rows[0].items()
        if value is None and all(row.get(key, 0) is None for row in rows)  # 0: a key missing
    ]
    given = [key for key in given if key not in nulls]
    bound = [table.c[key] for key in given + added] + missing
    processors = [column.type.bind_processor(dialect) for column in bound]
    width = len(given) + len(added)
    defaults = tuple(
        value if process is None or type(value) in _NATIVE else process(value)
        for value, process in zip([c.default.arg for c in missing], processors[width:], strict=True)
    )
    processed = [(i, process) for i, process in enumerate(processors[:width]) if process]
    quote = dialect.identifier_preparer.quote
    names = [quote(c.name) for c in bound] + [quote(table.c[key].name) for key in nulls]
    marks = ["?"] * len(bound) + ["NULL"] * len(nulls)
    sql = f"INSERT INTO {quote(table.name)} ({', '.join(names)}) VALUES ({', '.join(marks)})"
    pick = itemgetter(*given) if len(given) > 1 else lambda row: tuple(row[k] for k in given)
    extra = list(zip(*columns.values(), strict=True)) if columns else [()] * len(rows)

    def values(row: dict[str, Any], more: tuple[Any, ...]) -> tuple[Any, ...]:
        picked = pick(row) + more
        for index, _process in processed:
            if type(picked[index]) not in _NATIVE:  # a date, say: converted as SQLAlchemy would
                changed = list(picked)
                for at, process in processed:
                    if type(changed[at]) not in _NATIVE:
                        changed[at] = process(changed[at])
                return (*changed, *defaults)
        return picked + defaults

    try:
        parameters = [values(row, more) for row, more in zip(rows, extra, strict=True)]
    except KeyError:
        raise ValueError("rows inserted together must have the same keys") from None
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        cursor.executemany(sql, parameters)
    finally:
        cursor.close()
