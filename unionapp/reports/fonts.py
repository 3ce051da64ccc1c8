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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from unionapp.reports.font_cache import FontCache

FONTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
MISSING = "〓"  # printed where no font has the character, so the gap is visible


@dataclass(frozen=True)
class FontFile:
    name: str
    file: str
    index: int = 0


BUNDLED = {
    "sans": FontFile("UnionSans", "wqy-microhei.ttc"),
    "song": FontFile("UnionSong", "uming-cn.ttf"),
    "ext_a": FontFile("UnionExtA", "hanamin-a-supplement.ttf"),
    "ext_b": FontFile("UnionExtB", "hanamin-b.ttf"),
}
CHAINS = {
    "sans": ("sans", "ext_a", "song", "ext_b", "system"),
    "song": ("song", "ext_a", "sans", "ext_b", "system"),
}
# Fonts an office PC may have that reach further (Windows' SimSun-ExtB covers Extension B).
SYSTEM_CANDIDATES = (
    FontFile("SysSimSun", "C:/Windows/Fonts/simsun.ttc"),
    FontFile("SysSimSunExtB", "C:/Windows/Fonts/simsunb.ttf"),
)


def to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """A ToUnicode CMap whose destinations are UTF-16BE, surrogate pairs included."""

    def utf16(code: int) -> str:
        return code.to_bytes(4, "big").hex().upper()[4:] if code <= 0xFFFF else (
            chr(code).encode("utf-16-be").hex().upper())  # fmt: skip

    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{index:02X}> <{utf16(code)}>" for index, code in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]  # fmt: skip
    return "\n".join(lines)


class UnicodeTTFont(TTFont):
    """TTFont whose ToUnicode entries are right for characters beyond U+FFFF."""

    def addObjects(self, doc) -> None:  # type: ignore[no-untyped-def]
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        super().addObjects(doc)  # forgets the document's state when done
        for number, subset in enumerate(subsets):
            base = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX))
            base_name = base.decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base_name)
            if stream is not None and any(code > 0xFFFF for code in subset):
                stream.content = to_unicode_cmap(base_name, subset)


@dataclass(frozen=True)
class Layout:
    """One line set in the font chain: (font, text, advance at 1 pt) pieces and the total."""

    runs: tuple[tuple[str, str, float], ...]
    width: float


LAYOUT_CACHE = 50_000  # lines kept per library (a few MiB); cleared when full


class FontLibrary:
    """Registers fonts with ReportLab on first use and picks a font for every character."""

    def __init__(self, fonts_dir: Path = FONTS_DIR, system: Sequence[FontFile] = SYSTEM_CANDIDATES,
                 cache: FontCache | None = None) -> None:  # fmt: skip
        self.fonts_dir = fonts_dir
        self.cache = cache  # parsed fonts kept between runs (see font_cache)
        self._system = [f for f in system if os.path.exists(f.file)]
        self._loaded: dict[str, UnicodeTTFont | None] = {}
        self._choice: dict[tuple[str, str], str | None] = {}
        self._glyphs: dict[tuple[str, str], tuple[str, str, float]] = {}
        self._primary: dict[str, str] = {}
        self.wrapped: dict[tuple[str, float, float, str], tuple[str, ...]] = {}  # text.wrap
        self._layouts: dict[tuple[str, str], Layout] = {}
        self._lock = threading.Lock()

    def _font_file(self, key: str) -> list[FontFile]:
        if key == "system":
            return list(self._system)
        bundled = BUNDLED[key]
        return [FontFile(bundled.name, str(self.fonts_dir / bundled.file), bundled.index)]

    def _load(self, font: FontFile) -> UnicodeTTFont | None:
        if font.name not in self._loaded:
            try:
                if self.cache is not None:
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
                    if loaded is not None and code in loaded.face.charToGlyph:
                        found = font.name
                        break
                if found:
                    break
        self._choice[key] = found
        return found

    def glyph(self, char: str, style: str) -> tuple[str, str, float]:
        """(font, character actually drawn, advance at 1 pt) for one character, cached."""
        key = (char, style)
        hit = self._glyphs.get(key)
        if hit is None:
            if char.isspace() or ord(char) < 32:
                font, drawn = self.primary(style), char
            else:
                font, drawn = self.font_for(char, style), char
                if font is None:
                    font, drawn = self.font_for(MISSING, style) or self.primary(style), MISSING
            hit = self._glyphs[key] = (font, drawn, pdfmetrics.stringWidth(drawn, font, 1))
        return hit

    def layout(self, text: str, style: str = "song") -> Layout:
        """The pieces of one line by font, with advances at 1 pt; cached, since the same labels
        and values come back on every form."""
        key = (text, style)
        found = self._layouts.get(key)
        if found is not None:
            return found
        runs: list[tuple[str, str, float]] = []
        current, buffer, advance, total = self.primary(style), [], 0.0, 0.0
        for char in text:
            font, drawn, width = self.glyph(char, style)
            if not char.isspace() and font != current:
                if buffer:
                    runs.append((current, "".join(buffer), advance))
                    buffer, advance = [], 0.0
                current = font
            buffer.append(drawn)
            advance += width
            total += width
        if buffer:
            runs.append((current, "".join(buffer), advance))
        if len(self._layouts) >= LAYOUT_CACHE:
            self._layouts.clear()
        found = self._layouts[key] = Layout(tuple(runs), total)
        return found

    def runs(self, text: str, style: str = "song") -> Iterator[tuple[str, str]]:
        """(font name, text) pieces; whitespace stays in the current font."""
        for font, part, _advance in self.layout(text, style).runs:
            yield font, part

    def width(self, text: str, size: float, style: str = "song") -> float:
        return size * sum(self.glyph(char, style)[2] for char in text)

    def missing(self, text: str, style: str = "song") -> str:
        """Characters no font in the chain has (they would print as 〓)."""
        return "".join(c for c in text if not c.isspace() and self.font_for(c, style) is None)
