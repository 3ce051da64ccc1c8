"""Syncing with the district server: an office's first sync (3,000 enterprises and 500 families
with their visits, honours, congresses, members and assistance), a second PC's first pull of
all of it, an incremental sync of 50 changes, and 20 offices syncing at once (each with 50
changes waiting), with the server's CPU time over that minute.

Run: uv run python benchmarks/bench_sync.py [--url postgresql+psycopg://ADMIN@HOST:PORT/DB]
       [--offices 20] [--enterprises 3000] [--families 500]
Without --url a private server is started in a temporary folder (tests/pg_server.py) and removed
at the end. The clients run on this machine too (each office in its own process), so with 2
cores the figures for 20 offices include the clients' own work competing with the server's.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_server import server_url
from common import ROOT

sys.path.insert(0, str(ROOT))

CHANGES = 50
FIELDS = ("address", "contact", "phone", "community")


def new_pc(folder: Path, name: str):  # type: ignore[no-untyped-def]
    from unionapp.database import open_database

    return open_database(str(folder / f"{name}.sqlite3"), operator=name)


def fill(database, enterprises: int, families: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    from unionapp.services.demo import generate

    with database.write() as session:
        generate(session, enterprises=enterprises, families=families, trainings=4, seed=seed)


def edit(database, count: int, tag: str) -> None:  # type: ignore[no-untyped-def]
    """``count`` edits of one field each, in separate transactions, as a clerk makes them."""
    from sqlalchemy import select

    from unionapp.models import Enterprise

    with database.read() as session:
        ids = list(session.scalars(select(Enterprise.id).order_by(Enterprise.id).limit(count)))
    for number, company_id in enumerate(ids):
        with database.write() as session:
            company = session.get(Enterprise, company_id)
            setattr(company, FIELDS[number % len(FIELDS)], f"{tag}-{number}")


def timed_sync(database, url: str) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    from unionapp.sync.run import sync

    started = time.perf_counter()
    report = sync(database, url)
    return time.perf_counter() - started, report


class ServerStatements:
    """Statements sent to the server while it is held, each one round trip: on an office's
    line (a few ms to tens of ms each) they, not the server's work, set a sync's pace."""

    def __init__(self) -> None:
        self.count = 0

    def __enter__(self) -> ServerStatements:
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        event.listen(Engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc: object) -> None:
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        event.remove(Engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, *_args: object) -> None:  # type: ignore[no-untyped-def]
        if conn.dialect.name == "postgresql":
            self.count += 1


def server_cpu_seconds() -> float:
    """User and system CPU time of every process named postgres (the benchmark's own server,
    or the machine's: start no other work meanwhile), with that of the connections' processes
    that ended (counted in their parent's children's time once it reaped them)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8")
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        if name.startswith("postgres"):
            fields = stat[stat.rindex(")") + 2 :].split()
            total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / ticks


def office_worker(args: tuple[str, str, int]) -> float:
    """One office's PC in a process of its own: sync the changes waiting; the seconds it took."""
    path, url, _number = args
    from unionapp.database import open_database

    database = open_database(path, operator="bench")
    try:
        seconds, _report = timed_sync(database, url)
        return seconds
    finally:
        database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--offices", type=int, default=20)
    parser.add_argument("--enterprises", type=int, default=3000)
    parser.add_argument("--families", type=int, default=500)
    args = parser.parse_args()
    from unionapp.sync.district import add_office, init_server

    with server_url(args.url) as url, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        init_server(url)
        office = add_office(url, "JN", "江宁街道工会")
        first = new_pc(folder, "pc1")
        fill(first, args.enterprises, args.families, seed=1)
        print(f"office JN: {args.enterprises} enterprises, {args.families} families")

        with ServerStatements() as sent:
            seconds, report = timed_sync(first, office.url)
        pushed = report.pushed  # type: ignore[attr-defined]
        print(
            f"first sync (push): {seconds:.2f} s, {pushed} changes, {sent.count} statements "
            f"to the server ({sent.count / max(1, pushed):.1f} a change)"
        )
        second = new_pc(folder, "pc2")
        seconds, report = timed_sync(second, office.url)
        print(f"second PC's first sync (pull): {seconds:.2f} s, {report.pulled} changes")  # type: ignore[attr-defined]

        edit(first, CHANGES, "改")
        seconds, report = timed_sync(first, office.url)
        print(f"incremental sync of {CHANGES} changes (push): {seconds:.3f} s")
        seconds, report = timed_sync(second, office.url)
        print(f"incremental sync of {CHANGES} changes (pull on the other PC): {seconds:.3f} s")
        seconds, report = timed_sync(second, office.url)
        print(f"a sync with nothing to do: {seconds:.3f} s")
        for database in (first, second):
            database.close()

        per_office = max(1, args.enterprises // args.offices)
        paths = []
        for number in range(args.offices):
            code = f"S{number:02d}"
            made = add_office(url, code, f"第{number}街道工会")
            pc = new_pc(folder, f"office-{code}")
            fill(pc, per_office, max(1, args.families // args.offices), seed=100 + number)
            timed_sync(pc, made.url)
            edit(pc, CHANGES, code)
            pc.close()
            paths.append((str(folder / f"office-{code}.sqlite3"), made.url, number))
        print(
            f"{args.offices} offices of {per_office} enterprises each, first-synced, "
            f"{CHANGES} changes waiting in each"
        )
        cpu_before = server_cpu_seconds()
        started = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(args.offices) as pool:
            times = pool.map(office_worker, paths)
        wall = time.perf_counter() - started
        cpu = server_cpu_seconds() - cpu_before
        print(
            f"{args.offices} offices syncing at once: all done in {wall:.2f} s; per office "
            f"median {statistics.median(times):.2f} s, slowest {max(times):.2f} s; "
            f"server CPU {cpu:.2f} s ({100 * cpu / wall:.0f}% of one core over that time)"
        )


if __name__ == "__main__":
    main()
