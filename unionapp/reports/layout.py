"""Page furniture shared by every document: A4, header with the union's name, footer with
page X / Y and the print date, fonts embedded; written atomically so a failed print never
leaves half a PDF behind."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from unionapp.jobs import Cancelled
from unionapp.reports.fonts import BUNDLED, FontLibrary
from unionapp.reports.text import Text, draw_text
from unionapp.system.files import writing

MARGIN = 15 * mm
GRID = colors.black
Progress = Callable[[int, int], None]


def cn_date(value: date | None) -> str:
    """``2023年11月1日`` as printed forms write dates."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def cn_month(value: date | None) -> str:
    return f"{value.year}年{value.month}月" if value else ""


@dataclass
class Job:
    """What every document needs besides its data."""

    fonts: FontLibrary
    union_name: str
    printed_on: date = field(default_factory=date.today)
    progress: Progress | None = None
    cancelled: Callable[[], bool] = lambda: False
    wording: dict[str, str] = field(default_factory=dict)  # the union's form wording settings

    def step(self, done: int, total: int) -> None:
        if self.cancelled():
            raise Cancelled
        if self.progress is not None:
            self.progress(done, total)

    def text(self, value: object, size: float = 10.5, **kwargs: Any) -> Text:
        return Text(self.fonts, value, size, **kwargs)

    def title(self, value: str, size: float = 17) -> Text:
        return Text(self.fonts, value, size, style="sans", align="center", leading=size * 1.6)


@dataclass(frozen=True)
class FormMark:
    """Which form a page belongs to, in a batch of forms printed as one file."""

    number: int
    identity: str  # e.g. "姓名：张三　档案编号：DA-2026-0042", repeated on a continuation page


class FormStart(Flowable):
    """Placed at the top of each form: the pages from here on are that form's (its own page
    numbers; a page it continues on says 续页 and whose form it is)."""

    def __init__(self, mark: FormMark) -> None:
        super().__init__()
        self.mark = mark

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._form_mark = self.mark  # type: ignore[attr-defined]
        self.canv._form_started_here = True  # type: ignore[attr-defined]


