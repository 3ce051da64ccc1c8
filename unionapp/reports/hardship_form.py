"""困难职工帮扶救助申请审批表: one A4 form per family, bordered, with opinion and stamp boxes."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Table
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from unionapp.models import Assistance, HardshipFamily
from unionapp.reports.layout import Job, cn_date, cn_month, frame_width, gap, grid_style
from unionapp.reports.money import to_capital, yuan
from unionapp.reports.text import draw_text
from unionapp.schema.records import HARDSHIP_REASONS
from unionapp.services.records import RefusedError

TITLE = "困难职工帮扶救助申请审批表"
MEMBER_ROWS = 4


class OpinionBox(Flowable):
    """The empty space for an opinion, with 盖章 and 年 月 日 at the bottom right."""

    def __init__(self, job: Job, height: float) -> None:
        super().__init__()
        self.job = job
        self.box_height = height

    def wrap(self, available_width: float, _h: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.box_height

    def draw(self) -> None:
        fonts = self.job.fonts
        right = self.width - 4 * mm
        draw_text(self.canv, fonts, right - 48 * mm, 9 * mm, "（盖章）", 10.5)
        draw_text(self.canv, fonts, right, 3 * mm, "年　　月　　日", 10.5, align="right")
        draw_text(self.canv, fonts, right - 48 * mm, 3 * mm, "负责人：", 10.5, align="right")


def load_families(session: Session, ids: Sequence[int] | None) -> list[HardshipFamily]:
    """Families in the order asked (all on file, by id, when ``ids`` is None)."""
    query = select(HardshipFamily).options(
        selectinload(HardshipFamily.members),
        selectinload(HardshipFamily.assistance),
    )
    if ids is None:
        return list(session.scalars(query.order_by(HardshipFamily.id)))
    found = {f.id: f for f in session.scalars(query.where(HardshipFamily.id.in_(list(ids))))}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise RefusedError(f"没有编号为 {', '.join(missing)} 的困难职工家庭")
    return [found[i] for i in ids]


def _request(family: HardshipFamily, year: int | None) -> Assistance | None:
    given = [a for a in family.assistance if year is None or a.given_on.year == year]
    return given[-1] if given else None


class Choices(Flowable):
    """Options with drawn check boxes (no glyph needed), the chosen ones ticked."""

    def __init__(self, job: Job, options: Sequence[str], chosen: str, size: float = 10) -> None:
        super().__init__()
        self.job = job
        self.options = list(options)
        self.chosen = set(chosen.split("、"))
        self.size = size

    def _places(self, width: float) -> list[tuple[float, int]]:
        x, line, places = 0.0, 0, []
        for option in self.options:
            needed = self.size * 1.3 + self.job.fonts.width(option, self.size) + self.size
            if x and x + needed > width:
                x, line = 0.0, line + 1
            places.append((x, line))
            x += needed
        return places

    def wrap(self, available_width: float, _h: float) -> tuple[float, float]:
        self.width = available_width
        lines = self._places(available_width)[-1][1] + 1 if self.options else 1
        self.height = lines * self.size * 1.5
        return available_width, self.height

    def draw(self) -> None:
        canvas, box = self.canv, self.size * 0.8
        for option, (x, line) in zip(self.options, self._places(self.width), strict=True):
            y = self.height - (line + 1) * self.size * 1.5 + self.size * 0.3
            canvas.setLineWidth(0.6)
            canvas.rect(x, y, box, box)
            if option in self.chosen:
                canvas.setLineWidth(1.2)
                canvas.lines(
                    [
                        (x + box * 0.18, y + box * 0.5, x + box * 0.42, y + box * 0.2),
                        (x + box * 0.42, y + box * 0.2, x + box * 0.85, y + box * 0.85),
                    ]
                )
            draw_text(
                canvas, self.job.fonts, x + self.size * 1.1, y + box * 0.12, option, self.size
            )


def family_form(job: Job, family: HardshipFamily, year: int | None = None) -> list[Flowable]:
    t = job.text
    width = frame_width()
    cols = [w * width / 180 for w in (21, 24, 21, 24, 24, 24, 21, 21)]
    label = dict(size=9.5, style="sans", align="center")
    company = family.employer
    per_head = family.income_per_head_fen
    request = _request(family, year)
    asked = ""
    if request is not None:
        asked = request.kind + (f"（{request.round_name}）" if request.round_name else "")
    asked_amount = f"{yuan(request.amount_fen)}" if request else ""
    rows = [
        [t("姓名", **label), t(family.worker_name), t("性别", **label), t(family.gender),
         t("出生年月", **label), t(cn_month(family.birth_date)), t("民族", **label),
         t(family.ethnicity)],
        [t("身份证号", **label), t(family.id_number, one_line=True), "", "",
         t("工会会员", **label), t("是" if family.union_member else "否"),
         t("健康状况", **label), t(family.health)],
        [t("工作单位", **label), t(company), "", "", "", "", "", ""],
        [t("家庭住址", **label), t(family.address), "", "", "", "",
         t("联系电话", **label), t(family.phone, one_line=True)],
        [t("家庭人口", **label), t(f"{family.household_size}人"),
         t("家庭年总收入", **label), t(f"{yuan(family.annual_income_fen)}元"),
         t("月人均收入", **label), t(f"{yuan(per_head)}元"), t("困难类别", **label),
         t(family.category)],
        [t("致困原因", **label), Choices(job, HARDSHIP_REASONS, "、".join(filter(None, (family.main_reason, family.reasons)))), "", "", "", "", "", ""],
        [t("困难情况", **label), t(family.reason_detail or ""), "", "", "", "", "", ""],
        [t("家庭成员", **label), t("姓名", **label), t("关系", **label), t("出生年月", **label),
         t("单位或学校", **label), "", t("月收入(元)", **label), t("健康状况", **label)],
    ]  # fmt: skip
    members = list(family.members)
    for index in range(max(MEMBER_ROWS, len(members))):
        member = members[index] if index < len(members) else None
        rows.append([
            "", t(member.name if member else ""), t(member.relation if member else ""),
            t(cn_month(member.birth_date) if member else ""),
            t(member.work_or_school if member else ""), "",
            t(yuan(member.monthly_income_fen) if member else "", align="right"),
            t(member.health if member else ""),
        ])  # fmt: skip
    member_start, member_end = 7, 7 + max(MEMBER_ROWS, len(members))
    rows += [
        [t("申请帮扶事项", **label), t(asked if request else ""), "", "",
         t("申请金额(元)", **label), t(asked_amount), t(to_capital(request.amount_fen)
                                                         if request else "", size=9), ""],
        [t("申请人签字", **label),
         t("本人承诺以上情况属实。　　申请人（签字）：　　　　　　　　　　年　　月　　日"),
         "", "", "", "", "", ""],
        [t("基层工会\n意见", **label), OpinionBox(job, 24 * mm), "", "", "", "", "", ""],
        [t("街道工会\n审核意见", **label), OpinionBox(job, 24 * mm), "", "", "", "", "", ""],
        [t("上级工会\n审批意见", **label), OpinionBox(job, 24 * mm), "", "", "", "", "", ""],
    ]  # fmt: skip
    last = len(rows) - 1
    spans = [
        ("SPAN", (1, 1), (3, 1)), ("SPAN", (1, 2), (7, 2)), ("SPAN", (1, 3), (5, 3)),
        ("SPAN", (1, 5), (7, 5)), ("SPAN", (1, 6), (7, 6)),
        ("SPAN", (0, member_start), (0, member_end)),
        ("SPAN", (1, member_end + 1), (3, member_end + 1)),
        ("SPAN", (6, member_end + 1), (7, member_end + 1)),
        ("SPAN", (1, member_end + 2), (7, member_end + 2)),
        ("SPAN", (1, last - 2), (7, last - 2)), ("SPAN", (1, last - 1), (7, last - 1)),
        ("SPAN", (1, last), (7, last)),
    ]  # fmt: skip
    spans += [("SPAN", (4, r), (5, r)) for r in range(member_start, member_end + 1)]
    heights = [9 * mm] * 6 + [None] + [8 * mm] * (member_end - member_start + 1) + [
        9 * mm, 10 * mm, 26 * mm, 26 * mm, 26 * mm]  # fmt: skip
    table = Table(rows, colWidths=cols, rowHeights=heights, style=grid_style(*spans))
    head = [
        job.title(TITLE),
        t(f"填报单位：{job.union_name}　　　　档案编号：{family.archive_no}　　　　"
          f"填表日期：{cn_date(job.printed_on)}", size=9.5),
        gap(1.5),
    ]  # fmt: skip
    note = t("注：本表一式两份，街道工会、基层工会各存一份；所附证明材料须真实有效。", size=9)
    return [KeepTogether(head + [table]), gap(2), note]


def hardship_forms(
    job: Job, session: Session, ids: Sequence[int] | None = None, year: int | None = None
) -> list[Flowable]:
    families = load_families(session, ids)
    if not families:
        raise RefusedError("没有困难职工家庭可打印")
    story: list[Flowable] = []
    for number, family in enumerate(families, start=1):
        job.step(number - 1, len(families))
        if story:
            story.append(PageBreak())
        story.extend(family_form(job, family, year))
    job.step(len(families), len(families))
    return story
