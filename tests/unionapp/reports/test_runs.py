"""How a line is cut into runs: shaping only where needed, right-to-left order, line breaks
that respect words, stacks and marks."""

from __future__ import annotations

import unicodedata

from reportlab.pdfbase.ttfonts import ShapedStr

from unionapp.reports.runs import NUMBER, RTL, SPACE, STRONG_LTR, Piece, visual_order
from unionapp.reports.text import wrap


def test_han_latin_and_digits_take_the_plain_path(fonts) -> None:
    layout = fonts.layout("困难职工 Zhang San 320115 刘𠇔", "song")
    assert all(type(run.text) is str and run.actual is None for run in layout.runs)


def test_complex_scripts_are_shaped_and_carry_their_text(fonts) -> None:
    for text, font in (("བཀྲ་ཤིས", "UnionTibetan"), ("ᠪᠠᠲᠤ", "UnionMongolian")):
        (run,) = fonts.layout(text).runs
        assert isinstance(run.text, ShapedStr) and run.font == font and run.actual == text
    (run,) = fonts.layout("ئابدۇللا").runs
    assert isinstance(run.text, ShapedStr) and run.actual is None  # read from ToUnicode
    assert sum(ord(code) >= 0xF0000 for code in run.text) > 4  # joined forms, not the letters


def test_a_variation_selector_shapes_its_han_character_and_vanishes(fonts) -> None:
    runs = fonts.layout("王葛\U000e0100").runs
    assert [run.actual for run in runs] == ["王葛\U000e0100"]
    assert fonts.width("葛\U000e0100", 10) == fonts.width("葛", 10)


def test_joiners_and_selectors_alone_draw_nothing(fonts) -> None:
    for text in ("\u200d", "\ufe0f", "\u180b\u200c", "\U000e0100"):
        assert "".join(run.text for run in fonts.layout(text).runs) == ""
        assert fonts.missing(text) == ""


def test_width_is_the_shaped_width(fonts) -> None:
    name = "ئابدۇللا ئەخمەت"
    assert fonts.width(name, 12) == 12 * fonts.layout(name).width > 0


def piece(text: str, kind: int) -> Piece:
    made = Piece("F", 0)
    for char in text:
        made.add(char, char, 1.0, kind)
    return made


def test_right_to_left_runs_and_what_lies_between_them_are_reversed() -> None:
    han, first, second, tail = (
        piece("阿依", STRONG_LTR),
        piece("R1", RTL),
        piece("R2", RTL),
        piece("王", STRONG_LTR),
    )
    between, after = piece(" (12) ", NUMBER), piece(" ", SPACE)
    ordered = visual_order([han, first, between, second, after, tail])
    drawn = ["".join(p.drawn) for p in ordered]
    # the run between reads right to left too: numbers stay whole, brackets are mirrored
    assert drawn == ["阿依", "R2", " ", "(", "12", ")", " ", "R1", " ", "王"]


def test_uyghur_and_mongolian_names_wrap_between_words(fonts) -> None:
    for name in ("ئابدۇللا ئەخمەت", "ᠪᠠᠲᠤ ᠮᠥᠩᠬᠡ"):
        narrow = fonts.width(name, 10.5) * 0.7
        assert wrap(fonts, name, narrow, 10.5) == name.split(" ")


def test_tibetan_breaks_after_a_tsheg_and_no_line_starts_with_a_mark(fonts) -> None:
    name = "བཀྲ་ཤིས་བདེ་ལེགས་ཚེ་རིང་དོན་གྲུབ"
    lines = wrap(fonts, name, 40, 10.5)
    assert len(lines) > 2 and "".join(lines) == name
    for line in lines:
        assert unicodedata.category(line[0]) != "Mn", lines
    for line in lines[:-1]:
        assert line.endswith("་"), lines
