"""慰问金发放签领表: a relief round's sign-off sheet with per-page subtotals and a total in 大写."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table
from sqlalchemy import extract, select
from sqlalchemy.orm import Session, joinedload

from unionapp.models import Assistance, HardshipFamily
from unionapp.reports.layout import Job, cn_date, frame_width, gap, grid_style
from unionapp.reports.money import to_capital, yuan
from unionapp.services.records import RefusedError
from unionapp.validation.idcard import mask_id_number

ROWS_PER_PAGE = 12
LAST_PAGE_ROWS = 10  # the last page also holds the total and the signature lines
WIDTHS = (12, 22, 40, 66, 20, 24, 50, 33)  # mm on landscape A4 (267 mm)
HEADERS = (
    "序号",
    "姓名",
    "身份证号",
    "工作单位",
    "困难类别",
    "金额(元)",
    "领取人签字（按手印）",
    "备注",
)


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


def paginate(rows: list[Assistance]) -> list[list[Assistance]]:
    pages = [rows[i : i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)]
    if len(pages[-1]) > LAST_PAGE_ROWS:
        pages.append(pages[-1][LAST_PAGE_ROWS:])
        pages[-2] = pages[-2][:LAST_PAGE_ROWS]
    return pages


def signoff_sheet(job: Job, session: Session, year: int, kind: str | None) -> tuple[list, str]:
    rows = load_round(session, year, kind)
    if not rows:
        what = f"“{kind}”" if kind else ""
        raise RefusedError(f"{year}年没有{what}帮扶发放记录，无法生成签领表")
    title = round_title(year, kind, rows)
    t = job.text
    scale = frame_width(wide=True) / sum(WIDTHS)
    widths = [w * scale for w in WIDTHS]
    header = [t(h, size=10, style="sans", align="center") for h in HEADERS]
    pages = paginate(rows)
    story: list[Flowable] = []
    total = done = 0
    for page_number, page in enumerate(pages, start=1):
        job.step(page_number - 1, len(pages))
        body = [header]
        subtotal = 0
        for offset, aid in enumerate(page):
            family = aid.family
            number = done + offset + 1
            subtotal += aid.amount_fen
            company = family.employer
            note = (aid.in_kind and f"另发{aid.in_kind}") or aid.notes
            body.append([
                t(number, align="center"), t(family.worker_name, align="center"),
                t(mask_id_number(family.id_number), one_line=True, align="center"),
                t(company, size=9.5), t(family.category, align="center"),
                t(yuan(aid.amount_fen), align="right"), "", t(note, size=9),
            ])  # fmt: skip
        total += subtotal
        done += len(page)
        body.append([t("本页小计", size=10, style="sans", align="center"), "", "", "", "",
                     t(yuan(subtotal), align="right"), "", ""])  # fmt: skip
        spans = [("SPAN", (0, len(body) - 1), (4, len(body) - 1))]
        if page_number == len(pages):
            body.append([t("合计", size=10, style="sans", align="center"),
                         t(f"人民币（大写）：{to_capital(total)}", style="sans"), "", "", "",
                         t(yuan(total), align="right"), "", ""])  # fmt: skip
            spans.append(("SPAN", (1, len(body) - 1), (4, len(body) - 1)))
        heights = [9 * mm] + [11 * mm] * len(page) + [9 * mm] * (len(body) - 1 - len(page))
        table = Table(body, colWidths=widths, rowHeights=heights,
                      style=grid_style(*spans, header_rows=1), repeatRows=1)  # fmt: skip
        if story:
            story.append(PageBreak())
        story += [job.title(title, 16), t(f"发放单位：{job.union_name}", size=10), gap(1), table]
        if page_number == len(pages):
            story += [
                gap(5),
                t("经办人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　负责人：＿＿＿＿＿＿　　"
                  "单位（盖章）　　　　　　发放日期：　　　　年　　月　　日", size=10.5),
                gap(2),
                t(f"共 {len(rows)} 人次，合计 {yuan(total)} 元。制表日期：{cn_date(job.printed_on)}",
                  size=9),
            ]  # fmt: skip
    job.step(len(pages), len(pages))
    return story, title
