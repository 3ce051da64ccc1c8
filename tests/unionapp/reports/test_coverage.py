"""The coverage table and unprintable(): in step with the bundled fonts, light to import, and
in agreement with what printing does with each character."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from unionapp.fonts_coverage import TABLE, is_ignorable, read_table, unprintable
from unionapp.reports.coverage_table import covered, render

ROOT = Path(__file__).resolve().parents[3]
NAMES = [
    "刘𠇔",
    "王䶮",
    "葛\U000e0100",
    "བཀྲ་ཤིས་བདེ་ལེགས",
    "ئابدۇللا ئەخمەت",
    "ᠪᠠᠲᠤ\u180bᠮᠥᠩᠬᠡ",
    "ꆈꌠꀉꆽ",
    "ꓡꓲ ꓢꓴ",
    "ᥖᥭᥰ",
    "ᦷᦉᧂ",
    "ᨧᩢ᩠ᨦ",
    "𖼀𖼁",
    "김철수",
    "José Müller",
    "１２３",
]


def test_the_table_is_in_step_with_the_bundled_fonts() -> None:
    assert TABLE.read_text(encoding="utf-8") == render(covered()), (
        "the fonts changed: run `uv run python resources/fonts/make_coverage.py`"
    )


def test_names_in_every_bundled_script_print() -> None:
    for name in NAMES:
        assert unprintable(name) == "", name


def test_what_no_font_has_is_named_once_each_in_order() -> None:
    assert unprintable("王😀李😀") == "😀"
    assert unprintable("张👨\u200d👩\u200d👧") == "👨👩👧"  # the joiners themselves are fine
    assert unprintable("\ue000𰀀") == "\ue000𰀀"  # private use; Extension G
    assert unprintable("") == "" and unprintable("Zhang San 13912345678") == ""


def test_joiners_selectors_whitespace_and_controls_are_never_reported() -> None:
    invisible = "\u200b\u200c\u200d\u2060\ufe00\ufe0f\U000e0100\U000e01ef\u180b\u180f\u00ad"
    assert all(is_ignorable(char) for char in invisible)
    assert unprintable(f"李{invisible}明\u3000\t\n\x07") == ""


def test_the_table_is_compact_and_loads_no_font_library() -> None:
    assert TABLE.stat().st_size < 20_000 and len(read_table()) > 100
    code = (
        "import sys; from unionapp.fonts_coverage import unprintable; unprintable('刘😀'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('reportlab', 'uharfbuzz', 'PySide6')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=12))
def test_unprintable_names_what_printing_would_draw_as_a_placeholder(fonts, text: str) -> None:
    expected = "".join(dict.fromkeys(fonts.missing(text, "song")))
    assert unprintable(text) == expected
    assert "".join(dict.fromkeys(fonts.missing(text, "sans"))) == expected
