"""Ids for rows written in bulk (imports, the demo data), handed out by the database so that
two clerks writing at once never pick the same one.

PostgreSQL: the table's own sequence (``nextval``), which every other insert also draws from,
so it is never left behind by ids given explicitly. SQLite: the ids above the largest, read
inside the write transaction, which holds the file's only write lock (``BEGIN IMMEDIATE``) until
it commits: no other writer can take them meanwhile (a deferred transaction that tried would
fail to write, never collide silently).
"""

from __future__ import annotations

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session


def reserve_ids(session: Session, table: Table, count: int) -> list[int]:
    """``count`` new ids for ``table`` (column ``id``), ascending; use them in this
    transaction."""
    if count <= 0:
        return []
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table.name, "n": count},
        )
        return sorted(row[0] for row in rows)
    last = connection.execute(select(func.max(table.c.id))).scalar() or 0
    return list(range(last + 1, last + count + 1))
