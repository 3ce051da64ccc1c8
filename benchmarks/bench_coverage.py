"""What checking every text value of a 10,000-row family import for unprintable characters
costs: the first call (reading the coverage table) in a fresh process, then per value.

Run: uv run python benchmarks/bench_coverage.py
"""

from __future__ import annotations

import random
import sys
import time

from common import ROOT, run

sys.path.insert(0, str(ROOT))

FIRST_CALL = """
import time
started = time.perf_counter()
from unionapp.fonts_coverage import unprintable
imported = time.perf_counter()
unprintable("刘𠇔")
print(imported - started, time.perf_counter() - imported)
"""

NAMES = [
    "张伟",
    "王芳",
    "刘𠇔",
    "李䶮",
    "葛\U000e0100明",
    "扎西·བཀྲ་ཤིས",
    "ئابدۇللا ئەخمەت",
    "ᠪᠠᠲᠤ",
    "ꆈꌠ",
    "Zhang Wei",
    "阿依古丽😀",
]
TEXTS = [
    "江苏省南京市江宁区天元中路128号金鼎花园12幢2单元1502室",
    "南京某某科技有限公司",
    "因病致困，配偶长期住院，子女在读",
    "健康",
    "13912345678",
    "320115198001011236",
    "深度困难",
]


def rows(count: int) -> list[list[str]]:
    rng = random.Random(13)
    return [[rng.choice(NAMES), *rng.sample(TEXTS, k=len(TEXTS))] for _ in range(count)]


def main() -> None:
    firsts = [run(sys.executable, "-c", FIRST_CALL)[1].split() for _ in range(5)]
    imports = min(float(a) for a, _ in firsts)
    loads = min(float(b) for _, b in firsts)
    print(
        f"import unionapp.fonts_coverage: {imports * 1000:.1f} ms; first call (reads and "
        f"compiles the table): {loads * 1000:.1f} ms"
    )

    from unionapp.fonts_coverage import unprintable

    table = rows(10_000)
    values = [value for row in table for value in row]
    unprintable("")
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        found = [unprintable(value) for value in values]
        best = min(best, time.perf_counter() - started)
    flagged = sum(1 for f in found if f)
    print(
        f"10,000 rows, {len(values):,} values: {best * 1000:.1f} ms, "
        f"{best / len(values) * 1e6:.2f} µs a value ({flagged:,} values flagged)"
    )


if __name__ == "__main__":
    main()
