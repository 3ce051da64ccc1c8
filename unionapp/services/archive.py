"""The hardship archive's own rules: archive numbers (prefix-year-sequence, never one twice),
yearly reviews, leaving the archive (脱困/退档) and coming back, and the checks a family record
gets against the rest of the archive (一户一档: one household, one archive)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from unionapp.db.bulk import in_texts
from unionapp.models import ArchiveSequence, Enterprise, FamilyReview, HardshipFamily
from unionapp.models import HouseholdMember as Member
from unionapp.schema.codes import ACTIVE
from unionapp.schema.notices import Notice, NoticeKind
from unionapp.services.errors import RefusedError
from unionapp.services.settings import get_setting
from unionapp.validation.idcard import mask_id_number

DEFAULT_PREFIX = "DA"


def archive_prefix(session: Session) -> str:
    """A PC syncing for an office numbers with the office's code and its own number (two PCs
    offline never hand out the same number); otherwise the union's setting, or DA."""
    from unionapp.models import SyncBinding

    binding = session.get(SyncBinding, 1)
    if binding is not None:
        return f"{binding.office_code}{binding.pc_no:02d}"
    return get_setting(session, "archive_prefix").strip() or DEFAULT_PREFIX


def next_archive_numbers(
    session: Session, year: int, count: int = 1, *, flush: bool = True
) -> list[str]:
    """``count`` new numbers for ``year``; a number already given by hand is skipped."""
    prefix = archive_prefix(session)
    row = session.get(ArchiveSequence, (prefix, year))
    if row is None:
        row = ArchiveSequence(prefix=prefix, year=year, last=0)
        session.add(row)
    numbers: list[str] = []
    while len(numbers) < count:
        wanted = [f"{prefix}-{year}-{row.last + n + 1:04d}" for n in range(count - len(numbers))]
        row.last += len(wanted)
        taken = set(
            session.scalars(
                select(HardshipFamily.archive_no).where(
                    in_texts(session, HardshipFamily.archive_no, wanted)
                )
            )
        )
        numbers += [number for number in wanted if number not in taken]
    if flush:
        session.flush()
    return numbers


def number_new_families(session: Session, _context: object, _instances: object) -> None:
    """Every family gets an archive number when it is first written, whichever way it comes
    (form, import, restore of a delete, a test's ORM object): a flush listener."""
    new = [obj for obj in session.new if isinstance(obj, HardshipFamily) and not obj.archive_no]
    by_year: dict[int, list[HardshipFamily]] = {}
    for family in new:
        family.filed_on = family.filed_on or date.today()
        by_year.setdefault(family.filed_on.year, []).append(family)
    for year, families in by_year.items():
        with session.no_autoflush:
            numbers = next_archive_numbers(session, year, len(families), flush=False)
        for family, number in zip(families, numbers, strict=True):
            family.archive_no = number


def install(sessionmaker_: Any) -> None:
    from sqlalchemy import event

    event.listen(sessionmaker_, "before_flush", number_new_families)


def prepare_new_families(session: Session, rows: list[dict[str, Any]]) -> None:
    """Families arriving in bulk (an import) get what a save gives one family: an archive
    number when none was given, 建档日期, 录入人, the date the category was set, and the link
    to the survey enterprise their employer is."""
    today = date.today()
    operator = session.info.get("operator", "")
    names: dict[str, int | None] = {}
    for name, enterprise_id in session.execute(select(Enterprise.name, Enterprise.id)):
        names[name] = None if name in names else enterprise_id  # a shared name links nothing
    waiting: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        row["filed_on"] = row.get("filed_on") or today
        row["category_since"] = row.get("category_since") or today
        row["entered_by"] = row.get("entered_by") or operator
        row["enterprise_id"] = names.get(row.get("employer") or "")
        if not row.get("archive_no"):
            waiting.setdefault(row["filed_on"].year, []).append(row)
    for year, numbered in waiting.items():
        for row, number in zip(
            numbered, next_archive_numbers(session, year, len(numbered)), strict=True
        ):
            row["archive_no"] = number


def family_label(archive_no: str, name: str) -> str:
    return f"档案 {archive_no}（{name}）"


def _families_with_id(session: Session, number: str, own_family: int | None) -> list[str]:
    """The other archives that hold ``number``, as their worker or a household member."""
    found: list[str] = []
    other = HardshipFamily.id != (own_family or -1)
    workers = select(HardshipFamily.archive_no, HardshipFamily.worker_name).where(
        HardshipFamily.id_number == number, other
    )
    for archive_no, name in session.execute(workers):
        found.append(family_label(archive_no, name) + "的职工")
    members = (
        select(HardshipFamily.archive_no, HardshipFamily.worker_name)
        .join(Member, Member.family_id == HardshipFamily.id)
        .where(Member.id_number == number, other)
    )
    for archive_no, name in session.execute(members):
        found.append(family_label(archive_no, name) + "的家庭成员")
    return found


def shared_id_notice(
    session: Session, label: str, number: str, own_family: int | None
) -> Notice | None:
    """一户一档: an ID number already in another archive is named (never refused)."""
    if not number:
        return None
    found = _families_with_id(session, number, own_family)
    if not found:
        return None
    places = "、".join(found[:3])
    return Notice(
        NoticeKind.SHARED_ID,
        f"{label}：{mask_id_number(number)}已登记在{places}，请核实是否重复建档",
    )