def _numbered_canvas(job: Job, doc_title: str) -> type[Canvas]:
    """A canvas that holds pages back until the end so each footer can say 'of Y' (of the whole
    document, or of each form in a batch of forms)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = job.fonts.primary("sans")  # no Helvetica in the PDF
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._form_mark: FormMark | None = None
            self._form_started_here = False
            self.setTitle(doc_title)
            self.setAuthor(job.union_name)
            self.setCreator("工会工作台")

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._form_started_here = False
            self._startPage()

        def save(self) -> None:
            marks = [page.get("_form_mark") for page in self._pages]
            per_form: dict[int, int] = {}
            for mark in marks:
                if mark is not None:
                    per_form[mark.number] = per_form.get(mark.number, 0) + 1
            seen: dict[int, int] = {}
            total = len(self._pages)
            for number, (state, mark) in enumerate(zip(self._pages, marks, strict=True), 1):
                self.__dict__.update(state)
                if mark is None:
                    self._furniture(number, total, None, False)
                else:
                    seen[mark.number] = seen.get(mark.number, 0) + 1
                    continued = not state.get("_form_started_here", False)
                    self._furniture(seen[mark.number], per_form[mark.number], mark, continued)
                Canvas.showPage(self)
            Canvas.save(self)

        def _furniture(
            self, number: int, total: int, mark: FormMark | None, continued: bool
        ) -> None:
            width, height = self._pagesize
            top = height - MARGIN + 3.5 * mm
            self.setStrokeColor(colors.grey)
            self.setLineWidth(0.4)
            self.line(MARGIN, height - MARGIN + 2 * mm, width - MARGIN, height - MARGIN + 2 * mm)
            draw_text(self, job.fonts, MARGIN, top, job.union_name, 8.5, "sans")
            heading = f"{doc_title}（续页）" if continued else doc_title
            draw_text(self, job.fonts, width - MARGIN, top, heading, 8.5, "sans", "right")
            if mark is not None and continued:  # whose form this page continues, in full
                draw_text(
                    self,
                    job.fonts,
                    MARGIN,
                    height - MARGIN - 3.5 * mm,
                    f"续页　{mark.identity}",
                    10.5,
                    "sans",
                )
            footer = f"第 {number} 页 / 共 {total} 页"
            draw_text(self, job.fonts, width / 2, MARGIN - 8 * mm, footer, 8.5, "sans", "center")
            draw_text(
                self,
                job.fonts,
                width - MARGIN,
                MARGIN - 8 * mm,
                f"打印日期：{cn_date(job.printed_on)}",
                8.5,
                "sans",
                "right",
            )

    return NumberedCanvas


CONTINUATION_SPACE = 7 * mm  # room at the top of a continuation page for the form's identity


def page_size(wide: bool) -> tuple[float, float]:
    return landscape(A4) if wide else A4


def frame_width(wide: bool = False) -> float:
    return page_size(wide)[0] - 2 * MARGIN


def write_pdf(
    target: str | os.PathLike[str],
    job: Job,
    story: Sequence[Flowable],
    title: str,
    *,
    wide: bool = False,
) -> Path:
    """Lay out ``story`` and write it to ``target`` atomically (a partial file, then rename).

    Forms (a story with ``FormStart`` marks) get room at the top of every page for the
    continuation line; each form's pages are numbered on their own."""
    path = Path(target)
    size = page_size(wide)
    forms = any(isinstance(item, FormStart) for item in story)
    top_room = CONTINUATION_SPACE if forms else 0
    with writing(path) as temp:
        doc = BaseDocTemplate(
            str(temp),
            pagesize=size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 2 * mm + top_room,
            bottomMargin=MARGIN,
            title=title,
            author=job.union_name,
        )
        frame = Frame(
            MARGIN,
            MARGIN,
            size[0] - 2 * MARGIN,
            frame_height(wide, forms),
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        doc.addPageTemplates([PageTemplate("page", frames=[frame])])
        doc.build(list(story), canvasmaker=_numbered_canvas(job, title))
    return path


def frame_height(wide: bool = False, forms: bool = False) -> float:
    """The height the story has on a page (forms keep room for a continuation line)."""
    return page_size(wide)[1] - 2 * MARGIN - 2 * mm - (CONTINUATION_SPACE if forms else 0)


def grid_style(*extra: tuple[Any, ...], header_rows: int = 0, rules: str = "grid") -> TableStyle:
    """Ruled cells in a heavier box. ``rules``: "grid" every line; "open_column" the first
    column reads as one cell down the whole table; "two_cells" just a label cell and a value
    cell, however many rows they are cut into. (Not spans: a span cannot be split across
    pages.)"""
    # Cells hold Text flowables; naming our font keeps Helvetica out of the PDF.
    label_line = ("LINEAFTER", (0, 0), (0, -1), 0.6, GRID)
    lines: list[tuple[Any, ...]] = {
        "grid": [("GRID", (0, 0), (-1, -1), 0.6, GRID)],
        "open_column": [("INNERGRID", (1, 0), (-1, -1), 0.6, GRID), label_line],
        "two_cells": [label_line],
    }[rules]
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), BUNDLED["sans"].name),
        *lines,
        ("BOX", (0, 0), (-1, -1), 1.2, GRID),
        # a table split across pages is closed at the foot of one part and the head of the next
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 1.2, GRID),
        ("LINEABOVE", (0, "splitfirst"), (-1, "splitfirst"), 1.2, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eef1f5")))
    commands.extend(extra)
    return TableStyle(commands)


def gap(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


class MeasuredTable(Table):
    """A table measured once per width: the forms measure their tables to choose a size, then
    the page layout asks again at the same width. A measurement that stopped early (ReportLab
    stops once a long table passes the height offered) is never reused."""

    _measured: tuple[float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        measured = self._measured
        if measured is not None and measured[0] == availWidth and self._height <= measured[1]:
            self.availWidth = availWidth
            return self._width, self._height
        width, height = super().wrap(availWidth, availHeight)
        self._measured = (availWidth, availHeight)
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._measured = None  # splitting measures again, perhaps only part of the table
        return super().split(availWidth, availHeight)
