"""Cutting one line of text into runs to draw: one font per run, the runs that need shaping
marked, right-to-left runs put in visual order, and what no font has turned into a placeholder.

Rules, character by character:
- a character goes to the first font of the chain that has it; a new run starts when the font
  changes;
- whitespace and combining marks stay in the current run when its font has them (a Mongolian
  suffix after U+202F, a Tai Le tone mark), but never extend a right-to-left run: a space
  between two Uyghur words is a neutral run of its own, so bidi reordering places it;
- default-ignorable characters (joiners, variation selectors, Mongolian FVS) join the current
  run and make it shaped: HarfBuzz lets them act on their neighbours, then drops them;
- a character no font has starts a placeholder (〓); an emoji sequence joined by U+200D, with
  its modifiers and selectors, is one placeholder;
- in a left-to-right line (every form here is one), a sequence of right-to-left runs and the
  neutral or numeric runs between them is drawn in reverse order, each run's glyphs already
  in visual order from HarfBuzz. This is the Unicode bidi algorithm for levels 0 to 2 except
  that a number after the last Arabic word stays to its right, where PDF readers look for it
  when they turn the page back into text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from unionapp.fonts_coverage import is_ignorable

SPACE, MARK, IGNORABLE, RTL, NUMBER, STRONG_LTR, CONTROL = 1, 2, 4, 8, 16, 32, 64
SHAPED, NO_FONT = 128, 256  # set by the font library: the font shapes, or no font has it
COMPLEX = MARK | IGNORABLE | RTL | SHAPED | NO_FONT  # a line with one is laid out, not summed
JOINER = "\u200d"
MODIFIERS = range(0x1F3FB, 0x1F400)  # emoji skin tones


@cache
def char_kind(char: str) -> int:
    """The font-independent facts about a character that decide where runs start."""
    if is_ignorable(char):
        return IGNORABLE
    kind = 0
    if char.isspace():
        kind |= SPACE
    category = unicodedata.category(char)
    if category == "Cc":
        kind |= CONTROL
    elif category in ("Mn", "Me"):
        kind |= MARK
    direction = unicodedata.bidirectional(char)
    if direction in ("R", "AL"):
        kind |= RTL
    elif direction in ("EN", "AN"):
        kind |= NUMBER
    elif direction == "L":
        kind |= STRONG_LTR
    return kind


class Glyph(NamedTuple):
    """How one character prints in a style: font, what is drawn, advance at 1 pt, kind."""

    font: str
    drawn: str
    advance: float
    kind: int


@dataclass
class Piece:
    font: str
    kind: int  # the kinds of its characters, or-ed
    text: list[str] = field(default_factory=list)  # as entered
    drawn: list[str] = field(default_factory=list)
    advances: list[float] = field(default_factory=list)
    missing: bool = False

    @property
    def advance(self) -> float:
        return sum(self.advances)

    @property
    def rtl(self) -> bool:
        return bool(self.kind & RTL)

    @property
    def plain(self) -> bool:
        """Neither shaped nor a placeholder: drawn character by character."""
        return not (self.missing or self.shaped)

    @property
    def shaped(self) -> bool:
        return bool(self.kind & (SHAPED | IGNORABLE | RTL))

    def add(self, char: str, drawn: str, advance: float, kind: int) -> None:
        self.text.append(char)
        self.drawn.append(drawn)
        self.advances.append(advance)
        self.kind |= kind


def _continues_placeholder(current: Piece, char: str, kind: int) -> bool:
    """The rest of an emoji sequence: selectors, joiners, skin tones, a joined emoji."""
    if kind & IGNORABLE or ord(char) in MODIFIERS:
        return True
    return bool(kind & NO_FONT) and current.text[-1] == JOINER


def _stays(current: Piece, char: str, kind: int, has: Callable[[str, str], bool]) -> bool:
    """Whitespace or a mark the current run's font has stays in it (not a space after
    right-to-left text: that is a neutral run of its own)."""
    if not kind & (SPACE | MARK) or (kind & SPACE and current.rtl):
        return False
    return has(current.font, char)


def _starts_piece(current: Piece, found: Glyph) -> bool:
    kind = found.kind
    if current.missing or kind & NO_FONT or found.font != current.font:
        return True
    if current.rtl:  # a number or a space inside right-to-left text is a run of its own
        return bool(kind & (NUMBER | SPACE))
    return bool(kind & RTL and current.kind & NUMBER)


def split(
    text: str,
    glyph: Callable[[str], Glyph],
    has: Callable[[str, str], bool],
    width: Callable[[str, str], float],
    primary: str,
) -> list[Piece]:
    """The runs of one line in logical order (see the module's rules). ``glyph`` gives a
    character's own font; ``has(font, char)`` and ``width(font, char)`` ask a given font."""
    pieces: list[Piece] = []
    current: Piece | None = None
    for char in text:
        found = glyph(char)
        kind = found.kind
        if current is not None and current.missing:
            if _continues_placeholder(current, char, kind):
                current.text.append(char)  # drawn stays one 〓
                continue
        elif kind & IGNORABLE:
            if current is None:
                current = Piece(primary, SHAPED)
                pieces.append(current)
            current.add(char, "", 0.0, IGNORABLE)
            continue
        elif current is not None and _stays(current, char, kind, has):
            current.add(char, char, width(current.font, char), kind)
            continue
        if current is None or _starts_piece(current, found):
            current = Piece(found.font, 0, missing=bool(kind & NO_FONT))
            pieces.append(current)
        current.add(char, found.drawn, found.advance, kind)
    return pieces


def visual_order(pieces: list[Piece]) -> list[Piece]:
    """Runs left to right: each right-to-left sequence (right-to-left runs with only neutral
    or numeric runs between them) reversed in place, the runs between reversed too."""
    ordered: list[Piece] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if not piece.rtl:
            ordered.append(piece)
            index += 1
            continue
        last = index
        scan = index + 1
        while scan < len(pieces) and not pieces[scan].kind & STRONG_LTR:
            if pieces[scan].rtl:
                last = scan
            scan += 1
        for inner in reversed(pieces[index : last + 1]):
            ordered.extend(_reversed(inner) if inner.plain else [inner])
        index = last + 1
    return ordered


MIRRORED = dict(zip("()[]{}<>（）《》「」«»", ")(][}{><）（》《」「»«", strict=True))


def _reversed(piece: Piece) -> list[Piece]:
    """A neutral or numeric run inside right-to-left text, laid out right to left: numbers stay
    left to right, everything else is reversed and brackets are mirrored."""
    parts: list[Piece] = []
    for char, drawn, advance in zip(piece.text, piece.drawn, piece.advances, strict=True):
        kind = char_kind(char)
        if parts and kind & NUMBER and parts[-1].kind & NUMBER:
            parts[-1].add(char, drawn, advance, kind)
            continue
        part = Piece(piece.font, 0)
        part.add(char, drawn if kind & NUMBER else MIRRORED.get(drawn, drawn), advance, kind)
        parts.append(part)
    return parts[::-1]
