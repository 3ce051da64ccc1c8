"""慰问金发放签领表: a relief round's sign-off sheet, with per-page subtotals and the total in
大写. Rows are measured before the pages are made: a long name, employer or note makes its row
taller (never spills into the next), and a page holds as many rows as fit. With ``with_bank``
the card number each family is paid to (实名制发放) is printed in full (an audited print)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table
from sqlalchemy import extract, select
from sqlalchemy.orm import Session, joinedload

from unionapp.models import Assistance, HardshipFamily
from unionapp.reports.layout import Job, cn_date, frame_height, frame_width, gap, grid_style
from unionapp.reports.money import to_capital, yuan
from unionapp.reports.text import Text
from unionapp.services.records import RefusedError
from unionapp.validation.idcard import mask_id_number

ROW_MIN = 11 * mm  # room to sign and to press a thumb
PADDING = 5.0  # a cell's top and bottom padding together (grid_style)


@dataclass(frozen=True)
class Column:
    heading: str
    width: float  # parts of the page's width


COLUMNS = (
    Column("序号", 10),
    Column("档案编号", 24),
    Column("姓名", 22),
    Column("身份证号", 38),
    Column("工作单位", 52),
    Column("困难类别", 22),
    Column("金额(元)", 22),
    Column("领取人签字（按手印）", 44),
    Column("备注", 33),
)
BANK = Column("银行卡号", 44)


def load_round(session: Session, year: int, kind: str | None) -> list[Assistance]:
    query = (
        select(Assistance)
        .join(HardshipFamily)
        .options(joinedload(Assistance.family))
        .where(extract("year", Assistance.given_on) == year)
        .order_by(Assistance.given_on, HardshipFamily.id, Assistance.id)
    )
    if kind:
        query = query.where(Assistance.kind == kind)
    return list(session.scalars(query).unique())


def round_title(year: int, kind: str | None, rows: list[Assistance]) -> str:
    rounds = {row.round_name for row in rows if row.round_name}
    if kind and len(rounds) == 1:
        return f"{rounds.pop()}{kind}慰问金发放签领表"
    if kind:
        return f"{year}年{kind}慰问金发放签领表"
    return f"{year}年帮扶慰问金发放签领表"


class Sheet:
    """The sheet's columns and how one assistance row is drawn in them."""

    def __init__(self, job: Job, with_bank: bool) -> None:
        self.job = job
        self.columns = list(COLUMNS)
        if with_bank:
            self.columns.insert(7, BANK)
        scale = frame_width(wide=True) / sum(c.width for c in self.columns)
        self.widths = [c.width * scale for c in self.columns]
        self.with_bank = with_bank

    def header(self) -> list[Flowable]:
        return [
            self.job.text(c.heading, size=10, style="sans", align="center", label=True)
            for c in self.columns
        ]

    def row(self, number: int, aid: Assistance) -> list[object]:
        t, family = self.job.text, aid.family
        note = (aid.in_kind and f"另发{aid.in_kind}") or aid.notes
        cells: list[object] = [
            t(number, align="center", one_line=True),
            t(family.archive_no, size=9, align="center", one_line=True),
            t(family.worker_name, align="center"),
            t(mask_id_number(family.id_number), align="center", one_line=True),
            t(family.employer, size=9.5),
            t(family.category, align="center"),
            t(yuan(aid.amount_fen), align="right", one_line=True),
            "",
            t(note, size=9),
        ]
        if self.with_bank:
            cells.insert(7, t(family.bank_account or "（未登记）", align="center", one_line=True))
        return cells

    def height(self, cells: list[object]) -> float:
        """The row's height: its tallest cell, and never less than room to sign."""
        tallest = 0.0
        for cell, width in zip(cells, self.widths, strict=True):
            if isinstance(cell, Text):
                tallest = max(tallest, cell.wrap(width - 6, 10_000)[1])
        return max(ROW_MIN, tallest + PADDING)


