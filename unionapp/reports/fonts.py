"""Fonts for printing: bundled TrueType faces, a fallback chain per style, and a ToUnicode fix.

ReportLab does not fall back between fonts: a glyph missing from the font prints nothing. So
text is cut into runs, each drawn in the first font of the chain that has every character of
the run. ReportLab's ToUnicode map writes code points beyond U+FFFF as five hex digits
(``<201D4>``), which readers take as U+201D plus garbage; :class:`UnicodeTTFont` rewrites
those entries as UTF-16 surrogate pairs so text copied from the PDF is the text printed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from unionapp.bundled_fonts import BUNDLED, FONTS_DIR, SCRIPTS, FontFile
from unionapp.reports.font_cache import FontCache
from unionapp.reports.runs import (
    COMPLEX,
    CONTROL,
    IGNORABLE,
    NO_FONT,
    SHAPED,
    SPACE,
    Glyph,
    char_kind,
    split,
    visual_order,
)
from unionapp.reports.shaping import private_text, shape

__all__ = ["BUNDLED", "CHAINS", "FONTS_DIR", "MISSING", "FontFile", "FontLibrary", "Layout"]

MISSING = "〓"  # printed where no font has the character, so the gap is visible

# The scripts come right after the main face: no Chinese face has their letters, and a
# character of theirs is then found without parsing the large Extension B font.
CHAINS = {
    "sans": ("sans", *SCRIPTS, "ext_a", "song", "ext_b", "system"),
    "song": ("song", *SCRIPTS, "ext_a", "sans", "ext_b", "system"),
}
# Fonts an office PC may have that reach further (Windows' SimSun-ExtB covers Extension B).
SYSTEM_CANDIDATES = (
    FontFile("SysSimSun", "C:/Windows/Fonts/simsun.ttc"),
    FontFile("SysSimSunExtB", "C:/Windows/Fonts/simsunb.ttf"),
)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _maps(face: Any, code: int) -> bool:
    """The font draws ``code`` with a glyph of its own: not .notdef (glyph 0), to which a
    format-4 cmap's closing 0xFFFF segment maps U+FFFF."""
    return bool(face.charToGlyph.get(code))


