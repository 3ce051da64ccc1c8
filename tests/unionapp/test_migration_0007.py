"""0007 adds the families list's indexes to a filled 0006 database: every row kept, and the list's
sort by income per head and its "helped this year" filter answered from the new indexes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from tests.unionapp.test_database import migrate_to
from tests.unionapp.test_migrations import fill_revision_0003, table_counts
from unionapp.database import open_database
from unionapp.db.engine import sqlite_engine
from unionapp.models import HardshipFamily
from unionapp.safety.checking import check_database
from unionapp.schema.filters import ListQuery
from unionapp.schema.hardship import FAMILY
from unionapp.services.listing import ids_statement, list_ids


def _plan(session, query: ListQuery) -> str:  # type: ignore[no-untyped-def]
    """The plan of the list's query as the program runs it (with its bound parameters)."""
    statement = ids_statement(FAMILY, query, "sqlite")
    compiled = statement.compile(session.connection())
    parameters = tuple(compiled.params[name] for name in compiled.positiontup or ())
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", parameters).all()
    return "\n".join(str(row[-1]) for row in rows)


def test_0007_keeps_every_row_and_the_list_uses_its_indexes(tmp_path: Path) -> None:
    path = tmp_path / "街道 档案.sqlite3"
    fill_revision_0003(path)
    migrate_to(path, "0006")
    engine = sqlite_engine(path, None, pooled=False)
    with engine.connect() as connection:
        before = table_counts(connection)
        sample = connection.execute(text("SELECT * FROM family WHERE id = 7")).mappings().one()
    engine.dispose()

    database = open_database(str(path))
    try:
        assert check_database(database) == []
        with database.read() as session:
            connection = session.connection()
            assert table_counts(connection) == before
            after = connection.execute(text("SELECT * FROM family WHERE id = 7")).mappings().one()
            assert dict(after) == dict(sample)
            indexes = set(
                connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'index'")
                ).scalars()
            )
            assert {"ix_family_income_per_head", "ix_assistance_family_id_given_on"} <= indexes
            assert "ix_assistance_family_id" not in indexes  # a prefix of the new one

            by_income = ListQuery(sort="income_per_head_fen")
            assert "INDEX ix_family_income_per_head" in _plan(session, by_income)
            assert "TEMP B-TREE" not in _plan(session, by_income)
            helped = ListQuery(filters={"helped": "否"})
            assert "ix_assistance_family_id_given_on" in _plan(session, helped)

            ids = list_ids(session, FAMILY, by_income)
            incomes = dict(
                session.execute(select(HardshipFamily.id, HardshipFamily.income_per_head_fen)).all()
            )
            assert sorted(ids) == sorted(incomes)
            assert [incomes[i] for i in ids] == sorted(incomes[i] for i in ids)
    finally:
        database.close()
