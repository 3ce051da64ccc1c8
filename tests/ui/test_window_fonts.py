"""The window shows what the PDFs print: rare Han characters and the minority scripts are drawn
with real glyphs from the bundled fonts, through the application font's fallback list."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from ui.app import AfterFirstPaint, add_fallback_fonts, register_fonts
from unionapp.bundled_fonts import BUNDLED, FONTS_DIR
from unionapp.schema.records import ENTERPRISE
from unionapp.services import records

NAMES = {
    "rare Han": "刘𠇔 王䶮",
    "Tibetan": "བཀྲ་ཤིས་བདེ་ལེགས",
    "Uyghur": "ئابدۇللا ئەخمەت",
    "Mongolian": "ᠪᠠᠲᠤ ᠮᠥᠩᠬᠡ",
    "Yi": "ꆈꌠꀉꆽ",
}


@pytest.fixture
def window_fonts(qapp):
    """The application font as make_application leaves it once the window has painted."""
    before = QFont(qapp.font())
    primary = register_fonts()
    families = add_fallback_fonts(qapp, primary)
    yield primary, families
    qapp.setFont(before)


def glyph_runs(text: str, font: QFont) -> list[tuple[QRawFont, list[int]]]:
    """(font, glyph indexes) of every run Qt lays ``text`` out in."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def bundled_cmaps() -> set[bytes]:
    """The character maps of the bundled files: a system font of the same family (this machine
    may have Debian's Noto fonts) has a different one."""
    return {
        bytes(QRawFont(str(FONTS_DIR / font.file), 12).fontTable("cmap").data())
        for font in BUNDLED.values()
    }


def test_the_fallback_list_names_every_bundled_font_after_the_main_face(window_fonts) -> None:
    primary, families = window_fonts
    assert primary == "WenQuanYi Micro Hei"  # not Windows: the bundled sans is the main face
    assert families[0] == primary and len(families) == len(BUNDLED)
    for family in (
        "Union Noto Serif Tibetan",
        "Union Noto Naskh Arabic",
        "Union Noto Sans Mongolian",
        "Union Noto Sans Yi",
        "HanaMinA",
        "HanaMinB",
        "AR PL UMing CN",
    ):
        assert family in families
    assert QApplication.font().families() == families


def test_every_character_of_the_names_is_in_a_bundled_font_of_the_list(window_fonts) -> None:
    _primary, families = window_fonts
    raw = [QRawFont(str(FONTS_DIR / font.file), 12) for font in BUNDLED.values()]
    listed = [font for font in raw if font.familyName() in families]
    assert len(listed) == len(raw)
    for script, name in NAMES.items():
        for char in name.replace(" ", ""):
            assert any(font.supportsCharacter(ord(char)) for font in listed), (script, char)


@pytest.mark.parametrize("script", list(NAMES))
def test_a_label_and_a_field_draw_the_name_with_real_glyphs(qtbot, window_fonts, script) -> None:
    _primary, families = window_fonts
    cmaps = bundled_cmaps()
    name = NAMES[script]
    label, field = QLabel(name), QLineEdit(name)
    for widget in (label, field):
        qtbot.addWidget(widget)
        widget.show()
    qtbot.waitExposed(label)
    for widget in (label, field):
        runs = glyph_runs(name, widget.font())
        assert runs, script
        for raw, glyphs in runs:
            family = raw.familyName()
            assert family in families, (script, family)
            assert bytes(raw.fontTable("cmap").data()) in cmaps, (script, family)  # ours
            assert glyphs and 0 not in glyphs, (script, family, glyphs)  # 0 is the box


def test_without_the_fallback_list_the_main_face_alone_shows_boxes(qapp) -> None:
    """What the clerk saw before: the single window font has no Tibetan or Ext-B glyph."""
    raw = QRawFont(str(FONTS_DIR / BUNDLED["sans"].file), 12)
    assert not raw.supportsCharacter(ord("𠇔")) and not raw.supportsCharacter(ord("ཀ"))


def test_the_fallback_fonts_wait_for_the_first_paint(qapp, qtbot) -> None:
    calls: list[int] = []
    watcher = AfterFirstPaint(qapp, lambda: calls.append(1))
    qapp.sendEvent(qapp, QEvent(QEvent.Type.Polish))  # any other event leaves it waiting
    qtbot.wait(80)
    assert calls == []
    label = QLabel("刘𠇔")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    watcher.deleteLater()


START_PROBE = """
import json, sys, time
from ui.app import release_widgets, start
from ui.worker import Worker

running = start(["--db", sys.argv[1]])
app = running.app
at_first_paint = app.font().families()
deadline = time.monotonic() + 20
while len(app.font().families()) < int(sys.argv[2]) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.005)
print(json.dumps({"at_first_paint": at_first_paint, "later": app.font().families()}))
Worker.wait_all()
release_widgets(app)
running.lock.release()
"""


def test_the_program_adds_the_fallback_fonts_once_its_window_has_painted(
    db, db_path, context_of
) -> None:
    """start() registers them itself after the window's first paint (no filter on every event
    of the application while the window is built), so the names show in their scripts."""
    with db.write() as session:  # a database with records: no first-start dialog
        records.create(
            session,
            ENTERPRISE,
            {"name": "字体测试企业", "union_status": "已建会"},
            context_of(session),
        )
    db.close()
    done = subprocess.run(
        [sys.executable, "-c", START_PROBE, str(db_path), str(len(BUNDLED))],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["at_first_paint"] == ["WenQuanYi Micro Hei"]
    later = seen["later"]
    assert later[0] == "WenQuanYi Micro Hei" and len(later) == len(BUNDLED)
    assert {"Union Noto Serif Tibetan", "Union Noto Sans Mongolian", "HanaMinB"} <= set(later)
