"""困难职工帮扶救助申请审批表: one A4 form per family, as the union words it (设置).

Every cell is measured before the page is laid out: a row grows to hold its text; if the form
then no longer fits one page, the long texts shrink (not below 8 pt); what still does not fit
continues on a page that repeats the form's title, the family's name and 档案编号 (续页). The
approval boxes and the note are kept together and never stand on a page without the family's
identity. Numbers, amounts, ID numbers, dates and phones are never broken across lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, undefer

from unionapp.models import Assistance, HardshipFamily, HouseholdMember
from unionapp.reports.layout import (
    FormMark,
    FormStart,
    Job,
    MeasuredTable,
    cn_date,
    cn_month,
    frame_height,
    frame_width,
    gap,
    grid_style,
)
from unionapp.reports.money import to_capital, yuan
from unionapp.reports.text import draw_text, wrap
from unionapp.schema.codes import HARDSHIP_REASONS
from unionapp.services.archive import INCOME_PER_HEAD_FIELDS, income_per_head_fen
from unionapp.services.records import RefusedError

MEMBER_ROWS = 4  # blank member rows a short household still gets, to write in by hand
BODY, FLOOR = 10.5, 8.0  # the long texts' size, and the smallest they shrink to
COLUMNS = (21, 24, 21, 24, 24, 24, 21, 21)  # of 180: the form's eight columns


def title(job: Job) -> str:
    return job.wording.get("form_title") or "困难职工帮扶救助申请审批表"


class OpinionBox(Flowable):
    """The empty space for an opinion, with 负责人, 盖章 and 年 月 日 at the bottom right."""

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


class Choices(Flowable):
    """Options with drawn check boxes (no glyph needed), the chosen ones ticked; the main
    reason marked （主）."""

    def __init__(
        self, job: Job, options: Sequence[str], chosen: Sequence[str], main: str, size: float = 10
    ) -> None:
        super().__init__()
        self.job = job
        self.options = [f"{o}（主）" if o == main and o else o for o in options]
        self.chosen = {f"{c}（主）" if c == main and c else c for c in chosen}
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


def load_families(session: Session, ids: Sequence[int] | None) -> list[HardshipFamily]:
    """Families in the order asked (all on file, by id, when ``ids`` is None)."""
    query = select(HardshipFamily).options(
        selectinload(HardshipFamily.members),
        selectinload(HardshipFamily.assistance),
        undefer(HardshipFamily.income_per_head_fen),
    )
    if ids is None:
        return list(session.scalars(query.order_by(HardshipFamily.id)))
    found = {f.id: f for f in session.scalars(query.where(HardshipFamily.id.in_(list(ids))))}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise RefusedError(f"没有编号为 {', '.join(missing)} 的困难职工家庭")
    return [found[i] for i in ids]


def sample_family(prefix: str, today: date | None = None) -> HardshipFamily:
    """An example family, never saved: the union's wording is shown on a filled-in form
    before the settings are saved."""
    today = today or date.today()
    family = HardshipFamily(
        archive_no=f"{prefix}-{today.year}-0001",
        worker_name="张晓梅（示例）",
        id_number="320115198203150024",
        gender="女",
        birth_date=date(1982, 3, 15),
        ethnicity="汉族",
        work_status="在岗",
        employer="南京示例机械制造有限公司",
        union_member="是",
        health="健康",
        address="江宁街道天元中路128号",
        phone="025-52101234",
        household_size=3,
        annual_income_fen=3_600_000,
        medical_expense_fen=1_200_000,
        schooling_expense_fen=0,
        category="相对困难",
        main_reason="因病",
        reason_detail="丈夫患重病长期治疗，医疗支出大，孩子在读初中。",
        housing_type="自有住房",
        housing_area=62.5,
        medical_insurance="职工医保",
    )
    for column in HardshipFamily.__table__.columns:  # what saving would fill in
        default = column.default
        if default is not None and default.is_scalar and getattr(family, column.key) is None:
            setattr(family, column.key, default.arg)
    family.income_per_head_fen = income_per_head_fen(  # as the list computes it
        {key: getattr(family, key) for key in INCOME_PER_HEAD_FIELDS}
    )
    family.members = [
        HouseholdMember(
            name="李强（示例）", relation="配偶", work_or_school="无业", monthly_income_fen=0
        ),
        HouseholdMember(
            name="李明（示例）",
            relation="子女",
            work_or_school="江宁初级中学",
            monthly_income_fen=0,
        ),
    ]
    family.assistance = [
        Assistance(
            given_on=today,
            kind="送温暖",
            application_type="日常",
            amount_fen=100_000,
        )
    ]
    return family


def _request(family: HardshipFamily, year: int | None) -> Assistance | None:
    given = [a for a in family.assistance if year is None or a.given_on.year == year]
    return given[-1] if given else None


def identity(family: HardshipFamily) -> str:
    return f"姓名：{family.worker_name}　档案编号：{family.archive_no}"


@dataclass
class Sizes:
    """The size of the long texts; lowered (to FLOOR at most) when the form would spill."""

    body: float = BODY


TEXT, ONE, PLAIN = "text", "one", "plain"  # a long text; never broken; a short word


@dataclass(frozen=True)
class Field:
    """A label and its value on the form, the value spanning ``span`` of the eight columns."""

    label: str
    value: object
    how: str = PLAIN
    span: int = 1


class Grid:
    """Builds the form's tables from rows of fields: each field is a label column and its
    value's columns; spans are worked out from the layout, so a row reads as the form does."""

    def __init__(self, job: Job, sizes: Sizes) -> None:
        self.job, self.sizes = job, sizes
        width = frame_width()
        self.cols = [w * width / sum(COLUMNS) for w in COLUMNS]

    def label(self, text: str) -> Flowable:
        return self.job.text(
            text, size=9.5, style="sans", align="center", label=True, min_height=6.5 * mm
        )

    def value(self, value: object, how: str) -> Flowable:
        if isinstance(value, Flowable):
            return value
        text = "" if value is None else str(value)
        if how == ONE:
            return self.job.text(text, one_line=True)
        return self.job.text(text, size=self.sizes.body if how == TEXT else 10.5)

    def table(
        self, rows: Sequence[Sequence[Field]], *, heights: list[float | None] | None = None
    ) -> MeasuredTable:
        cells: list[list[object]] = []
        spans: list[tuple[object, ...]] = []
        for r, row in enumerate(rows):
            line: list[object] = []
            for item in row:
                if item.label:
                    line.append(self.label(item.label))
                start = len(line)
                line += [self.value(item.value, item.how)] + [""] * (item.span - 1)
                if item.span > 1:
                    spans.append(("SPAN", (start, r), (start + item.span - 1, r)))
            if len(line) != len(COLUMNS):
                raise ValueError(f"row {r} has {len(line)} columns")
            cells.append(line)
        return MeasuredTable(
            cells, colWidths=self.cols, rowHeights=heights, style=grid_style(*spans)
        )


