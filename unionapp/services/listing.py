"""Lists for tables and exports: ids in order (sorted and filtered in SQL), rows on demand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from unionapp.models import Enterprise
from unionapp.schema import FieldSpec, RecordSpec
from unionapp.schema.filters import ListQuery
from unionapp.services.filters import conditions
from unionapp.validation.common import free_text


def column_expr(spec: RecordSpec, field_spec: FieldSpec) -> Any:
    """The SQL expression a column shows; references show the enterprise's name."""
    column = getattr(spec.model, field_spec.key)
    if field_spec.kind == "enterprise":
        return (select(Enterprise.name).where(Enterprise.id == column).scalar_subquery()).label(
            field_spec.key
        )
    return column


def _contains(column: Any, needle: str, dialect: str) -> ColumnElement[bool]:
    """``needle`` anywhere in ``column``, Latin letters in any case. Without Latin letters case
    cannot matter, and the case-blind comparisons are the slow ones.

    SQLite: instr() finds Chinese text and digits about a third faster than LIKE '%…%'.
    PostgreSQL: LIKE (ILIKE with Latin letters), which the trigram (pg_trgm) GIN indexes of
    migration 0005 answer for needles of three characters or more; shorter ones are scanned,
    where LIKE is several times faster than ILIKE.
    """
    latin = any("a" <= char.lower() <= "z" for char in needle)
    if dialect == "postgresql":
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        return column.ilike(pattern, escape="\\") if latin else column.like(pattern, escape="\\")
    if latin:
        return column.contains(needle, autoescape=True)  # LIKE: ASCII letters in any case
    return func.instr(column, needle) > 0


def _search_condition(spec: RecordSpec, text: str, dialect: str) -> ColumnElement[bool] | None:
    words = free_text(text).split()
    if not words:
        return None
    parts = []
    for word in words:
        alternatives = []
        for key in spec.search:
            column = getattr(spec.model, key)
            if spec.field(key).kind == "enterprise":
                names = select(Enterprise.id).where(_contains(Enterprise.name, word, dialect))
                alternatives.append(column.in_(names))
            else:
                needle = word.upper() if key in ("credit_code", "id_number") else word
                alternatives.append(_contains(column, needle, dialect))
        parts.append(or_(*alternatives))
    return and_(*parts)


def _where(spec: RecordSpec, query: ListQuery, dialect: str) -> list[ColumnElement[bool]]:
    where = conditions(spec.key, query.filters, query.today)
    searched = _search_condition(spec, query.search, dialect)
    if searched is not None:
        where.append(searched)
    if spec.parent_key and query.parent_id is not None:
        where.append(getattr(spec.model, spec.parent_key) == query.parent_id)
    return where


def ids_statement(spec: RecordSpec, query: ListQuery, dialect: str) -> Select[Any]:
    """The SELECT of the matching ids in display order, for the database ``dialect``."""
    statement = select(spec.model.id).where(*_where(spec, query, dialect))
    if query.sort:
        expr = column_expr(spec, spec.field(query.sort))
        statement = statement.order_by(expr.desc() if query.descending else expr.asc())
    return statement.order_by(spec.model.id.desc() if query.descending else spec.model.id)


def list_ids(session: Session, spec: RecordSpec, query: ListQuery) -> list[int]:
    """Ids of the matching records in display order (id breaks ties, so order is stable)."""
    dialect = session.connection().dialect.name
    return fetch_column(session, ids_statement(spec, query, dialect))


def fetch_column(session: Session, statement: Select[Any]) -> list[Any]:
    """The first column of every row, read straight from the driver's cursor.

    For 100,000 ids this is several times faster than building a Row per id; it runs on the
    session's own connection, so it sees the same transaction.
    """
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    if connection.dialect.name != "sqlite" or compiled.positiontup is None:
        return list(session.scalars(statement))
    params = tuple(compiled.params[name] for name in compiled.positiontup)
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        return [row[0] for row in cursor.execute(str(compiled), params)]
    finally:
        cursor.close()


def count_all(session: Session, spec: RecordSpec, parent_id: int | None = None) -> int:
    statement = select(func.count(spec.model.id))
    if spec.parent_key and parent_id is not None:
        statement = statement.where(getattr(spec.model, spec.parent_key) == parent_id)
    return session.scalar(statement) or 0


def fetch_rows(
    session: Session, spec: RecordSpec, ids: Sequence[int], fields: Sequence[FieldSpec] = ()
) -> dict[int, dict[str, Any]]:
    """Stored values of the given records, keyed by id; missing ids are simply absent."""
    fields = tuple(fields) or spec.columns
    expressions = [column_expr(spec, f) for f in fields]
    rows: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        statement = select(spec.model.id, *expressions).where(spec.model.id.in_(chunk))
        for row in session.execute(statement):
            rows[row[0]] = {f.key: value for f, value in zip(fields, row[1:], strict=True)}
    return rows
