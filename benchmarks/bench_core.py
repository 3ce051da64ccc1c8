"""Core figures: `demo --enterprises 100000` and `stats` on it, whole processes.

Run: uv run python benchmarks/bench_core.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import best_of, big_database, run


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        seconds, _ = run(sys.executable, "-m", "unionapp", "--db", str(Path(folder) / "d.sqlite3"),
                         "demo", "--enterprises", "100000", "--families", "2000")  # fmt: skip
        print(f"demo --enterprises 100000 --families 2000 (whole process): {seconds:.2f} s")
    path = big_database()
    times = [run(sys.executable, "-m", "unionapp", "--db", str(path), "stats", "--json")[0]
             for _ in range(5)]  # fmt: skip
    print(f"stats on 100,000 enterprises (whole process): {best_of(times)}")
    print(f"database file: {path.stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
