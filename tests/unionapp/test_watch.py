"""The watcher behind the window's automatic refresh: which tables another clerk (or another
copy of the program) changed since the last look, without waiting, from any thread; and on
PostgreSQL, a lost connection made again with every table reported once it is back."""

from __future__ import annotations

import threading
import time

import pytest

from unionapp.database import open_database
from unionapp.db.watch import FileWatcher, ServerWatcher, all_tables, watch
from unionapp.schema.hardship import MEMBER
from unionapp.schema.records import ENTERPRISE, FAMILY
from unionapp.services import records
from unionapp.services.demo import generate
from unionapp.validation.idcard import id_check_char


def poll(watcher, timeout: float = 10.0) -> frozenset[str]:
    """What the watcher reports within ``timeout`` (a timer's ticks, compressed)."""
    deadline = time.monotonic() + timeout
    found: set[str] = set()
    while time.monotonic() < deadline:
        found |= watcher.changes()
        if found:
            time.sleep(0.1)  # notices of one commit may come a moment apart
            return frozenset(found | watcher.changes())
        time.sleep(0.02)
    return frozenset(found)


@pytest.fixture
def other(db):
    clerk = open_database(db.location.target, operator="另一位")
    yield clerk
    clerk.close()


@pytest.fixture
def watcher(db):
    watching = watch(db)
    yield watching
    watching.close()


def add_family(database, serial: int) -> int:
    body = f"32011519800101{serial:03d}"
    with database.write() as session:
        context = records.make_context(session)
        family = records.create(
            session,
            FAMILY,
            {
                "worker_name": f"困难户{serial}",
                "id_number": body + id_check_char(body),
                "category": "相对困难",
            },
            context,
        )
        records.create(session, MEMBER, {"name": "子女", "relation": "子女"}, context, family.id)
        return family.id


def test_nothing_changed_is_an_empty_answer_at_once(db, watcher) -> None:
    assert isinstance(watcher, FileWatcher if db.path is not None else ServerWatcher)
    started = time.monotonic()
    assert watcher.changes() == frozenset()
    assert time.monotonic() - started < 0.5


def test_another_clerks_save_names_its_tables_once(db, other, watcher) -> None:
    with other.write() as session:
        records.create(
            session,
            ENTERPRISE,
            {"name": "新企业", "union_status": "未建会"},
            records.make_context(session),
        )
    assert poll(watcher) == {"enterprise"}
    assert watcher.changes() == frozenset()  # seen once, then quiet
    add_family(other, 1)
    family = {"family", "household_member"}  # and, from the log, the archive number's sequence
    assert family <= poll(watcher) <= family | {"archive_sequence"}


def test_bulk_inserts_are_seen_table_by_table(db, other, watcher) -> None:
    """The demo data goes in by bulk inserts, one audit event per table (SQLite reads those);
    PostgreSQL's statement triggers name the tables too."""
    with other.write() as session:
        generate(session, enterprises=5, families=3, trainings=1, seed=3)
    found = poll(watcher)
    assert {"enterprise", "family", "household_member", "training", "attendee"} <= found
    assert found <= all_tables()


def test_calls_from_many_threads_at_once_lose_nothing(db, other, watcher) -> None:
    seen: set[str] = set()
    errors: list[BaseException] = []
    stop = threading.Event()

    def timer() -> None:
        while not stop.is_set():
            try:
                seen.update(watcher.changes())
            except BaseException as error:  # what would reach the window
                errors.append(error)
            time.sleep(0.005)

    threads = [threading.Thread(target=timer) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for serial in range(5):
            add_family(other, serial)
        deadline = time.monotonic() + 10
        while {"family", "household_member"} - seen and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    assert errors == [] and {"family", "household_member"} <= seen


def test_a_closed_watcher_reports_nothing_and_closes_twice(watcher) -> None:
    watcher.close()
    assert watcher.changes() == frozenset()
    watcher.close()


def test_a_lost_server_connection_comes_back_and_reports_every_table(pg_db) -> None:
    watcher = watch(pg_db)
    try:
        assert isinstance(watcher, ServerWatcher) and watcher.connected
        with pg_db.engine.connect() as connection:  # the server ends the watcher's session
            from sqlalchemy import text

            ended = connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND query LIKE 'LISTEN%'"
                )
            ).all()
        assert ended == [(True,)]
        assert poll(watcher, 1.0) == frozenset()  # lost: nothing to say, no waiting
        found = poll(watcher, 15.0)  # made again in the background
        assert found == all_tables() and watcher.connected
        add_family(pg_db, 7)
        assert poll(watcher) == {"family", "household_member"}
    finally:
        watcher.close()
