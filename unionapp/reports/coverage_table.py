"""The coverage table behind ``unionapp.fonts_coverage``: every code point a bundled font maps
to a real glyph, as ranges, read with ReportLab's own parser (what printing will find)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFontFace

from unionapp.bundled_fonts import BUNDLED, FONTS_DIR

HEADER = """\
# Code points the bundled fonts print (hex ranges, first-last), one range a line.
# Written by resources/fonts/make_coverage.py from the fonts in this folder; do not edit.
# unionapp/fonts_coverage.py reads it; a test checks it is in step with the fonts.
"""


def covered(fonts_dir: Path = FONTS_DIR) -> set[int]:
    codes: set[int] = set()
    for font in BUNDLED.values():
        face = TTFontFace(str(fonts_dir / font.file), subfontIndex=font.index)
        codes.update(code for code, glyph in face.charToGlyph.items() if glyph)
    return codes


def ranges(codes: Iterable[int]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for code in sorted(codes):
        if merged and merged[-1][1] == code - 1:
            merged[-1] = (merged[-1][0], code)
        else:
            merged.append((code, code))
    return merged


def render(codes: Iterable[int]) -> str:
    lines = [f"{a:04X}" if a == b else f"{a:04X}-{b:04X}" for a, b in ranges(codes)]
    return HEADER + "\n".join(lines) + "\n"
