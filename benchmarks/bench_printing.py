"""Printing: 100 hardship forms into one PDF and a single form, whole process and in-process.

Run: uv run python benchmarks/bench_printing.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, best_of, big_database, run

sys.path.insert(0, str(ROOT))


def main() -> None:
    path = big_database()
    ids = [str(i) for i in range(1, 101)]
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "forms.pdf")
        base = (sys.executable, "-m", "unionapp", "--db", str(path), "report", "hardship-form")
        hundred = [run(*base, "--out", out, "--id", *ids)[0] for _ in range(3)]
        single = [run(*base, "--out", out, "--id", "1")[0] for _ in range(3)]
        print(f"100 hardship forms, whole process: {best_of(hundred)} (goal under 1.5 s)")
        print(f"1 hardship form, whole process:    {best_of(single)}")

        from unionapp.database import open_database
        from unionapp.reports.font_cache import FontCache
        from unionapp.reports.fonts import FontLibrary
        from unionapp.reports.registry import ReportRequest, print_report

        database = open_database(str(path))
        cache = FontCache(Path(folder) / "font-cache")
        for label in ("parsed", "from the cache"):  # the first round fills the cache
            started = time.perf_counter()
            fonts = FontLibrary(cache=cache)
            fonts.primary("song")
            fonts.primary("sans")
            print(
                f"font loading (once per process), {label}: {time.perf_counter() - started:.3f} s"
            )
        with database.read() as session:
            for label, request in (
                ("100 forms", ReportRequest("hardship-form", ids=list(range(1, 101)))),
                ("1 form", ReportRequest("hardship-form", ids=[1])),
            ):
                times = []
                for _ in range(3):
                    started = time.perf_counter()
                    print_report(session, request, out, fonts)
                    times.append(time.perf_counter() - started)
                print(
                    f"{label}, in the running program: {best_of(times)} (goal: 100 under 1.5 s,"
                    " one under 0.3 s)"
                )
        print(f"PDF size of the last run: {Path(out).stat().st_size / 1024:.0f} KiB")
        database.close()


if __name__ == "__main__":
    main()
