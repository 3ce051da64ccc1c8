"""Drawing and wrapping Chinese text with the font chain.

Line breaking follows the Chinese rules the clerk's forms need: no line starts with a closing
mark and no line ends with an opening one; Latin words and numbers stay whole when they fit,
and so do words in the scripts written with spaces (Uyghur, Mongolian, …); a Tibetan line
breaks after a tsheg; a mark, joiner or selector never starts a line.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from unionapp.reports.fonts import FontLibrary
from unionapp.reports.runs import IGNORABLE, MARK, char_kind

NO_LINE_START = set("，。、；：！？）」』》〉】〕］｝”’…—·,.;:!?)]}%％་།،؛؟᠂᠃")
NO_LINE_END = set("（「『《〈【〔［｛“‘([{")
NO_BREAK_SPACES = set("\u00a0\u2007\u202f")  # U+202F joins Mongolian suffixes to their word


@cache
def _word_letter(char: str) -> bool:
    """A letter, mark or digit of a script that breaks lines between words, not characters."""
    if char.isascii():
        return char.isalnum()
    if unicodedata.category(char)[0] not in "LMN":
        return False
    return unicodedata.east_asian_width(char) not in ("W", "F")  # Han, kana, Hangul, Yi break


def _joins(previous: str, char: str) -> bool:
    """No line break may fall between ``previous`` and ``char``."""
    if char_kind(char) & (MARK | IGNORABLE) or char in NO_BREAK_SPACES:
        return True
    if previous in NO_BREAK_SPACES:
        return True
    return _word_letter(previous) and _word_letter(char)


def _tokens(text: str) -> list[str]:
    """The pieces a line may break between: CJK characters one by one; words of Latin letters,
    digits and the space-separated scripts kept together; marks and joiners with their base."""
    tokens: list[str] = []
    for char in text:
        if tokens and _joins(tokens[-1][-1], char):
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def _clusters(token: str) -> list[str]:
    """A token too long for the line is cut between characters, never before a mark."""
    clusters: list[str] = []
    for char in token:
        if clusters and char_kind(char) & (MARK | IGNORABLE):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def wrap(
    fonts: FontLibrary, text: str, width: float, size: float, style: str = "song"
) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (explicit newlines kept).

    Results are remembered per font library: a batch of forms wraps the same labels again
    and again.
    """
    key = (text, round(width, 3), size, style)
    cached = fonts.wrapped.get(key)
    if cached is not None:
        return list(cached)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(fonts, paragraph, width, size, style))
    lines = lines or [""]
    if len(fonts.wrapped) > 20_000:
        fonts.wrapped.clear()
    fonts.wrapped[key] = tuple(lines)
    return lines


def _break_point(line: list[str], token: str) -> tuple[list[str] | None, list[str]]:
    """Split ``line`` so the next line may start with ``token``: (kept, carried down)."""
    kept, carry = list(line), []
    while len(kept) > 1 and kept[-1].isspace():
        kept.pop()
    if token[0] in NO_LINE_START:
        # take characters down with the mark until the new line starts properly
        while len(kept) > 1 and (not carry or carry[0][0] in NO_LINE_START):
            carry.insert(0, kept.pop())
        if not carry or carry[0][0] in NO_LINE_START:
            return None, []
    while len(kept) > 1 and (kept[-1].isspace() or kept[-1][-1] in NO_LINE_END):
        mark = kept.pop()  # an opening mark goes down with what it opens; a space there is dropped
        if not mark.isspace():
            carry.insert(0, mark)
    return kept, carry


def _wrap_paragraph(
    fonts: FontLibrary, text: str, width: float, size: float, style: str
) -> list[str]:
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for token in _tokens(text):
        token_width = fonts.width(token, size, style)
        if line and used + token_width > width and not token.isspace():
            kept, carry = _break_point(line, token)
            if kept is None:  # no good break: hang the mark in the margin (标点悬挂)
                line.append(token)
                used += token_width
                continue
            line = kept
            lines.append("".join(line).rstrip())
            line = carry
            used = fonts.width("".join(line), size, style)
            if token_width > width and len(token) > 1:  # a long number: split by character
                for char in _clusters(token):
                    char_width = fonts.width(char, size, style)
                    if line and used + char_width > width:
                        lines.append("".join(line))
                        line, used = [], 0.0
                    line.append(char)
                    used += char_width
                continue
        if not line and token.isspace():
            continue
        if not line and token_width > width and len(token) > 1:  # too long for any line
            for char in _clusters(token):
                char_width = fonts.width(char, size, style)
                if line and used + char_width > width:
                    lines.append("".join(line))
                    line, used = [], 0.0
                line.append(char)
                used += char_width
            continue
        line.append(token)
        used += token_width
    if line or not lines:
        lines.append("".join(line).rstrip())
    return lines


def draw_text(
    canvas: Canvas,
    fonts: FontLibrary,
    x: float,
    y: float,
    text: str,
    size: float,
    style: str = "song",
    align: str = "left",
) -> float:
    """Draw one line at baseline ``y``; returns its width."""
    layout = fonts.layout(text, style)
    total = layout.width * size
    if align == "center":
        x -= total / 2
    elif align == "right":
        x -= total
    line = canvas.beginText(x, y)  # one text object per line, whatever fonts it needs
    for run in layout.runs:
        line.setFont(run.font, size)
        if run.actual is not None:  # shaped glyphs: readers copy the text as entered
            line._code.append(f"/Span <</ActualText <FEFF{_utf16(run.actual)}>>> BDC")
            line.textOut(run.text)
            line._code.append("EMC")
        else:
            line.textOut(run.text)
    canvas.drawText(line)
    return total


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def fit_size(
    fonts: FontLibrary,
    text: str,
    width: float,
    size: float,
    style: str = "song",
    smallest: float = 5.0,
) -> float:
    """The largest size not above ``size`` at which ``text`` fits on one line (ID numbers)."""
    natural = fonts.width(text, size, style)
    if natural <= width or natural == 0:
        return size
    return max(smallest, size * width / natural)


