"""Names in every script the office meets, printed through the real documents and read back
from the PDF with PyMuPDF: no .notdef glyph, every glyph on the page, the text as entered."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionapp.database import open_database
from unionapp.reports.fonts import FontLibrary
from unionapp.reports.registry import ReportRequest, print_report
from unionapp.schema.records import ASSISTANCE, FAMILY, MEMBER
from unionapp.services import records
from unionapp.services.records import make_context
from unionapp.validation.idcard import id_check_char

IVS = "葛\U000e0100"  # 葛 with an ideographic variation selector
HAN = ["张", "王", "刘", "李", "䶮", "𠇔", "堃", "喆", IVS, "阿依古丽", "扎西"]
TIBETAN = ["བཀྲ་ཤིས", "ཚེ་རིང", "དོན་གྲུབ", "སྒྲོལ་མ", "པདྨ", "བསྟན་འཛིན", "ཉི་མ"]
UYGHUR = ["ئابدۇللا", "ئەخمەت", "ئايگۈل", "مۇھەممەت", "گۈلنار", "ئەيسا", "تۇرسۇن"]
MONGOLIAN = ["ᠪᠠᠲᠤ", "ᠮᠥᠩᠬᠡ", "ᠴᠢᠮᠡᠳ", "ᠰᠠᠷᠠᠨ", "ᠭᠠᠨ\u180bᠪᠠᠲᠤ", "ᠣᠶᠤᠨ\u202fᠤ"]
YI = ["ꆈꌠ", "ꀉꆽ", "ꁱꂷ", "ꃅꏂ", "ꋍꐨ"]
LATIN = ["Ali", "Zhang", "Li", "07", "2"]
SEPARATORS = {"han": "", "tibetan": "་", "uyghur": " ", "mongolian": " ", "yi": "", "latin": " "}


def name_in(script: str, parts: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(parts), min_size=1, max_size=3).map(SEPARATORS[script].join)


NAMES = st.one_of(
    name_in("han", HAN),
    name_in("tibetan", TIBETAN),
    name_in("uyghur", UYGHUR),
    name_in("mongolian", MONGOLIAN),
    name_in("yi", YI),
    name_in("latin", LATIN),
    st.tuples(name_in("han", HAN), st.sampled_from("·・"), name_in("latin", LATIN)).map("".join),
    st.tuples(name_in("han", HAN), st.just("·"), name_in("uyghur", UYGHUR)).map("".join),
    st.tuples(name_in("han", HAN), st.just(" "), name_in("tibetan", TIBETAN)).map("".join),
)
FAMILIES = st.lists(NAMES, min_size=2, max_size=6, unique=True)


def squeeze(text: str) -> str:
    """Text without whitespace: a name may wrap inside its cell."""
    return "".join(text.split())


def glyph_problems(path: Path) -> list[str]:
    """Every .notdef glyph and every glyph outside its page, as text (empty when none)."""
    problems = []
    with pymupdf.open(path) as document:
        for number, page in enumerate(document, start=1):
            box = page.rect
            for span in page.get_texttrace():
                for char in span["chars"]:
                    unicode, glyph, _origin, bbox = char
                    if glyph == 0:
                        problems.append(f"page {number}: .notdef in {span['font']} for {unicode!r}")
                    x0, y0, x1, y1 = bbox
                    if x0 < box.x0 or y0 < box.y0 or x1 > box.x1 or y1 > box.y1:
                        problems.append(f"page {number}: glyph outside the page at {bbox}")
    return problems


def page_text(path: Path) -> str:
    with pymupdf.open(path) as document:
        return "".join(page.get_text() for page in document)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("scripts")


def print_family(folder: Path, template_db: Path, fonts, names: list[str], address: str = ""):
    """A fresh database with one family (the first name the worker, the rest members) and a
    送温暖 payment; its hardship form and the sign-off sheet printed."""
    path = folder / "scripts.sqlite3"
    for stale in folder.glob("scripts.sqlite3*"):
        stale.unlink()
    shutil.copyfile(template_db, path)
    database = open_database(str(path))
    try:
        with database.write() as session:
            context = make_context(session, today=date(2024, 6, 15))
            body = "11010519800101123"
            family = records.create(
                session,
                FAMILY,
                {
                    "worker_name": names[0],
                    "id_number": body + id_check_char(body),
                    "category": "深度困难",
                    "address": address,
                },
                context,
            )
            for name in names[1:]:
                records.create(
                    session,
                    MEMBER,
                    {"name": name, "relation": "子女"},
                    context,
                    parent_id=family.id,
                )
            records.create(
                session,
                ASSISTANCE,
                {"given_on": "2024-01-20", "kind": "送温暖", "amount_fen": "500"},
                context,
                parent_id=family.id,
            )
            family_id = family.id
        printed = []
        with database.read() as session:
            for name, request in (
                ("hardship-form", ReportRequest("hardship-form", ids=[family_id])),
                ("relief-signoff", ReportRequest("relief-signoff", year=2024, kind="送温暖")),
            ):
                target = folder / f"{name}.pdf"
                printed.append(print_report(session, request, target, fonts))
        return printed
    finally:
        database.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=FAMILIES)
def test_names_in_every_script_print_with_real_glyphs_and_copy_out_as_entered(
    folder, template_db, fonts, names
) -> None:
    form, signoff = print_family(folder, template_db, fonts, names)
    for path in (form, signoff):
        assert glyph_problems(path) == []
    form_text = squeeze(page_text(form))
    for name in names:
        assert squeeze(name) in form_text, (name, form_text)
    assert squeeze(names[0]) in squeeze(page_text(signoff))


def test_one_family_of_every_script_reads_back_exactly(folder, template_db, fonts) -> None:
    names = ["扎西·བཀྲ་ཤིས་བདེ་ལེགས", "ئابدۇللا ئەخمەت", "ᠪᠠᠲᠤ ᠮᠥᠩᠬᠡ", "ꆈꌠꀉꆽ", "刘𠇔 王䶮 " + IVS]
    address = "拉萨市 ལྷ་ས་ 呼和浩特 ᠬᠥᠬᠡᠬᠣᠲᠠ 乌鲁木齐 ئۈرۈمچى شەھىرى"
    form, _signoff = print_family(folder, template_db, fonts, names, address)
    text = page_text(form)
    for name in names:
        assert squeeze(name) in squeeze(text)
    assert address in text  # right to left and joined, copied out in logical order
    assert "བཀྲ་ཤིས་" in text and IVS in text  # stacks and the variation selector survive
    with pymupdf.open(form) as document:
        fonts_used = {font[3] for font in document[0].get_fonts()}
    assert any("Tibetan" in f for f in fonts_used) and any("Naskh" in f for f in fonts_used)
    assert any("Mongolian" in f for f in fonts_used) and any("Yi" in f for f in fonts_used)


def test_emoji_and_joiners_never_print_as_boxes(folder, template_db, fonts) -> None:
    names = ["李\u200d明\u200c", "王😀", "张👨\u200d👩\u200d👧", "Ali\ufe0f"]
    form, _ = print_family(folder, template_db, fonts, names)
    assert glyph_problems(form) == []
    text = page_text(form)
    assert "王〓" in text and "张〓" in text  # one visible placeholder per emoji sequence
    assert "张〓〓" not in text
    assert "李\u200d明" in text  # the joiners are kept in the text, invisible on paper


def test_libraries_in_one_process_share_the_shaped_fonts(folder, template_db, fonts) -> None:
    """ReportLab draws with the first font registered under a name: a second library must
    give out its private glyph codes in that same font, or shaped text prints as .notdef."""
    names = ["葛\U000e0100·ئابدۇللا", "ᠪᠠᠲᠤ", "བཀྲ་ཤིས"]
    for library in (FontLibrary(), fonts, FontLibrary()):
        for path in print_family(folder, template_db, library, names):
            assert glyph_problems(path) == []
