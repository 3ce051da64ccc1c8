"""Settings stored in the database (union name, operator) and the ownership lookup list."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import OwnershipType, Setting

DEFAULTS = {
    "union_name": "江宁街道工会",
    "operator": "",
    "idle_lock_minutes": "0",
}


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