def paginate(heights: list[float], room: float, last_extra: float) -> list[list[int]]:
    """Row indexes per page: as many as fit; the last page also keeps ``last_extra`` free (the
    total and the signature lines), taking rows to a new page if it must."""
    pages: list[list[int]] = [[]]
    used = 0.0
    for index, height in enumerate(heights):
        if pages[-1] and used + height > room:
            pages.append([])
            used = 0.0
        pages[-1].append(index)
        used += height
    moved: list[int] = []
    while pages[-1] and sum(heights[i] for i in pages[-1]) + last_extra > room:
        moved.insert(0, pages[-1].pop())
    if moved:
        pages.append(moved)
    return [page for page in pages if page] or [[]]


def signoff_sheet(
    job: Job, session: Session, year: int, kind: str | None, with_bank: bool = False
) -> tuple[list[Flowable], str]:
    rows = load_round(session, year, kind)
    if not rows:
        what = f"“{kind}”" if kind else ""
        raise RefusedError(f"{year}年没有{what}帮扶发放记录，无法生成签领表")
    title = round_title(year, kind, rows)
    t = job.text
    sheet = Sheet(job, with_bank)
    width = frame_width(wide=True)
    head = [job.title(title, 16), t(f"发放单位：{job.union_name}", size=10), gap(1)]
    cells = [sheet.row(number, aid) for number, aid in enumerate(rows, start=1)]
    heights = [sheet.height(row) for row in cells]
    header_height = (
        max(c.wrap(w - 6, 10_000)[1] for c, w in zip(sheet.header(), sheet.widths, strict=True))
        + PADDING
    )
    sums = 9 * mm
    signatures = [
        gap(5),
        t(
            "经办人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　负责人：＿＿＿＿＿＿　　"
            "单位（盖章）　　　　　　发放日期：　　　　年　　月　　日",
            size=10.5,
        ),
        gap(2),
        t(
            f"共 {len(rows)} 人次，合计 {yuan(sum(a.amount_fen for a in rows))} 元。"
            f"制表日期：{cn_date(job.printed_on)}",
            size=9,
        ),
    ]
    signature_height = sum(item.wrap(width, 10_000)[1] for item in signatures)
    room = frame_height(wide=True) - sum(item.wrap(width, 10_000)[1] for item in head)
    room -= header_height + sums
    pages = paginate(heights, room, sums + signature_height)
    total = 0
    story: list[Flowable] = []
    amount_column = [c.heading for c in sheet.columns].index("金额(元)")
    for page_number, page in enumerate(pages, start=1):
        job.step(page_number - 1, len(pages))
        subtotal = sum(rows[i].amount_fen for i in page)
        total += subtotal
        body = [sheet.header(), *(cells[i] for i in page)]
        blank = [""] * len(sheet.columns)
        body.append(blank.copy())
        body[-1][0] = t("本页小计", size=10, style="sans", align="center", label=True)
        body[-1][amount_column] = t(yuan(subtotal), align="right", one_line=True)
        spans = [("SPAN", (0, len(body) - 1), (amount_column - 1, len(body) - 1))]
        last = page_number == len(pages)
        if last:
            body.append(blank.copy())
            body[-1][0] = t("合计", size=10, style="sans", align="center", label=True)
            body[-1][2] = t(f"人民币（大写）：{to_capital(total)}", style="sans")
            body[-1][amount_column] = t(yuan(total), align="right", one_line=True)
            row = len(body) - 1  # 合计 under 序号 and 档案编号, the words across to the amount
            spans += [("SPAN", (0, row), (1, row)), ("SPAN", (2, row), (amount_column - 1, row))]
        row_heights = [header_height] + [heights[i] for i in page]
        row_heights += [sums] * (len(body) - len(row_heights))
        table = Table(
            body,
            colWidths=sheet.widths,
            rowHeights=row_heights,
            style=grid_style(*spans, header_rows=1),
        )
        if story:
            story.append(PageBreak())
        story += [*head, table]
        if last:
            story += signatures
    job.step(len(pages), len(pages))
    return story, title
