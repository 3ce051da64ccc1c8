"""Real families print right: at the importer's maximum lengths, with 15 household members,
long circumstances and names in every script. Checked from the PDF itself (PyMuPDF): no glyph
crosses a ruled line or leaves the page, no two text runs overlap, no .notdef glyph, each
family's pages carry its name and 档案编号 and are numbered on their own."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pymupdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.unionapp.reports.test_scripts import NAMES, glyph_problems
from unionapp.database import open_database
from unionapp.models.hardship import HardshipFamily
from unionapp.reports.fonts import FontLibrary
from unionapp.reports.registry import ReportRequest, print_report
from unionapp.schema.hardship import ASSISTANCE, FAMILY, MEMBER
from unionapp.services import records
from unionapp.validation.idcard import id_check_char

TOLERANCE = 0.6  # points: a glyph's box may touch a line, not cross it
LONG = "江宁街道天元中路一百二十八号金鼎花园小区十二幢二单元一千五百零二室附近的老旧小区平房后面"


def person(serial: int, year: int = 1980) -> str:
    body = f"320115{year}0101{serial:03d}"
    return body + id_check_char(body)


def segments(page: pymupdf.Page) -> list[tuple[float, float, float, float]]:
    """The ruled lines of a page as (x0, y0, x1, y1), rectangles as their four sides."""
    found = []
    for drawing in page.get_drawings():
        for item in drawing["items"]:
            if item[0] == "l":
                found.append((item[1].x, item[1].y, item[2].x, item[2].y))
            elif item[0] == "re":
                r = item[1]
                found += [
                    (r.x0, r.y0, r.x1, r.y0),
                    (r.x0, r.y1, r.x1, r.y1),
                    (r.x0, r.y0, r.x0, r.y1),
                    (r.x1, r.y0, r.x1, r.y1),
                ]
    return found


def crossings(path: Path) -> list[str]:
    """Glyphs a ruled line passes through: text that left its cell."""
    problems = []
    with pymupdf.open(path) as document:
        for number, page in enumerate(document, start=1):
            lines = segments(page)
            for span in page.get_texttrace():
                for unicode, _glyph, _origin, (x0, y0, x1, y1) in span["chars"]:
                    if x1 - x0 < 2 * TOLERANCE or y1 - y0 < 2 * TOLERANCE:
                        continue
                    gx0, gx1 = x0 + TOLERANCE, x1 - TOLERANCE
                    gy0, gy1 = y0 + (y1 - y0) * 0.2, y1 - (y1 - y0) * 0.2  # the glyph's body
                    for lx0, ly0, lx1, ly1 in lines:
                        vertical = abs(lx0 - lx1) < 0.1
                        horizontal = abs(ly0 - ly1) < 0.1
                        if (
                            vertical
                            and gx0 < lx0 < gx1
                            and min(ly0, ly1) < gy1
                            and max(ly0, ly1) > gy0
                        ):
                            problems.append(f"page {number}: {chr(unicode)!r} crosses a line")
                            break
                        if (
                            horizontal
                            and gy0 < ly0 < gy1
                            and min(lx0, lx1) < gx1
                            and max(lx0, lx1) > gx0
                        ):
                            problems.append(f"page {number}: {chr(unicode)!r} crosses a line")
                            break
    return problems


def overlaps(path: Path) -> list[str]:
    """Text runs drawn over each other. Glyphs of one run may touch: a shaper places a
    Tibetan tsheg or an Arabic joining glyph a fraction of a point into its neighbour."""
    problems = []
    with pymupdf.open(path) as document:
        for number, page in enumerate(document, start=1):
            boxes = []
            for run, span in enumerate(page.get_texttrace()):
                for unicode, _glyph, _origin, (x0, y0, x1, y1) in span["chars"]:
                    if chr(unicode).isspace() or x1 - x0 < 1:
                        continue
                    height = y1 - y0
                    box = (x0 + 0.3, y0 + height * 0.25, x1 - 0.3, y1 - height * 0.25)
                    boxes.append((*box, run))
            boxes.sort()
            for index, (x0, y0, x1, y1, run) in enumerate(boxes):
                for ox0, oy0, _ox1, oy1, other in boxes[index + 1 :]:
                    if ox0 >= x1:
                        break
                    if other != run and oy0 < y1 and oy1 > y0 and ox0 < x1:
                        problems.append(f"page {number}: text overlaps at {x0:.0f},{y0:.0f}")
                        break
    return problems


def forms(path: Path) -> list[list[str]]:
    """Each form's pages' text (a form starts with its title line 填报单位)."""
    found: list[list[str]] = []
    with pymupdf.open(path) as document:
        for page in document:
            text = page.get_text()
            if "填报单位" in text:
                found.append([])
            found[-1].append(text)
    return found


def family_at_its_limits(session, serial: int, name: str, members: int) -> None:  # type: ignore[no-untyped-def]
    context = records.make_context(session)
    family = records.create(
        session,
        FAMILY,
        {
            "worker_name": name[:40],
            "id_number": person(serial),
            "category": "深度困难",
            "address": (LONG * 5)[:200],
            "employer": ("南京市江宁区" + LONG * 5)[:200],
            "hukou_place": (LONG * 3)[:100],
            "reason_detail": (("因病致困，" + LONG) * 40)[:2000],
            "phone": "02552101234转80888",
            "household_size": members + 1,
            "annual_income_fen": "99999999.99",
            "medical_expense_fen": "99999999.99",
            "health": "残疾",
            "disability_kind": "多重",
            "disability_grade": "一级",
            "union_member": "是",
            "member_card_no": "M" * 30,
            "housing_type": "无固定住所",
            "housing_area": "9999.99",
            "main_reason": "因病",
            "reasons": "因残、因学、失业、单亲",
        },
        context,
    )
    for number in range(members):
        records.create(
            session,
            MEMBER,
            {
                "name": f"{name[:30]}{number}",
                "relation": "子女",
                "id_number": person(500 + serial * 20 + number, 2005),
                "work_or_school": (LONG * 3)[:100],
                "monthly_income_fen": "99999.99",
                "health": "重病",
                "medical_insurance": "居民医保",
            },
            context,
            parent_id=family.id,
        )
    records.create(
        session,
        ASSISTANCE,
        {
            "given_on": date.today(),
            "kind": "临时救助",
            "application_type": "临时",
            "amount_fen": "100000000",
            "round_name": "二〇二四年春节送温暖第一批次临时救助金",
        },
        context,
        parent_id=family.id,
    )


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(NAMES, min_size=2, max_size=3, unique=True),
    sizes=st.lists(st.sampled_from((0, 4, 15)), min_size=3, max_size=3),
)
def test_families_at_their_limits_print_inside_their_cells(tmp_path_factory, names, sizes) -> None:
    folder = tmp_path_factory.mktemp("limits")
    database = open_database(str(folder / "u.sqlite3"))
    with database.write() as session:
        for serial, (name, members) in enumerate(zip(names, sizes, strict=False), start=1):
            family_at_its_limits(session, serial, name, members)
    target = folder / "forms.pdf"
    with database.read() as session:
        print_report(session, ReportRequest("hardship-form"), target, FontLibrary())
        archive = list(
            session.execute(
                select(HardshipFamily.worker_name, HardshipFamily.archive_no).order_by(
                    HardshipFamily.id
                )
            )
        )
    database.close()
    assert glyph_problems(target) == []
    assert crossings(target) == []
    assert overlaps(target) == []
    printed = forms(target)
    assert len(printed) == len(archive)
    for pages, (_name, number) in zip(printed, archive, strict=True):
        for index, text in enumerate(pages, start=1):
            assert number in text  # every page says whose form it is
            assert f"第 {index} 页 / 共 {len(pages)} 页" in text  # numbered per form
            if index > 1:
                assert "续页" in text
        assert "上级工会" in pages[-1] and "一式两份" in pages[-1]  # approvals with the note


def test_a_short_form_is_one_page_and_amounts_and_numbers_are_never_broken(db, render) -> None:
    with db.write() as session:
        context = records.make_context(session)
        family = records.create(
            session,
            FAMILY,
            {
                "worker_name": "王芳",
                "id_number": person(1),
                "category": "相对困难",
                "annual_income_fen": "1234567.89",
                "household_size": 3,
            },
            context,
        )
        records.create(
            session,
            ASSISTANCE,
            {"given_on": date.today(), "kind": "送温暖", "amount_fen": "100000"},
            context,
            parent_id=family.id,
        )
    path = render(db, "hardship-form")
    with pymupdf.open(path) as document:
        assert len(document) == 1
        lines = [line.strip() for line in document[0].get_text().splitlines()]
    assert any("1,234,567.89元" in line for line in lines)  # on one line, whole
    assert person(1) in lines
    assert not any(re.fullmatch(r"[\d,]+", line) and line.endswith(",") for line in lines)


def test_the_checks_see_a_line_through_text_and_text_over_text(tmp_path, fonts) -> None:
    from reportlab.pdfgen.canvas import Canvas

    target = tmp_path / "bad.pdf"
    canvas = Canvas(str(target))
    canvas.setFont(fonts.primary("song"), 12)
    canvas.drawString(100, 700, "困难职工")
    canvas.line(106, 690, 106, 720)  # through the first character
    canvas.drawString(100, 600, "帮扶救助")
    canvas.drawString(104, 601, "审批")  # over the line above
    canvas.save()
    assert crossings(target)
    assert overlaps(target)