def _sections(
    job: Job, family: HardshipFamily, year: int | None, sizes: Sizes
) -> list[MeasuredTable]:
    """The form as three tables stacked edge to edge: the family, its members, the request and
    the approvals (the last kept in one piece)."""
    grid = Grid(job, sizes)
    yes_no = {True: "是", False: "否"}
    disability = f"（{family.disability_kind}{family.disability_grade}）"
    health = family.health + (disability if family.disability_kind else "")
    card = f"（会员证号 {family.member_card_no}）" if family.member_card_no else ""
    member = yes_no[bool(family.union_member)] + card
    housing = family.housing_type + (f" {family.housing_area:g}㎡" if family.housing_area else "")
    reasons = [r for r in (family.reasons or "").split("、") if r]
    ticks = Choices(job, HARDSHIP_REASONS, [family.main_reason, *reasons], family.main_reason)
    money = [
        Field("家庭人口", f"{family.household_size}人", ONE),
        Field("家庭年总收入", f"{yuan(family.annual_income_fen)}元", ONE),
        Field("刚性支出", f"{yuan(family.rigid_expense_fen)}元", ONE),
        Field("月人均收入", f"{yuan(family.income_per_head_fen or 0)}元", ONE),
    ]
    info = grid.table(
        [
            [
                Field("姓名", family.worker_name, TEXT),
                Field("性别", family.gender),
                Field("出生年月", cn_month(family.birth_date), ONE),
                Field("民族", family.ethnicity),
            ],
            [
                Field("身份证号", family.id_number, ONE, 3),
                Field("政治面貌", family.political_status),
                Field("婚姻状况", family.marital_status),
            ],
            [
                Field("户口类型", family.hukou_type),
                Field("户口所在地", family.hukou_place, TEXT, 5),
            ],
            [
                Field("工作单位", family.employer, TEXT, 3),
                Field("单位性质", family.employer_nature),
                Field("工作状态", family.work_status),
            ],
            [
                Field("工会会员", member, TEXT, 3),
                Field("劳模", family.model_worker),
                Field("健康状况", health, TEXT),
            ],
            [Field("家庭住址", family.address, TEXT, 5), Field("联系电话", family.phone, ONE)],
            [
                Field("住房情况", housing, ONE),
                Field("医疗保险", family.medical_insurance),
                Field("单亲家庭", yes_no[bool(family.single_parent)]),
                Field("零就业家庭", yes_no[bool(family.zero_employment)]),
            ],
            money,
            [Field("困难类别", family.category), Field("致困原因", ticks, span=5)],
        ]
    )
    detail = _long_text(grid, "困难情况", family.reason_detail or "", sizes.body)
    return [info, detail, _household(grid, family), _request_and_approval(grid, job, family, year)]


HOUSEHOLD_COLUMNS = (
    21,
    22,
    13,
    41,
    45,
    18,
    20,
)  # of 180: label, 姓名, 关系, 身份证号, 单位或学校 …
DETAIL_LINES = 3  # the circumstances are cut into rows of this many lines (pages split between)


