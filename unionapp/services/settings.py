"""Settings stored in the database (union name, operator) and the ownership lookup list."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import OwnershipType, Setting

DEFAULTS = {
    "union_name": "江宁街道工会",
    "operator": "",
    "idle_lock_minutes": "0",
    "archive_prefix": "",  # 档案编号 prefix ("" means DA)
    "dibao_line_fen": "0",  # the local 低保 line, per person and month ("0": not set)
    # The union's own wording of the 审批表 (printed as set; the defaults are the usual form).
    "form_title": "困难职工帮扶救助申请审批表",
    "form_levels": "基层工会意见\n街道工会审核意见\n上级工会审批意见",
    "form_commitment": "本人承诺以上情况属实，如有虚假，愿承担相应责任。",
    "form_note": "注：本表一式两份，街道工会、基层工会各存一份；所附证明材料须真实有效。",
}
FORM_WORDING = ("form_title", "form_levels", "form_commitment", "form_note")


def form_wording(session: Session) -> dict[str, str]:
    """How this union's paper form is worded (its settings, or the usual wording)."""
    return {key: get_setting(session, key) or DEFAULTS[key] for key in FORM_WORDING}


def get_setting(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULTS.get(key, "")


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def ownership_types(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(OwnershipType.name).order_by(OwnershipType.sort_order, OwnershipType.id)
        )
    )


def add_ownership_type(session: Session, name: str) -> None:
    if name and name not in ownership_types(session):
        count = len(ownership_types(session))
        session.add(OwnershipType(name=name, sort_order=count))
