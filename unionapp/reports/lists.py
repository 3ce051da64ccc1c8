"""Lists: 金秋助学 students of a year, a training session's sign-in sheet and attendance."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table
from sqlalchemy import extract, select
from sqlalchemy.orm import Session, joinedload, selectinload

from unionapp.models import Assistance, HardshipFamily, TrainingSession
from unionapp.reports.layout import Job, cn_date, frame_width, gap, grid_style
from unionapp.reports.money import to_capital, yuan
from unionapp.services.records import RefusedError
from unionapp.validation.idcard import mask_phone

SIGNIN_ROWS_PER_PAGE = 22


def _widths(parts: tuple[float, ...], wide: bool = False) -> list[float]:
    scale = frame_width(wide) / sum(parts)
    return [p * scale for p in parts]


def student_aid_list(job: Job, session: Session, year: int) -> tuple[list[Flowable], str]:
    title = f"{year}年金秋助学资助名单"
    rows = list(
        session.scalars(
            select(Assistance)
            .join(HardshipFamily)
            .options(joinedload(Assistance.family))
            .where(extract("year", Assistance.given_on) == year, Assistance.kind == "金秋助学")
            .order_by(Assistance.given_on, Assistance.id)
        ).unique()
    )
    if not rows:
        raise RefusedError(f"{year}年没有金秋助学记录")
    t = job.text
    headers = (
        "序号",
        "学生姓名",
        "就读学校",
        "入学年份",
        "家长姓名",
        "家长工作单位",
        "金额(元)",
        "备注",
    )
    body: list[list[object]] = [[t(h, size=10, style="sans", align="center") for h in headers]]
    total = 0
    for number, aid in enumerate(rows, start=1):
        family = aid.family
        total += aid.amount_fen
        body.append([
            t(number, align="center"), t(aid.student_name, align="center"), t(aid.school),
            t(aid.enrol_year or "", align="center"), t(family.worker_name, align="center"),
            t(family.employer, size=9.5),
            t(yuan(aid.amount_fen), align="right"), t(aid.notes, size=9),
        ])  # fmt: skip
    body.append([t("合计", style="sans", align="center"), t(f"{len(rows)}人　大写：{to_capital(total)}"),
                 "", "", "", "", t(yuan(total), align="right"), ""])  # fmt: skip
    table = Table(body, colWidths=_widths((10, 18, 36, 14, 16, 44, 18, 16)), repeatRows=1,
                  style=grid_style(("SPAN", (1, -1), (5, -1)), header_rows=1))  # fmt: skip
    story = [job.title(title), t(f"资助单位：{job.union_name}", size=10), gap(1), table, gap(5),
             t("经办人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　负责人：＿＿＿＿＿＿　　单位（盖章）",
               size=10.5)]  # fmt: skip
    return story, title


def _session(session: Session, ids: list[int] | None) -> TrainingSession:
    if not ids:
        raise RefusedError("请用 --id 指定一个培训场次")
    found = session.scalars(
        select(TrainingSession)
        .options(selectinload(TrainingSession.attendees))
        .where(TrainingSession.id == ids[0])
    ).first()
    if found is None:
        raise RefusedError(f"没有编号为 {ids[0]} 的培训场次")
    return found


def _session_head(job: Job, training: TrainingSession, what: str) -> list[Flowable]:
    t = job.text
    facts = (f"类型：{training.kind}　　时间：{cn_date(training.held_on)}　　地点：{training.place}"
             f"　　授课人：{training.trainer}　　学时：{training.hours:g}")  # fmt: skip
    return [job.title(f"{training.title}{what}", 16), t(facts, size=10), gap(1.5)]


def signin_sheet(job: Job, session: Session, ids: list[int] | None) -> tuple[list[Flowable], str]:
    """Names known beforehand are printed; the rest of the page is empty rows to sign."""
    training = _session(session, ids)
    t = job.text
    headers = ("序号", "姓名", "工作单位", "联系电话", "签到（签字）", "备注")
    attendees = list(training.attendees)
    count = max(
        SIGNIN_ROWS_PER_PAGE, -(-len(attendees) // SIGNIN_ROWS_PER_PAGE) * SIGNIN_ROWS_PER_PAGE
    )
    body: list[list[object]] = [[t(h, size=10, style="sans", align="center") for h in headers]]
    for number in range(1, count + 1):
        person = attendees[number - 1] if number <= len(attendees) else None
        body.append([
            t(number, align="center"), t(person.name if person else "", align="center"),
            t(person.employer if person else "", size=9.5),
            t(mask_phone(person.phone) if person else "", align="center"), "", "",
        ])  # fmt: skip
    table = Table(body, colWidths=_widths((10, 22, 60, 28, 38, 22)), repeatRows=1,
                  rowHeights=[8 * mm] + [9.6 * mm] * count, style=grid_style(header_rows=1))  # fmt: skip
    return _session_head(job, training, "签到表") + [table], f"{training.title}签到表"


def attendance_record(
    job: Job, session: Session, ids: list[int] | None
) -> tuple[list[Flowable], str]:
    training = _session(session, ids)
    t = job.text
    attendees = list(training.attendees)
    if not attendees:
        raise RefusedError("该培训还没有参加人员，无法生成出勤记录")
    present = sum(1 for a in attendees if a.signed_in)
    headers = ("序号", "姓名", "工作单位", "出勤", "成绩")
    body: list[list[object]] = [[t(h, size=10, style="sans", align="center") for h in headers]]
    for number, person in enumerate(attendees, start=1):
        body.append([t(number, align="center"), t(person.name, align="center"),
                     t(person.employer, size=9.5), t("出勤" if person.signed_in else "缺席",
                                                     align="center"),
                     t(person.result, align="center")])  # fmt: skip
    table = Table(body, colWidths=_widths((10, 24, 80, 20, 30)), repeatRows=1,
                  style=grid_style(header_rows=1))  # fmt: skip
    rate = present / len(attendees)
    summary = t(f"应到 {len(attendees)} 人，实到 {present} 人，出勤率 {rate:.1%}；"
                f"发放手册 {training.handbooks} 册。", size=10.5)  # fmt: skip
    return (_session_head(job, training, "出勤记录") + [table, gap(3), summary],
            f"{training.title}出勤记录")  # fmt: skip
