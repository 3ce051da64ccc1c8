"""PostgreSQL direct mode against SQLite: the demo data, search as the clerk types, the year's
figures, and clerks saving at once, on 100,000 enterprises.

Run: uv run python benchmarks/bench_server.py [--url postgresql+psycopg://USER@HOST:PORT/DB]
Without --url a private server is started in a temporary folder (tests/pg_server.py; as root it
runs as the postgres user) and removed at the end. The database at --url must be empty.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import ROOT, best_of, big_database

sys.path.insert(0, str(ROOT))

Database = Any  # unionapp.database.Database, imported when the benchmark runs
ENTERPRISES, FAMILIES = 100_000, 2_000
SEARCHES = ("科技", "华泰科技", "5210", "江宁街道", "没有这家企业")


@contextmanager
def server_url(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    from tests import pg_server

    folders = pg_server.bin_folders()
    if not folders:
        raise SystemExit(
            "PostgreSQL not found: install the Debian package postgresql, or give --url"
        )
    server = pg_server.start(Path(folders[0]))
    try:
        server.create_database("bench")
        yield server.url("bench")
    finally:
        server.stop()


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def searches(database: Database, label: str) -> None:
    from unionapp.schema.filters import ListQuery
    from unionapp.schema.records import ENTERPRISE
    from unionapp.services.listing import list_ids

    for needle in SEARCHES:

        def search(needle: str = needle) -> None:
            with database.read() as session:
                list_ids(session, ENTERPRISE, ListQuery(search=needle))

        with database.read() as session:
            found = len(list_ids(session, ENTERPRISE, ListQuery(search=needle)))
        times = [timed(search) for _ in range(5)]
        print(f"  {label} search “{needle}” ({found:,} found): {best_of(times)}")


def clerks_at_once(database: Database, clerks: int = 4, saves: int = 50) -> float:
    """Seconds for ``clerks`` threads, each its own Database, saving ``saves`` records each."""
    from sqlalchemy import select

    from unionapp.database import open_database
    from unionapp.models import Enterprise
    from unionapp.schema.records import ENTERPRISE
    from unionapp.services import records

    others = [open_database(database.location.target) for _ in range(clerks)]
    with database.read() as session:
        ids = list(session.scalars(select(Enterprise.id).limit(clerks * saves)))
    barrier = threading.Barrier(clerks)

    def clerk(index: int) -> None:
        mine = ids[index::clerks]
        barrier.wait()
        for enterprise_id in mine:
            with others[index].write() as session:
                records.update(
                    session,
                    ENTERPRISE,
                    enterprise_id,
                    {"contact": f"联系人{index}"},
                    records.make_context(session),
                )

    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(clerks)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    for other in others:
        other.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an empty PostgreSQL database (else a private server)")
    args = parser.parse_args()
    from unionapp.database import open_database
    from unionapp.services.stats import compute_stats

    sqlite = open_database(str(big_database(ENTERPRISES, FAMILIES)))
    with server_url(args.url) as url:
        server = open_database(url)
        seconds = timed(lambda: _demo(server))
        print(
            f"demo {ENTERPRISES:,} enterprises, {FAMILIES:,} families into PostgreSQL: {seconds:.1f} s"
        )
        with server.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
        # Right after a bulk load the trigram indexes' new entries wait in GIN's pending list,
        # which the planner rightly avoids; autovacuum merges them within a minute or so.
        searches(server, "PostgreSQL right after the load,")
        autocommit = server.engine.execution_options(isolation_level="AUTOCOMMIT")
        with autocommit.connect() as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
        print("  (VACUUM ANALYZE, as autovacuum does after a load)")
        for database, label in ((sqlite, "SQLite    "), (server, "PostgreSQL")):
            searches(database, label)
            with database.read() as session:
                times = [timed(lambda s=session: compute_stats(s, 2024)) for _ in range(3)]
            print(f"  {label} stats for a year: {best_of(times)}")
            for clerks in (1, 4):
                seconds = clerks_at_once(database, clerks)
                print(f"  {label} {clerks} clerk(s) saving 50 records each: {seconds:.2f} s")
        server.close()
    sqlite.close()


def _demo(database: Database) -> None:
    from unionapp.services.demo import generate

    with database.write() as session:
        generate(session, enterprises=ENTERPRISES, families=FAMILIES, seed=2023)


if __name__ == "__main__":
    main()
