"""A family on file updated from a sheet: its members matched to the sheet's, so that only what
changed is written (and logged for sync), and a member who stays keeps their identity (uid).

A sheet's member matches a member on file by ID number when both have one, else by name and
relation, else by name alone; each member on file is matched at most once. Members on file the
sheet no longer lists are removed; the sheet's members without a match are added."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import HouseholdMember

_KEYS: tuple[Callable[[Any], Any], ...] = (
    lambda m: ("id", m["id_number"]) if m["id_number"] else None,
    lambda m: ("name+relation", m["name"], m["relation"]),
    lambda m: ("name", m["name"]),
)


@dataclass
class MemberPlan:
    updates: list[tuple[HouseholdMember, dict[str, Any]]] = field(default_factory=list)
    removed: list[HouseholdMember] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)


def _as_values(member: HouseholdMember) -> dict[str, Any]:
    return {
        "id_number": member.id_number or "",
        "name": member.name,
        "relation": member.relation or "",
    }


def plan_members(
    session: Session, family_id: int, incoming: Sequence[dict[str, Any]]
) -> MemberPlan:
    """What to change so that the family's members are the sheet's ``incoming`` rows."""
    on_file = list(
        session.scalars(
            select(HouseholdMember)
            .where(HouseholdMember.family_id == family_id)
            .order_by(HouseholdMember.id)
        )
    )
    plan = MemberPlan()
    unmatched = list(on_file)
    pending: list[dict[str, Any]] = []
    for row in incoming:
        probe = {
            "id_number": row.get("id_number") or "",
            "name": row.get("name", ""),
            "relation": row.get("relation") or "",
        }
        match = _first_match(probe, unmatched)
        if match is None:
            pending.append(row)
            continue
        unmatched.remove(match)
        changed = {k: v for k, v in row.items() if k != "family_id" and getattr(match, k) != v}
        if changed:
            plan.updates.append((match, changed))
    plan.removed = unmatched
    plan.added = pending
    return plan


def _first_match(
    probe: dict[str, Any], candidates: list[HouseholdMember]
) -> HouseholdMember | None:
    for key in _KEYS:
        wanted = key(probe)
        if wanted is None:
            continue
        for member in candidates:
            if key(_as_values(member)) == wanted:
                return member
    return None
