"""Write coverage.txt: the code points the bundled fonts can print, for checking names when they
are entered or imported. Run after changing any font in this folder:

    uv run python resources/fonts/make_coverage.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from unionapp.fonts_coverage import TABLE  # noqa: E402
from unionapp.reports.coverage_table import covered, render  # noqa: E402


def main() -> None:
    codes = covered()
    with TABLE.open("w", encoding="utf-8", newline="\n") as stream:
        stream.write(render(codes))
    print(f"{TABLE.relative_to(ROOT)}: {len(codes)} code points, {TABLE.stat().st_size} bytes")


if __name__ == "__main__":
    main()