def repeated_notice(
    session: Session, column: Any, label: str, value: str, own_family: int | None
) -> Notice | None:
    if not value:
        return None
    other = session.execute(
        select(HardshipFamily.archive_no, HardshipFamily.worker_name)
        .where(column == value, HardshipFamily.id != (own_family or -1))
        .limit(1)
    ).first()
    if other is None:
        return None
    return Notice(NoticeKind.REPEATED, f"{label}：与{family_label(*other)}相同，请核实")


def dibao_line(session: Session) -> int:
    """The local 低保 line in fen per person and month (0: not set)."""
    return int(get_setting(session, "dibao_line_fen") or 0)


def category_notice(
    session: Session, values: dict[str, Any], line: int | None = None
) -> Notice | None:
    """The category's rule, when the local 低保 line is set: 深度困难 below it, 相对困难 below
    twice it, 意外致困 a rigid expense over 80 % of the yearly income."""
    line = dibao_line(session) if line is None else line
    category = values.get("category")
    income = values.get("annual_income_fen") or 0
    expense = (values.get("medical_expense_fen") or 0) + (values.get("schooling_expense_fen") or 0)
    per_head = income_per_head_fen(values)
    message = None
    if category == "意外致困":
        if income and expense <= income * 0.8:
            message = "刚性支出未超过家庭年总收入的80%，不符合“意外致困”的认定条件"
    elif line and category == "深度困难" and per_head >= line:
        message = f"月人均收入 {per_head / 100:,.2f} 元不低于低保线 {line / 100:,.2f} 元"
    elif line and category == "相对困难" and per_head >= 2 * line:
        message = f"月人均收入 {per_head / 100:,.2f} 元不低于低保线的两倍 {2 * line / 100:,.2f} 元"
    return Notice(NoticeKind.CATEGORY_RULE, f"困难类别：{message}，请核实") if message else None


def link_employer(session: Session, values: dict[str, Any]) -> None:
    """An employer that is a survey enterprise is linked to it (by its exact name)."""
    if "employer" not in values:
        return
    name = values["employer"]
    values["enterprise_id"] = (
        session.scalar(select(Enterprise.id).where(Enterprise.name == name).limit(1))
        if name
        else None
    )


def review_saved(session: Session, review: FamilyReview) -> None:
    """A yearly review: the family's last-reviewed date follows; 脱困/退档 take it off file."""
    family = session.get(HardshipFamily, review.family_id)
    if family is None:
        raise RefusedError("该困难职工家庭不存在，可能已被删除")
    refresh_reviewed_on(session, [review.family_id])
    if review.outcome in ("脱困", "退档") and family.status == ACTIVE:
        leave(
            session,
            family.id,
            "已脱困" if review.outcome == "脱困" else "已退档",
            review.review_date,
            review.notes or f"年审结论：{review.outcome}",
        )


def review_deleted(session: Session, review: FamilyReview) -> None:
    refresh_reviewed_on(session, [review.family_id])


def refresh_reviewed_on(session: Session, family_ids: Iterable[int]) -> None:
    for family_id in set(family_ids):
        family = session.get(HardshipFamily, family_id)
        if family is not None:
            family.reviewed_on = session.scalar(
                select(FamilyReview.review_date)
                .where(FamilyReview.family_id == family_id)
                .order_by(FamilyReview.review_date.desc())
                .limit(1)
            )


def leave(session: Session, family_id: int, status: str, when: date, reason: str) -> None:
    """脱困 or 退档: the family leaves the active list; its record and history stay."""
    family = session.get(HardshipFamily, family_id)
    if family is None:
        raise RefusedError("该困难职工家庭不存在，可能已被删除")
    if status == ACTIVE or not reason.strip():
        raise RefusedError("请选择脱困或退档，并填写原因")
    family.status, family.exit_date, family.exit_reason = status, when, reason.strip()


def reopen(session: Session, family_id: int, when: date, reason: str) -> None:
    """Back on file (the family fell into hardship again): the exit is kept in the audit log."""
    family = session.get(HardshipFamily, family_id)
    if family is None:
        raise RefusedError("该困难职工家庭不存在，可能已被删除")
    if family.status == ACTIVE:
        raise RefusedError("该家庭本来就在档")
    family.status, family.exit_date, family.exit_reason = ACTIVE, None, ""
    family.category_since = when
    note = f"{when.isoformat()} 恢复在档：{reason.strip()}" if reason.strip() else ""
    if note:
        family.notes = (family.notes + "\n" + note).strip() if family.notes else note


def active_condition() -> Any:
    return HardshipFamily.status == ACTIVE


def unreviewed_condition(today: date) -> Any:
    return or_(
        HardshipFamily.reviewed_on.is_(None), HardshipFamily.reviewed_on < date(today.year, 1, 1)
    )


INCOME_PER_HEAD_FIELDS = (
    "annual_income_fen",
    "medical_expense_fen",
    "schooling_expense_fen",
    "household_size",
)


def income_per_head_fen(values: Mapping[str, Any]) -> int:
    """月人均收入 as the category rule reads it: (年总收入 − 刚性支出) ÷ 12 ÷ 家庭人口, in fen
    (the form shows it as the clerk types the figures)."""
    income = values.get("annual_income_fen") or 0
    expense = (values.get("medical_expense_fen") or 0) + (values.get("schooling_expense_fen") or 0)
    size = max(1, values.get("household_size") or 1)
    net, whole = income - expense, 12 * size
    # whole fen toward zero, as the list's SQL divides integers (models.hardship.INCOME_PER_HEAD):
    # a family whose rigid expenses exceed its income shows the same figure in both
    return net // whole if net >= 0 else -(-net // whole)
