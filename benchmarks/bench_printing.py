"""Printing the 审批表: 100 and 1,000 forms in the running program and as a whole process (time,
PDF size, peak memory), against the baseline of benchmarks/baseline_platypus.py (the same form
as a plain ReportLab Table of Paragraphs in its own process); then the `print` command for 100
forms through a private CUPS queue (tests/cups_server.py): its time and the job's size.

Run: uv run python benchmarks/bench_printing.py [--quick]
Goals (issue 13): 100 forms in the program no slower than the baseline's work, the whole process
within 1.6x of the baseline's whole process; the print job under 10 MB and the print command
under 5 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from common import ROOT, best_of, big_database

sys.path.insert(0, str(ROOT))

PEAK = str(ROOT / "benchmarks" / "peak.py")
BASELINE = str(ROOT / "benchmarks" / "baseline_platypus.py")


def whole(*args: str, env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Seconds, peak RSS in MiB and standard output of one process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, PEAK, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{args[:4]} failed:\n{done.stderr[-2000:]}")
    peak = int(done.stderr.rsplit("peak-rss-kib", 1)[1].split()[0]) // 1024
    return seconds, peak, done.stdout


def ours(database: Path, count: int, out: Path) -> tuple[float, int, str]:
    ids = [str(i) for i in range(1, count + 1)]
    return whole(
        "-m",
        "unionapp",
        "--db",
        str(database),
        "report",
        "hardship-form",
        "--out",
        str(out),
        "--id",
        *ids,
    )


def in_program(database: Path, counts: tuple[int, ...], out: Path, rounds: int) -> None:
    from unionapp.database import open_database
    from unionapp.reports.font_cache import FontCache
    from unionapp.reports.fonts import FontLibrary
    from unionapp.reports.registry import ReportRequest, print_report

    opened = open_database(str(database))
    fonts = FontLibrary(cache=FontCache(out.parent / "font-cache"))
    with opened.read() as session:
        print_report(session, ReportRequest("hardship-form", ids=[1]), out, fonts)  # warm
        for count in counts:
            request = ReportRequest("hardship-form", ids=list(range(1, count + 1)))
            times = []
            for _ in range(rounds if count <= 100 else 1):
                started = time.perf_counter()
                print_report(session, request, out, fonts)
                times.append(time.perf_counter() - started)
            tracemalloc.start()
            print_report(session, request, out, fonts)
            _now, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"{count:>5} forms, in the running program: {best_of(times)}, "
                f"{out.stat().st_size / 1024:,.0f} KiB, Python allocations peak {peak / 2**20:.0f} MiB"
            )
    opened.close()


def printing(database: Path, folder: Path) -> None:
    cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
    if not Path(cupsd).exists() or shutil.which("lp") is None:
        print("print command: skipped (needs cups and cups-bsd)")
        return
    from tests.cups_server import start

    server = start(folder / "cups", Path(cupsd))
    try:
        server.add_queue("bench")
        ids = [str(i) for i in range(1, 101)]
        times, job_id = [], ""
        for _ in range(3):
            seconds, _peak, out = whole(
                "-m",
                "unionapp",
                "--db",
                str(database),
                "print",
                "hardship-form",
                "--printer",
                "bench",
                "--id",
                *ids,
                env={"CUPS_SERVER": server.socket},
            )
            times.append(seconds)
            job_id = out.split()[-1]
        job = server.job(job_id)
        print(
            f"print 100 forms, whole command until CUPS accepted the job: {best_of(times)} "
            f"(goal under 5 s); job {len(job.data) / 2**20:.2f} MiB (goal under 10 MB)"
        )
    finally:
        server.stop()


def main() -> None:
    quick = "--quick" in sys.argv
    rounds = 1 if quick else 3
    database = big_database()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        out = folder / "forms.pdf"
        for count in (100,) if quick else (100, 1000):
            runs = [ours(database, count, out) for _ in range(rounds if count <= 100 else 1)]
            size = out.stat().st_size / 1024
            base = [
                whole(BASELINE, str(database), str(count), str(folder / "baseline.pdf"))
                for _ in range(rounds if count <= 100 else 1)
            ]
            base_size = (folder / "baseline.pdf").stat().st_size / 1024
            ours_best = min(seconds for seconds, _p, _o in runs)
            base_best = min(seconds for seconds, _p, _o in base)
            work = min(float(output.strip()) for _s, _p, output in base)
            print(
                f"{count:>5} forms, whole process: ours {best_of([r[0] for r in runs])}, "
                f"{size:,.0f} KiB, peak {max(r[1] for r in runs)} MiB | baseline "
                f"{best_of([b[0] for b in base])}, {base_size:,.0f} KiB, peak "
                f"{max(b[1] for b in base)} MiB | ratio {ours_best / base_best:.2f}x (goal ≤1.6x)"
            )
            print(f"{count:>5} forms, baseline's work after start-up: {work:.3f} s")
        in_program(database, (100,) if quick else (100, 1000), out, rounds)
        printing(database, folder)


if __name__ == "__main__":
    main()
