"""Run a Python module or script as the whole process would, then print its peak memory.

Run: python benchmarks/peak.py -m unionapp ARGS…  |  python benchmarks/peak.py SCRIPT ARGS…
The last line on standard error is ``peak-rss-kib N`` (Linux and macOS).
"""

from __future__ import annotations

import atexit
import os
import resource
import runpy
import sys


def report() -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":
        peak //= 1024  # bytes there, KiB on Linux
    print(f"peak-rss-kib {peak}", file=sys.stderr)


if __name__ == "__main__":
    atexit.register(report)
    if sys.argv[1] == "-m":
        sys.argv = [sys.argv[2], *sys.argv[3:]]
        sys.path[0] = os.getcwd()  # as `python -m` would have it
        runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
    else:
        sys.argv = sys.argv[1:]
        runpy.run_path(sys.argv[0], run_name="__main__")
