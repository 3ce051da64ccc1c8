"""Parsed fonts kept on disk between runs.

ReportLab parses a TrueType file's tables (glyph positions, widths, the character map) every
time a process loads it: about 0.1 s for the 17 MB Ming font and 0.2 s for the sans collection.
The parsed tables, without the font data itself, reload in about half that. A cache entry is
named after the font file's size and modification time, the ReportLab version and this
module's format, so a changed font or a new ReportLab never meets an old entry; an entry that
cannot be read is parsed again and rewritten. Nothing here is needed for correctness.
"""

from __future__ import annotations

import contextlib
import operator
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

FORMAT = 1
Font = TypeVar("Font", bound=TTFont)


def default_cache_dir() -> Path:
    """The user's cache folder for the program (not backed up, safe to delete)."""
    from unionapp.system.folders import cache_dir

    return cache_dir() / "fonts"


def _scale(units_per_em: int) -> Callable[[float], float]:
    """ReportLab's design-units-to-PDF scale, as its parser makes it (a lambda it cannot pickle)."""
    if units_per_em == 1000:
        return partial(operator.mul, 1)
    return partial(operator.mul, 1000 / units_per_em)


def freeze(font: TTFont) -> bytes:
    """The parsed font without its file data (read again on thawing) or per-document state."""
    face = dict(font.face.__dict__)
    face.pop("_ttf_data")
    face.pop("_pdfScale")
    outer = {k: v for k, v in font.__dict__.items() if k not in ("face", "state")}
    return pickle.dumps((outer, face), protocol=pickle.HIGHEST_PROTOCOL)


def thaw(blob: bytes, cls: type[Font], data: bytes) -> Font:
    outer, face_state = pickle.loads(blob)
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(face_state)
    face._ttf_data = data
    face._pdfScale = _scale(face.unitsPerEm)
    font = cls.__new__(cls)
    font.__dict__.update(outer)
    font.face = face
    font.state = WeakKeyDictionary()
    return font


class FontCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def entry(self, path: Path, index: int) -> Path:
        stat = path.stat()
        name = f"{path.stem}-{index}-{stat.st_size}-{stat.st_mtime_ns}"
        return self.folder / f"{name}-rl{reportlab.Version}-f{FORMAT}.pickle"

    def load(self, cls: type[Font], name: str, path: Path, index: int) -> Font:
        """The font, from the cache when a sound entry exists, else parsed (and cached)."""
        entry = self.entry(path, index)
        with contextlib.suppress(Exception):  # a missing, old or damaged entry: parse
            font = thaw(entry.read_bytes(), cls, path.read_bytes())
            if font.fontName == name and font.face.charToGlyph:
                return font
        font = cls(name, str(path), subfontIndex=index)
        self._store(entry, font)
        return font

    def _store(self, entry: Path, font: Any) -> None:
        with contextlib.suppress(OSError):  # a read-only or full disk only costs speed
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".part")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(freeze(font))
                os.replace(temporary, entry)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