def _household(grid: Grid, family: HardshipFamily) -> MeasuredTable:
    """The household: every member with their ID number (or birth month), and blank rows to
    write in by hand when there are few. Its own columns (the school needs room, the ID number
    one line); continued on the next page under its headings."""
    width = frame_width()
    cols = [w * width / sum(HOUSEHOLD_COLUMNS) for w in HOUSEHOLD_COLUMNS]
    headings = ("家庭成员", "姓名", "关系", "身份证号", "单位或学校", "月收入(元)", "健康/医保")
    rows: list[list[object]] = [[grid.label(heading) for heading in headings]]
    heights: list[float | None] = [None]
    for index in range(max(MEMBER_ROWS, len(family.members))):
        person = family.members[index] if index < len(family.members) else None
        if person is None:
            rows.append([""] * len(headings))
            heights.append(8.5 * mm)
            continue
        care = "／".join(filter(None, (person.health, person.medical_insurance)))
        rows.append(
            [
                "",
                grid.value(person.name, TEXT),
                grid.value(person.relation, PLAIN),
                grid.value(person.id_number or cn_month(person.birth_date), ONE),
                grid.value(person.work_or_school, TEXT),
                grid.value(yuan(person.monthly_income_fen), ONE),
                grid.value(care, TEXT),
            ]
        )
        heights.append(None)
    return MeasuredTable(
        rows,
        colWidths=cols,
        rowHeights=heights,
        repeatRows=1,
        style=grid_style(rules="open_column"),
    )


def _long_text(grid: Grid, label: str, text: str, size: float) -> MeasuredTable:
    """A long text in rows of a few lines each, drawn as one cell: a page may end between its
    rows, so a long 困难情况 continues on the next page instead of leaving this one half empty."""
    width = frame_width()
    cols = [COLUMNS[0] * width / sum(COLUMNS), (sum(COLUMNS) - COLUMNS[0]) * width / sum(COLUMNS)]
    inner = cols[1] - 6  # the cell's padding
    lines = wrap(grid.job.fonts, text, inner, size) if text else [""]
    chunks = ["\n".join(lines[i : i + DETAIL_LINES]) for i in range(0, len(lines), DETAIL_LINES)]
    rows = [
        [
            grid.label(label) if n == 0 else "",
            grid.job.text(chunk, size=size, min_height=14 * mm if len(chunks) == 1 else 0),
        ]
        for n, chunk in enumerate(chunks)
    ]
    style = grid_style(
        ("VALIGN", (1, 0), (1, -1), "TOP"),
        ("TOPPADDING", (0, 1), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -2), 0),
        rules="two_cells",
    )
    return MeasuredTable(rows, colWidths=cols, style=style)


def _request_and_approval(
    grid: Grid, job: Job, family: HardshipFamily, year: int | None
) -> MeasuredTable:
    request = _request(family, year)
    asked = ""
    if request is not None:
        round_name = f"　{request.round_name}" if request.round_name else ""
        asked = f"{request.kind}（{request.application_type}）{round_name}"
    levels = [line.strip() for line in job.wording.get("form_levels", "").splitlines()]
    commitment = job.wording.get("form_commitment", "")
    signature = f"{commitment}　　申请人（签字）：　　　　　　　　　　年　　月　　日"
    amount = yuan(request.amount_fen) if request else ""
    capital = to_capital(request.amount_fen) if request else ""
    return grid.table(
        [
            [
                Field("申请帮扶事项", asked, TEXT, 3),
                Field("申请金额(元)", amount, ONE),
                Field("", capital, ONE, 2),
            ],
            [Field("申请人承诺", signature, TEXT, 7)],
            *[[Field(level, OpinionBox(job, 21 * mm), span=7)] for level in levels if level],
        ]
    )


def _height(tables: list[MeasuredTable], width: float) -> float:
    return sum(part.wrap(width, 10_000)[1] for part in tables)


def family_form(job: Job, family: HardshipFamily, year: int | None, number: int) -> list[Flowable]:
    t = job.text
    width = frame_width()
    head = [
        FormStart(FormMark(number, identity(family))),
        job.title(title(job)),
        t(
            f"填报单位：{job.union_name}　　档案编号：{family.archive_no}"
            + (f"（原编号 {family.old_archive_no}）" if family.old_archive_no else "")
            + f"　　填表日期：{cn_date(job.printed_on)}",
            size=9.5,
        ),
        gap(1.5),
    ]
    note = t(job.wording.get("form_note", ""), size=9)
    room = frame_height(forms=True) - sum(item.wrap(width, 10_000)[1] for item in head[1:])
    room -= note.wrap(width, 10_000)[1] + 2 * mm
    sections = _sections(job, family, year, Sizes())
    if _height(sections, width) > room:  # shrink the long texts, if that keeps it on one page
        for tenths in range(int(BODY * 10) - 5, int(FLOOR * 10) - 1, -5):
            smaller = _sections(job, family, year, Sizes(tenths / 10))
            if _height(smaller, width) <= room:
                sections = smaller
                break
    *parts, approvals = sections
    return [*head, *parts, KeepTogether([approvals, gap(2), note])]


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
        story.extend(family_form(job, family, year, number))
    job.step(len(families), len(families))
    return story
