"""Shaping with HarfBuzz for the scripts that need it: Tibetan stacks, joined Uyghur written
right to left, Mongolian joining forms, and Han characters followed by a variation selector.

HarfBuzz turns a run of characters into positioned glyphs; ReportLab writes text by character
code. Each glyph is therefore given a code: the character itself when the glyph is the font's
own glyph for it, else a private-use code (plane 15) that the font maps to the glyph. The
ToUnicode map gives every code the characters its glyph stands for (a whole cluster on the
cluster's first glyph, nothing on the rest), so text copied out of the PDF is the text entered:
a stack copies as its letters, a joined form as its letter, a ligature as its pair.

Runs without any of this (Han, Latin, digits) never come here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import uharfbuzz as hb
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont

PRIVATE_START = 0xF0000  # Supplementary Private Use Area-A: no bundled font maps it
FEATURES = {"kern": True, "liga": True}


@dataclass
class FontShaping:
    """What shaping adds to one font: HarfBuzz's view of it and the private codes given out."""

    hb_font: Any
    scale: float  # design units to thousandths of an em, as PDF widths are
    codes: dict[tuple[int, str], int]  # (glyph, characters it stands for) -> code
    text: dict[int, str]  # private code -> characters, for the ToUnicode map

    @classmethod
    def of(cls, font: TTFont) -> FontShaping:
        found = font.__dict__.get("_shaping")
        if found is None:
            face = font.face
            index = int(face.subfontNameX[1:] or 0) if face.subfontNameX else 0
            hb_face = hb.Face(hb.Blob(face._ttf_data), index)
            found = cls(hb.Font(hb_face), 1000 / face.unitsPerEm, {}, {})
            font.__dict__["_shaping"] = found
        return found


def private_text(font: TTFont) -> dict[int, str]:
    """The characters behind each private code the font has given out (empty if none)."""
    shaping = font.__dict__.get("_shaping")
    return shaping.text if shaping is not None else {}


def _code(font: TTFont, shaping: FontShaping, glyph: int, chars: str) -> int:
    """The character code to write for ``glyph`` standing for ``chars``."""
    face = font.face
    if len(chars) == 1 and face.charToGlyph.get(ord(chars)) == glyph:
        return ord(chars)
    key = (glyph, chars)
    code = shaping.codes.get(key)
    if code is None:
        code = PRIVATE_START + len(shaping.codes)
        shaping.codes[key] = code
        shaping.text[code] = chars
        face.charToGlyph[code] = glyph
        face.charWidths[code] = face.hmetrics[glyph][0] * shaping.scale
    return code


def shape(font: TTFont, text: str, rtl: bool = False) -> tuple[ShapedStr, float]:
    """``text`` shaped in ``font``: the codes to write, in visual order, with their positions,
    and the advance at 1 pt. Default-ignorable characters (joiners, variation selectors,
    Mongolian free variation selectors) shape their neighbours and then vanish."""
    shaping = FontShaping.of(font)
    buffer = hb.Buffer()
    buffer.add_codepoints([ord(char) for char in text])
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
    hb.shape(shaping.hb_font, buffer, FEATURES)
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=False))  # none when all vanish
    first = starts[0] if starts else 0  # removed joiners before it belong to it
    scale = shaping.scale
    codes: list[str] = []
    data: list[ShapeData] = []
    seen: set[int] = set()
    advance = 0.0
    for info, position in zip(infos, positions, strict=True):
        cluster = info.cluster
        if cluster in seen:
            chars = ""  # a further glyph of the cluster: its characters are on the first
        else:
            seen.add(cluster)
            chars = text[0 if cluster == first else cluster : ends[cluster]]
        code = _code(font, shaping, info.codepoint, chars)
        x_advance = position.x_advance * scale
        codes.append(chr(code))
        width = font.face.charWidths.get(code, font.face.defaultWidth)
        data.append(
            ShapeData(
                cluster,
                x_advance,
                position.y_advance * scale,
                position.x_offset * scale,
                position.y_offset * scale,
                width,
            )
        )
        advance += x_advance
    return ShapedStr("".join(codes), shapeData=data), advance / 1000
