"""0008 drops the families' indexes on category, status and work status from a filled 0007
database: every row kept, and the list's filters on those columns find the same families."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tests.unionapp.test_database import migrate_to
from tests.unionapp.test_migrations import fill_revision_0003, table_counts
from unionapp.database import open_database
from unionapp.db.engine import sqlite_engine
from unionapp.safety.checking import check_database
from unionapp.schema.codes import FAMILY_CATEGORIES, FAMILY_STATUSES
from unionapp.schema.filters import ListQuery
from unionapp.schema.hardship import FAMILY
from unionapp.services.listing import list_ids

FILTERS = {
    "category": FAMILY_CATEGORIES,
    "status": FAMILY_STATUSES,
    "work_status": ("在岗", "失业", "灵活就业"),
}
DROPPED = {"ix_family_category", "ix_family_status", "ix_family_work_status"}


def _indexes(connection) -> set[str]:  # type: ignore[no-untyped-def]
    query = text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'family'")
    return set(connection.execute(query).scalars())


def test_0008_keeps_every_row_and_the_filters_find_the_same_families(tmp_path: Path) -> None:
    path = tmp_path / "街道 档案.sqlite3"
    fill_revision_0003(path)
    migrate_to(path, "0007")
    engine = sqlite_engine(path, None, pooled=False)
    with engine.begin() as connection:  # categories and work states as a street has them
        connection.execute(text("UPDATE family SET category = '深度困难' WHERE id % 3 = 0"))
        connection.execute(text("UPDATE family SET category = '意外致困' WHERE id % 7 = 0"))
        connection.execute(text("UPDATE family SET work_status = '失业' WHERE id % 4 = 1"))
        connection.execute(text("UPDATE family SET work_status = '灵活就业' WHERE id % 5 = 2"))
    with engine.connect() as connection:
        assert _indexes(connection) >= DROPPED
        before = table_counts(connection)
        sample = connection.execute(text("SELECT * FROM family WHERE id = 7")).mappings().one()
        expected = {
            (key, value): sorted(
                connection.execute(
                    text(f"SELECT id FROM family WHERE {key} = :value"), {"value": value}
                ).scalars()
            )
            for key, values in FILTERS.items()
            for value in values
        }
    engine.dispose()
    assert all(expected.values())  # each filter finds some families

    database = open_database(str(path))
    try:
        assert check_database(database) == []
        with database.read() as session:
            connection = session.connection()
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                "0008"
            )
            assert table_counts(connection) == before
            after = connection.execute(text("SELECT * FROM family WHERE id = 7")).mappings().one()
            assert dict(after) == dict(sample)
            assert not DROPPED & _indexes(connection)
            for (key, value), ids in expected.items():
                found = list_ids(session, FAMILY, ListQuery(filters={key: value}))
                assert sorted(found) == ids, (key, value)
    finally:
        database.close()
