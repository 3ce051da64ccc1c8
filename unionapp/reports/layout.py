"""Page furniture shared by every document: A4, header with the union's name, footer with
page X / Y and the print date, fonts embedded; written atomically so a failed print never
leaves half a PDF behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer, TableStyle

from unionapp.jobs import Cancelled
from unionapp.reports.fonts import BUNDLED, FontLibrary
from unionapp.reports.text import Text, draw_text

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

    def step(self, done: int, total: int) -> None:
        if self.cancelled():
            raise Cancelled
        if self.progress is not None:
            self.progress(done, total)

    def text(self, value: object, size: float = 10.5, **kwargs: Any) -> Text:
        return Text(self.fonts, value, size, **kwargs)

    def title(self, value: str, size: float = 17) -> Text:
        return Text(self.fonts, value, size, style="sans", align="center", leading=size * 1.6)


def _numbered_canvas(job: Job, doc_title: str) -> type[Canvas]:
    """A canvas that holds pages back until the end so each footer can say 'of Y'."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = job.fonts.primary("sans")  # no Helvetica in the PDF
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.setTitle(doc_title)
            self.setAuthor(job.union_name)
            self.setCreator("工会工作台")

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _furniture(self, number: int, total: int) -> None:
            width, height = self._pagesize
            self.setStrokeColor(colors.grey)
            self.setLineWidth(0.4)
            self.line(MARGIN, height - MARGIN + 2 * mm, width - MARGIN, height - MARGIN + 2 * mm)
            draw_text(self, job.fonts, MARGIN, height - MARGIN + 3.5 * mm, job.union_name, 8.5,
                      "sans")  # fmt: skip
            draw_text(self, job.fonts, width - MARGIN, height - MARGIN + 3.5 * mm, doc_title, 8.5,
                      "sans", "right")  # fmt: skip
            footer = f"第 {number} 页 / 共 {total} 页"
            draw_text(self, job.fonts, width / 2, MARGIN - 8 * mm, footer, 8.5, "sans", "center")
            draw_text(self, job.fonts, width - MARGIN, MARGIN - 8 * mm,
                      f"打印日期：{cn_date(job.printed_on)}", 8.5, "sans", "right")  # fmt: skip

    return NumberedCanvas


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
    """Lay out ``story`` and write it to ``target`` atomically (temp file, then rename)."""
    path = Path(target)
    size = page_size(wide)
    handle, temp_name = tempfile.mkstemp(prefix=".printing-", suffix=".pdf", dir=path.parent)
    os.close(handle)
    try:
        doc = BaseDocTemplate(
            temp_name, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN + 2 * mm, bottomMargin=MARGIN, title=title,
            author=job.union_name,
        )  # fmt: skip
        frame = Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN - 2 * mm,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
        doc.addPageTemplates([PageTemplate("page", frames=[frame])])
        doc.build(list(story), canvasmaker=_numbered_canvas(job, title))
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path


def grid_style(*extra: tuple[Any, ...], header_rows: int = 0) -> TableStyle:
    # Cells hold Text flowables; naming our font keeps Helvetica out of the PDF.
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), BUNDLED["sans"].name),
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("BOX", (0, 0), (-1, -1), 1.2, GRID),
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
