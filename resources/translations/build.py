"""Update the Qt Linguist sources from ui/ and build the .qm files.

Run: uv run python resources/translations/build.py
(pyside6-lupdate collects every tr() string into unionapp_*.ts; translate them in Qt Linguist
or by editing the .ts; pyside6-lrelease then writes the .qm files the program loads.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LANGUAGES = ("zh_CN",)


def sources() -> list[str]:
    return sorted(str(path.relative_to(ROOT)) for path in (ROOT / "ui").glob("*.py"))


def main() -> int:
    for language in LANGUAGES:
        ts = HERE / f"unionapp_{language}.ts"
        subprocess.run(["pyside6-lupdate", *sources(), "-no-obsolete", "-ts", str(ts)],
                       cwd=ROOT, check=True)  # fmt: skip
        subprocess.run(["pyside6-lrelease", str(ts), "-qm", str(ts.with_suffix(".qm"))],
                       cwd=ROOT, check=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
