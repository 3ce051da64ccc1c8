"""What each record type needs beyond its description, against the rest of the database:
checks (errors and warnings) and the values a save fills in. The generic services in
``records`` call these by the record's key, so a new rule is one function here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from unionapp.models import Enterprise, HardshipFamily
from unionapp.schema.notices import Notice, NoticeKind
from unionapp.services import archive

Values = dict[str, Any]


@dataclass
class Findings:
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, Notice] = field(default_factory=dict)


Check = Callable[[Session, Values, int | None, int | None], Findings]  # values, own id, parent
Prepare = Callable[[Session, Values, dict[str, Notice], int | None], None]  # fills values in


def _congress_check(session: Session, values: Values, _own: int | None, _parent: int | None):  # type: ignore[no-untyped-def]
    found = Findings()
    enterprise = session.get(Enterprise, values.get("enterprise_id"))
    held = values.get("held_date")
    if enterprise and held and enterprise.union_founded and held < enterprise.union_founded:
        found.errors["held_date"] = "召开日期：不能早于该企业的建会日期"
    return found


def _enterprise_prepare(
    _s: Session, values: Values, warnings: dict[str, Notice], _own: int | None
) -> None:
    if "credit_code" in values:
        values["credit_code"] = values.get("credit_code") or None
        notice = warnings.get("credit_code")
        values["credit_code_confirmed"] = bool(notice and notice.kind is NoticeKind.CHECK_CHARACTER)


def _family_check(session: Session, values: Values, own: int | None, _parent: int | None):  # type: ignore[no-untyped-def]
    found = Findings()
    notices = {
        "id_number": archive.shared_id_notice(
            session, "身份证号", values.get("id_number", ""), own
        ),
        "member_card_no": archive.repeated_notice(
            session,
            HardshipFamily.member_card_no,
            "会员证号",
            values.get("member_card_no", ""),
            own,
        ),
        "bank_account": archive.repeated_notice(
            session, HardshipFamily.bank_account, "银行卡号", values.get("bank_account", ""), own
        ),
        "category": archive.category_notice(session, values) if "category" in values else None,
    }
    found.warnings.update({key: notice for key, notice in notices.items() if notice})
    return found


def _family_prepare(
    session: Session, values: Values, _warnings: dict[str, Notice], own: int | None
) -> None:
    today = date.today()
    archive.link_employer(session, values)
    if own is None:  # a new archive
        values.setdefault("filed_on", None)
        values["filed_on"] = values["filed_on"] or today
        values["category_since"] = values.get("category_since") or today
        values["entered_by"] = values.get("entered_by") or session.info.get("operator", "")
        return
    stored = session.get(HardshipFamily, own)
    if stored is not None and "archive_no" in values and not values["archive_no"]:
        values["archive_no"] = stored.archive_no  # a number once given is kept for life
    if stored is not None and values.get("category", stored.category) != stored.category:
        values.setdefault("category_since", None)
        values["category_since"] = values["category_since"] or today


def _member_check(session: Session, values: Values, own: int | None, parent: int | None):  # type: ignore[no-untyped-def]
    found = Findings()
    family = parent
    if family is None and own is not None:
        from unionapp.models import HouseholdMember

        member = session.get(HouseholdMember, own)
        family = member.family_id if member is not None else None
    notice = archive.shared_id_notice(session, "身份证号", values.get("id_number", ""), family)
    if notice:
        found.warnings["id_number"] = notice
    return found


After = Callable[[Session, Any], None]  # the record just saved or deleted (still loaded)
PrepareMany = Callable[[Session, list[Values]], None]  # new records arriving in bulk
Restored = Callable[[Session, list[Values]], None]  # rows an undo put back, of one table


def _reviews_restored(session: Session, rows: list[Values]) -> None:
    archive.refresh_reviewed_on(session, [row["family_id"] for row in rows])


# What follows when an undo puts rows back (by table: an undo restores whole rows, whichever
# record type they were deleted with): a family's last review counts a review put back.
RESTORED: dict[str, Restored] = {"family_review": _reviews_restored}


@dataclass(frozen=True)
class Rules:
    check: Check | None = None
    prepare: Prepare | None = None
    after_save: After | None = None
    after_delete: After | None = None
    prepare_many: PrepareMany | None = None


RULES: dict[str, Rules] = {
    "enterprise": Rules(prepare=_enterprise_prepare),
    "congress": Rules(check=_congress_check),
    "family": Rules(
        check=_family_check, prepare=_family_prepare, prepare_many=archive.prepare_new_families
    ),
    "member": Rules(check=_member_check),
    "review": Rules(after_save=archive.review_saved, after_delete=archive.review_deleted),
}


def check(
    session: Session, key: str, values: Values, own: int | None, parent: int | None
) -> Findings:
    rules = RULES.get(key)
    return rules.check(session, values, own, parent) if rules and rules.check else Findings()


def prepare(
    session: Session, key: str, values: Values, warnings: dict[str, Notice], own: int | None
) -> None:
    rules = RULES.get(key)
    if rules and rules.prepare:
        rules.prepare(session, values, warnings, own)


def after_save(session: Session, key: str, obj: Any) -> None:
    rules = RULES.get(key)
    if rules and rules.after_save:
        rules.after_save(session, obj)


def after_delete(session: Session, key: str, obj: Any) -> None:
    rules = RULES.get(key)
    if rules and rules.after_delete:
        rules.after_delete(session, obj)


def prepare_many(session: Session, key: str, rows: list[Values]) -> None:
    rules = RULES.get(key)
    if rules and rules.prepare_many:
        rules.prepare_many(session, rows)


def after_restore(session: Session, rows: dict[str, list[Values]]) -> None:
    """Rows put back by an undo, by table name."""
    for table, restored in rows.items():
        hook = RESTORED.get(table)
        if hook is not None:
            hook(session, restored)
