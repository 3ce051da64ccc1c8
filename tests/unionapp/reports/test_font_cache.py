"""Parsed fonts kept on disk: the same font back, a damaged entry parsed again."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from unionapp.reports.font_cache import FontCache
from unionapp.reports.fonts import BUNDLED, FONTS_DIR, FontLibrary, UnicodeTTFont
from unionapp.reports.registry import ReportRequest, print_report

SONG = BUNDLED["song"]


def comparable(font: UnicodeTTFont) -> dict:
    face = dict(font.face.__dict__)
    scale = face.pop("_pdfScale")
    face["scaled"] = [scale(v) for v in (1, 250, 1000, 2048)]
    return face


def test_a_cached_font_is_the_font_parsed(tmp_path: Path) -> None:
    cache = FontCache(tmp_path)
    path = FONTS_DIR / SONG.file
    parsed = cache.load(UnicodeTTFont, SONG.name, path, 0)  # parses and stores
    entry = cache.entry(path, 0)
    assert entry.exists() and entry.stat().st_size < path.stat().st_size / 4
    cached = cache.load(UnicodeTTFont, SONG.name, path, 0)
    assert cached is not parsed and comparable(cached) == comparable(parsed)
    assert cached.fontName == parsed.fontName and cached.stringWidth("困难职工", 10) == (
        parsed.stringWidth("困难职工", 10)
    )


def test_a_damaged_entry_is_parsed_again_and_rewritten(tmp_path: Path) -> None:
    cache = FontCache(tmp_path)
    path = FONTS_DIR / SONG.file
    entry = cache.entry(path, 0)
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(b"\x80\x05 not a pickle at all")
    font = cache.load(UnicodeTTFont, SONG.name, path, 0)
    assert font.face.charToGlyph[ord("困")]
    assert entry.read_bytes()[:2] == b"\x80\x05" and entry.stat().st_size > 1000  # rewritten


def test_an_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    font = FontCache(blocked / "fonts").load(UnicodeTTFont, SONG.name, FONTS_DIR / SONG.file, 0)
    assert font.face.charToGlyph[ord("帮")]


def test_forms_printed_with_cached_fonts_read_the_same(demo_db, tmp_path, monkeypatch) -> None:
    # a process of its own, as far as ReportLab's font registry goes (fonts registered by
    # other tests would be shared instead of loaded)
    monkeypatch.setattr(pdfmetrics, "_fonts", {})
    monkeypatch.setattr(pdfmetrics, "_dynFaceNames", {})
    texts = []
    for run in range(2):  # the first run fills the cache, the second reads from it
        fonts = FontLibrary(cache=FontCache(tmp_path / "cache"))
        out = tmp_path / f"forms-{run}.pdf"
        with demo_db.read() as session:
            print_report(session, ReportRequest("hardship-form", ids=[1, 2, 3]), out, fonts)
        texts.append([page.extract_text() for page in PdfReader(out).pages])
    assert texts[0] == texts[1] and "困难职工帮扶救助申请审批表" in texts[1][0]
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 2  # song and sans
