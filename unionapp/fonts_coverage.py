"""Which characters the bundled fonts can print, without loading a font.

``resources/fonts/coverage.txt`` lists the code points the bundled fonts map, as ranges; it is
written by ``resources/fonts/make_coverage.py`` from the fonts themselves (a test keeps the two
in step). :func:`unprintable` checks a value against it when a record is entered or imported,
so a character no font has is named then, instead of printing as 〓 on paper.

Nothing is read at import time: the table is read and compiled into one regular expression
on the first call, which is then reused.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "coverage.txt"

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): joiners, variation
# selectors (U+FE00–FE0F, U+E0100–E01EF), Mongolian free variation selectors, bidi controls,
# tags. They shape their neighbours or vanish; they never need a glyph of their own.
IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def _char_class(ranges: list[tuple[int, int]]) -> str:
    def one(code: int) -> str:
        return re.escape(chr(code))

    return "".join(one(a) if a == b else f"{one(a)}-{one(b)}" for a, b in ranges)


IGNORABLE = re.compile(f"[{_char_class(list(IGNORABLE_RANGES))}]")


def is_ignorable(char: str) -> bool:
    """A default-ignorable character: drawn as nothing, never as a box."""
    return IGNORABLE.match(char) is not None


def read_table(path: Path = TABLE) -> list[tuple[int, int]]:
    """The ranges in a coverage file: one ``XXXX-YYYY`` or ``XXXX`` (hex) a line, ``#`` comments."""
    ranges: list[tuple[int, int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            first, _, last = line.partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
    return ranges


CONTROLS = ((0x00, 0x1F), (0x7F, 0x9F))  # never drawn: not text, so not reported either


@cache
def unprintable_pattern(table: Path = TABLE) -> re.Pattern[str]:
    """A compiled class of the characters no bundled font prints, made once per table file:
    everything but whitespace, controls, default ignorables and the table's ranges."""
    printable = sorted([*read_table(table), *IGNORABLE_RANGES, *CONTROLS])
    return re.compile(f"[^\\s{_char_class(printable)}]")


def unprintable(text: str, table: Path = TABLE) -> str:
    """The characters of ``text`` no bundled font can print, each once, in order; ``""`` when
    the whole value prints. For a validation warning naming the characters. Emoji are among
    them: the forms print no emoji (see resources/fonts/README.md)."""
    if text.isascii():  # every ASCII character prints or is a control
        return ""
    pattern = unprintable_pattern(table)
    if pattern.search(text) is None:  # the common case: all of it prints
        return ""
    return "".join(dict.fromkeys(pattern.findall(text)))
