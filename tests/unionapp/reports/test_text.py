"""Font fallback, the ToUnicode fix and Chinese line breaking, read back from real PDFs."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from tests.unionapp.reports.conftest import pdf_text
from unionapp.reports.fonts import MISSING
from unionapp.reports.text import (
    NO_LINE_END,
    NO_LINE_START,
    ONE_LINE_FLOOR,
    draw_text,
    fit_size,
    whole_pieces,
    wrap,
)

RARE = "刘𠇔 王䶮 张堃 李喆 𠀀 㐀"


def test_rare_name_characters_get_a_real_glyph_from_a_fallback_font(fonts) -> None:
    runs = list(fonts.runs("王𠀀㐀", "song"))
    assert [font for font, _ in runs] == ["UnionSong", "UnionExtB", "UnionExtA"]
    assert fonts.missing(RARE) == ""
    assert fonts.width("𠀀", 12) > 6  # a real advance width, not an empty glyph


def test_text_copied_from_the_pdf_is_the_text_printed(tmp_path: Path, fonts) -> None:
    path = tmp_path / "names.pdf"
    canvas = Canvas(str(path), initialFontName=fonts.primary("sans"))
    draw_text(canvas, fonts, 72, 700, RARE, 14)
    canvas.save()
    # ReportLab alone gives 刘” for 刘𠇔; the reader may break lines where the font changes.
    assert "".join(pdf_text(path).split()) == "".join(RARE.split())


def test_fallback_fonts_are_embedded_and_subset(tmp_path: Path, fonts) -> None:
    path = tmp_path / "fonts.pdf"
    canvas = Canvas(str(path), initialFontName=fonts.primary("sans"))
    draw_text(canvas, fonts, 72, 700, RARE, 14)
    canvas.save()
    names = [str(f.get_object()["/BaseFont"])
             for f in PdfReader(path).pages[0]["/Resources"]["/Font"].values()]  # fmt: skip
    assert any("HanaMinB" in n for n in names) and any("HanaMinA" in n for n in names)
    assert all("+" in n for n in names)  # subset tag AAAAAA+Name


def test_a_character_no_font_has_prints_as_a_visible_mark(fonts) -> None:
    private_use = "\ue000"
    assert fonts.missing(private_use) == private_use
    assert list(fonts.runs(private_use)) == [("UnionSong", MISSING)]


@example("“、““ “1", 40)  # a space hid an opening mark at the end of the line
@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="工会职工帮扶，。、；：！？）」》（《“的a1 ", min_size=1, max_size=80),
       st.integers(40, 300))  # fmt: skip
def test_no_line_starts_with_a_closing_mark(fonts, text: str, width: int) -> None:
    lines = wrap(fonts, text, width, 10.5)
    for line in lines[1:]:
        if line and len(line) > 1:
            assert line[0] not in NO_LINE_START, lines
    for line in lines[:-1]:
        if len(line) > 1:
            assert line[-1] not in NO_LINE_END, lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_long_address_wraps_inside_its_width(fonts) -> None:
    address = "江苏省南京市江宁区江宁街道天元中路一百二十八号金鼎花园小区十二幢二单元一千五百零二室"
    lines = wrap(fonts, address, 150, 10.5)
    assert len(lines) > 1 and all(fonts.width(line, 10.5) <= 150 for line in lines)


def test_id_numbers_shrink_to_fit_and_are_never_wrapped(fonts) -> None:
    number = "32011519800101123X"
    size = fit_size(fonts, number, 60, 10.5)
    assert size < 10.5 and fonts.width(number, size) <= 60.01


def test_a_value_kept_whole_breaks_only_at_natural_points_when_it_would_be_tiny(fonts) -> None:
    phone = "02552101234转80888"
    lines, size = whole_pieces(fonts, phone, 60, 10.5)
    assert lines == ["02552101234转", "80888"] and size >= ONE_LINE_FLOOR
    assert all(fonts.width(line, size) <= 60.01 for line in lines)
    housing = "无固定住所 9999.99㎡"
    lines, _ = whole_pieces(fonts, housing, 60, 10.5)
    assert lines == ["无固定住所", "9999.99㎡"]
    assert whole_pieces(fonts, "13812345678", 200, 10.5) == (["13812345678"], 10.5)  # fits
    amount = "99,999,999.99元"  # no natural point: shrinks, never breaks
    lines, size = whole_pieces(fonts, amount, 40, 10.5)
    assert lines == [amount] and size < ONE_LINE_FLOOR


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.from_regex(r"[0-9]{3,11}", fullmatch=True), min_size=1, max_size=4),
    st.sampled_from(["转", "、", "/", " ", "，"]),
    st.integers(30, 200),
)
def test_no_number_is_ever_cut(fonts, numbers: list[str], separator: str, width: int) -> None:
    text = separator.join(numbers)
    lines, _size = whole_pieces(fonts, text, width, 10.5)
    found = [piece for line in lines for piece in re.findall(r"[0-9]+", line)]
    assert found == numbers