LABEL_FLOOR = 7.5  # labels shrink to this before they take a second line
ONE_LINE_FLOOR = 8.0  # a value kept whole shrinks to this before it breaks at a natural point
BREAK_AFTER = set("转、/；;，")  # an extension's 转, a list's separators (not ",": 1,000)


def _natural_pieces(text: str) -> tuple[list[str], list[str]]:
    """The pieces of a value between its natural break points ("0255210转808", "无固定住所
    120.5㎡", "138…/139…"), and what joins each piece to the next on one line."""
    pieces: list[str] = []
    joins: list[str] = []
    current = ""
    for char in text:
        if char.isspace():
            if current:
                pieces.append(current)
                joins.append(" ")
                current = ""
            continue
        current += char
        if char in BREAK_AFTER:
            pieces.append(current)
            joins.append("")
            current = ""
    if current:
        pieces.append(current)
        joins.append("")
    return pieces, joins


def whole_pieces(
    fonts: FontLibrary, text: str, width: float, size: float, style: str = "song"
) -> tuple[list[str], float]:
    """A value never broken inside a number: one line, shrunk to ``ONE_LINE_FLOOR`` if need
    be; below that, lines broken only at natural points, each piece whole; a piece that still
    does not fit shrinks further (to 5 pt) rather than break."""
    one = fit_size(fonts, text, width, size, style)
    pieces, joins = _natural_pieces(text)
    if one >= ONE_LINE_FLOOR or len(pieces) < 2:
        return [text], one
    size = min(size, *(fit_size(fonts, piece, width, size, style) for piece in pieces))
    lines = [pieces[0]]
    for join, piece in zip(joins, pieces[1:], strict=False):
        joined = lines[-1] + join + piece
        if fonts.width(joined, size, style) <= width:
            lines[-1] = joined
        else:
            lines.append(piece)
    return lines, size


def label_lines(
    fonts: FontLibrary, text: str, width: float, size: float, style: str = "sans"
) -> tuple[list[str], float]:
    """A field label: one line, shrunk down to ``LABEL_FLOOR`` if need be; else two balanced
    lines (家庭月/总收入, never 家庭月总收/入) at the largest size both fit."""
    if "\n" in text:
        lines = text.split("\n")
        return lines, min(
            size, *(fit_size(fonts, line, width, size, style, LABEL_FLOOR) for line in lines)
        )
    one = fit_size(fonts, text, width, size, style, LABEL_FLOOR)
    if fonts.width(text, one, style) <= width:
        return [text], one
    tokens = _tokens(text)
    best: tuple[float, list[str]] | None = None
    for cut in range(1, len(tokens)):
        first, second = "".join(tokens[:cut]), "".join(tokens[cut:])
        if len(first) < 2 or len(second) < 2 or second[0] in NO_LINE_START:
            continue
        widest = max(fonts.width(first, 1, style), fonts.width(second, 1, style))
        if best is None or widest < best[0]:
            best = (widest, [first, second])
    if best is not None and best[0] * LABEL_FLOOR <= width:
        return best[1], min(size, width / best[0])
    return wrap(fonts, text, width, LABEL_FLOOR, style), LABEL_FLOOR


class Text(Flowable):
    """A wrapped block of text for table cells and page flow, using the font chain."""

    def __init__(
        self,
        fonts: FontLibrary,
        text: object,
        size: float = 10.5,
        style: str = "song",
        align: str = "left",
        leading: float | None = None,
        one_line: bool = False,
        label: bool = False,
        min_height: float = 0.0,
    ) -> None:
        super().__init__()
        self.fonts = fonts
        self.text = "" if text is None else str(text)
        self.size = size
        self.style = style
        self.align = align
        self.line_factor = (leading / size) if leading else 1.35
        self.one_line = one_line  # numbers, amounts, IDs, dates, phones: never broken
        self.label = label  # shrinks first, then two balanced lines
        self.min_height = min_height
        self.lines: list[str] = []
        self.draw_size = size
        self._wrapped_for: float | None = None  # tables ask again and again at one width

    @property
    def leading(self) -> float:
        return self.draw_size * self.line_factor

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        if self._wrapped_for == available_width:
            return available_width, self.height
        self._wrapped_for = available_width
        self.width = available_width
        self.draw_size = self.size
        if self.one_line:
            self.lines, self.draw_size = whole_pieces(
                self.fonts, self.text, available_width, self.size, self.style
            )
        elif self.label:
            self.lines, self.draw_size = label_lines(
                self.fonts, self.text, available_width, self.size, self.style
            )
        else:
            self.lines = wrap(self.fonts, self.text, available_width, self.size, self.style)
        self.height = max(self.min_height, self.leading * len(self.lines))
        return available_width, self.height

    def draw(self) -> None:
        x = {"left": 0, "center": self.width / 2, "right": self.width}[self.align]
        size, leading = self.draw_size, self.leading
        top = self.height - (self.height - leading * len(self.lines)) / 2  # centred in its box
        y = top - leading + (leading - size) / 2 + size * 0.12
        for line in self.lines:
            draw_text(self.canv, self.fonts, x, y, line, size, self.style, self.align)
            y -= leading