def to_unicode_cmap(fontname: str, subset: Sequence[int], private: Mapping[int, str]) -> str:
    """A ToUnicode CMap whose destinations are UTF-16BE, surrogate pairs included; a private
    code given out by shaping maps to the characters its glyph stands for."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(
            f"<{index:02X}> <{_utf16(private.get(code, chr(code)))}>"
            for index, code in enumerate(subset)
        ),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


class UnicodeTTFont(TTFont):
    """TTFont whose ToUnicode entries are right for characters beyond U+FFFF and for the
    glyphs shaping reaches through private codes."""

    def addObjects(self, doc) -> None:  # type: ignore[no-untyped-def]
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        super().addObjects(doc)  # forgets the document's state when done
        private = private_text(self)
        for number, subset in enumerate(subsets):
            base = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX))
            base_name = base.decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base_name)
            if stream is not None and any(code > 0xFFFF for code in subset):
                stream.content = to_unicode_cmap(base_name, subset, private)


def _registered(font: FontFile) -> UnicodeTTFont | None:
    """The font ReportLab already has under this name from the same file. ReportLab keeps the
    first font registered under a name and draws with it, so every library in the process
    shares that one: the private codes shaping gives out must be in the font that draws."""
    if font.name not in pdfmetrics.getRegisteredFontNames():
        return None
    found = pdfmetrics.getFont(font.name)
    if isinstance(found, UnicodeTTFont) and Path(found.face.filename) == Path(font.file):
        return found
    return None


class Run(NamedTuple):
    """One piece of a line in one font: what to write (a ShapedStr when shaped), its advance
    at 1 pt, and the text it stands for when that text must be marked (/ActualText)."""

    font: str
    text: str
    advance: float
    actual: str | None = None


@dataclass(frozen=True)
class Layout:
    """One line set in the font chain: its runs, left to right, and the total advance."""

    runs: tuple[Run, ...]
    width: float


LAYOUT_CACHE = 50_000  # lines kept per library (a few MiB); cleared when full


class FontLibrary:
    """Registers fonts with ReportLab on first use and picks a font for every character."""

    def __init__(
        self,
        fonts_dir: Path = FONTS_DIR,
        system: Sequence[FontFile] = SYSTEM_CANDIDATES,
        cache: FontCache | None = None,
    ) -> None:
        self.fonts_dir = fonts_dir
        self.cache = cache  # parsed fonts kept between runs (see font_cache)
        self._system = [f for f in system if os.path.exists(f.file)]
        self._loaded: dict[str, UnicodeTTFont | None] = {}
        self._choice: dict[tuple[str, str], str | None] = {}
        self._glyphs: dict[tuple[str, str], Glyph] = {}
        self._widths: dict[tuple[str, str], float] = {}
        self._primary: dict[str, str] = {}
        self._shaped = {font.name for font in BUNDLED.values() if font.shaped}
        self.wrapped: dict[tuple[str, float, float, str], tuple[str, ...]] = {}  # text.wrap
        self._layouts: dict[tuple[str, str], Layout] = {}
        self._text_widths: dict[tuple[str, str], float] = {}  # at 1 pt
        self._lock = threading.RLock()

    def _font_file(self, key: str) -> list[FontFile]:
        if key == "system":
            return list(self._system)
        bundled = BUNDLED[key]
        return [FontFile(bundled.name, str(self.fonts_dir / bundled.file), bundled.index)]

    def _load(self, font: FontFile) -> UnicodeTTFont | None:
        if font.name not in self._loaded:
            try:
                registered = _registered(font)
                if registered is not None:
                    loaded = registered
                elif self.cache is not None:
                    loaded = self.cache.load(UnicodeTTFont, font.name, Path(font.file), font.index)
                else:
                    loaded = UnicodeTTFont(font.name, font.file, subfontIndex=font.index)
            except Exception:  # an unreadable system font is skipped, never fatal
                loaded = None
            else:
                pdfmetrics.registerFont(loaded)
            self._loaded[font.name] = loaded
        return self._loaded[font.name]

    def primary(self, style: str) -> str:
        """The main font of a style (``sans`` or ``song``), registered."""
        name = self._primary.get(style)
        if name is None:
            font = self._font_file(CHAINS[style][0])[0]
            with self._lock:
                self._load(font)
            name = self._primary[style] = font.name
        return name

    def font_for(self, char: str, style: str) -> str | None:
        key = (char, style)
        if key in self._choice:
            return self._choice[key]
        code = ord(char)
        found = None
        with self._lock:
            for link in CHAINS[style]:
                for font in self._font_file(link):
                    loaded = self._load(font)
                    if loaded is not None and _maps(loaded.face, code):
                        found = font.name
                        break
                if found:
                    break
        self._choice[key] = found
        return found

    def glyph(self, char: str, style: str) -> Glyph:
        """How one character prints in a style (font, what is drawn, advance at 1 pt, kind),
        cached. Whitespace a font lacks prints as a space; controls print as nothing."""
        key = (char, style)
        hit = self._glyphs.get(key)
        if hit is None:
            kind = char_kind(char)
            font = self.primary(style)
            if kind & (CONTROL | IGNORABLE) and not kind & SPACE:
                drawn = ""  # joiners and selectors act in shaping; controls are not text
            elif kind & SPACE:
                drawn = char if self.has(font, char) else " "
            else:
                found = self.font_for(char, style)
                if found is None:
                    font = self.font_for(MISSING, style) or font
                    drawn, kind = MISSING, kind | NO_FONT
                else:
                    font, drawn = found, char
                    kind |= SHAPED if font in self._shaped else 0
            advance = pdfmetrics.stringWidth(drawn, font, 1) if drawn else 0.0
            hit = self._glyphs[key] = Glyph(font, drawn, advance, kind)
        return hit

    def has(self, font: str, char: str) -> bool:
        loaded = self._loaded.get(font)
        return loaded is not None and _maps(loaded.face, ord(char))

    def _width_in(self, font: str, char: str) -> float:
        key = (font, char)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = pdfmetrics.stringWidth(char, font, 1)
        return found

    def layout(self, text: str, style: str = "song") -> Layout:
        """The runs of one line, left to right, with advances at 1 pt; cached, since the same
        labels and values come back on every form (see runs for the rules)."""
        key = (text, style)
        found = self._layouts.get(key)
        if found is not None:
            return found
        primary = self.primary(style)
        pieces = split(text, lambda c: self.glyph(c, style), self.has, self._width_in, primary)
        runs: list[Run] = []
        for piece in visual_order(pieces):
            if piece.missing or not piece.shaped:
                runs.append(Run(piece.font, "".join(piece.drawn), piece.advance))
                continue
            source = "".join(piece.text)
            font = self._loaded[piece.font]
            assert font is not None  # a piece's font was loaded to find its characters
            with self._lock:
                drawn, advance = shape(font, source, piece.rtl)
            # Right-to-left text is found by readers from the glyphs' own ToUnicode entries
            # (they reorder it); /ActualText in logical order would be read backwards.
            runs.append(Run(piece.font, drawn, advance, None if piece.rtl else source))
        if len(self._layouts) >= LAYOUT_CACHE:
            self._layouts.clear()
        found = self._layouts[key] = Layout(tuple(runs), sum(run.advance for run in runs))
        return found

    def runs(self, text: str, style: str = "song") -> Iterator[tuple[str, str]]:
        """(font name, text drawn) pieces, left to right."""
        for run in self.layout(text, style).runs:
            yield run.font, run.text

    def width(self, text: str, size: float, style: str = "song") -> float:
        key = (text, style)
        total = self._text_widths.get(key)
        if total is None:
            total = 0.0
            for char in text:
                found = self.glyph(char, style)
                if found.kind & COMPLEX:  # shaped, reordered or joined: the laid-out line
                    total = self.layout(text, style).width
                    break
                total += found.advance
            if len(self._text_widths) >= LAYOUT_CACHE:
                self._text_widths.clear()
            self._text_widths[key] = total
        return size * total

    def missing(self, text: str, style: str = "song") -> str:
        """Characters no font in the chain has (they would print as 〓)."""
        return "".join(c for c in text if self.glyph(c, style).kind & NO_FONT)
