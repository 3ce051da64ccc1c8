"""The archive's numbers in memory, for checking a whole import at once (一户一档): every ID
number on file (workers and household members), bank card and membership card numbers, so
each row is checked without a query of its own, and rows of the same file against each other.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import HardshipFamily
from unionapp.models import HouseholdMember as Member
from unionapp.schema.notices import Notice, NoticeKind
from unionapp.services.archive import category_notice, dibao_line, family_label
from unionapp.validation.idcard import mask_id_number

Owner = tuple[Any, str]  # (whose: a family id on file or a row of the sheet, how it is named)


class ArchiveIndex:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.dibao_line = dibao_line(session)
        self.ids: dict[str, list[Owner]] = defaultdict(list)
        self.cards: dict[str, list[Owner]] = defaultdict(list)
        self.memberships: dict[str, list[Owner]] = defaultdict(list)
        families = session.execute(
            select(
                HardshipFamily.id,
                HardshipFamily.archive_no,
                HardshipFamily.worker_name,
                HardshipFamily.id_number,
                HardshipFamily.bank_account,
                HardshipFamily.member_card_no,
            )
        )
        labels: dict[int, str] = {}
        for family_id, archive_no, name, number, card, membership in families:
            label = labels[family_id] = family_label(archive_no, name)
            self.ids[number].append((family_id, label + "的职工"))
            if card:
                self.cards[card].append((family_id, label))
            if membership:
                self.memberships[membership].append((family_id, label))
        members = session.execute(
            select(Member.family_id, Member.id_number).where(Member.id_number != "")
        )
        for family_id, number in members:
            self.ids[number].append((family_id, labels.get(family_id, "") + "的家庭成员"))

    @staticmethod
    def _others(owners: list[Owner], own: Any) -> list[str]:
        return [label for whose, label in owners if whose != own]

    def family_notices(self, values: dict[str, Any], own: Any) -> dict[str, Notice]:
        """Warnings for a worker's row: ``own`` is the family on file it updates, or its row."""
        found: dict[str, Notice] = {}
        elsewhere = self._others(self.ids.get(values.get("id_number", ""), []), own)
        if elsewhere:
            found["id_number"] = _shared(values["id_number"], elsewhere)
        for key, index, label in (
            ("bank_account", self.cards, "银行卡号"),
            ("member_card_no", self.memberships, "会员证号"),
        ):
            others = self._others(index.get(values.get(key) or "", []), own)
            if others:
                found[key] = Notice(NoticeKind.REPEATED, f"{label}：与{others[0]}相同，请核实")
        if "category" in values:
            notice = category_notice(self.session, values, self.dibao_line)
            if notice is not None:
                found["category"] = notice
        return found

    def member_notices(self, values: dict[str, Any], family: Any) -> dict[str, Notice]:
        number = values.get("id_number") or ""
        elsewhere = self._others(self.ids.get(number, []), family) if number else []
        return {"id_number": _shared(number, elsewhere)} if elsewhere else {}

    def add_family(self, values: dict[str, Any], owner: Any, label: str) -> None:
        """A row of the sheet joins the index, so later rows are checked against it."""
        self.ids[values["id_number"]].append((owner, label + "的职工"))
        if values.get("bank_account"):
            self.cards[values["bank_account"]].append((owner, label))
        if values.get("member_card_no"):
            self.memberships[values["member_card_no"]].append((owner, label))

    def add_member(self, values: dict[str, Any], family: Any, label: str) -> None:
        if values.get("id_number"):
            self.ids[values["id_number"]].append((family, label + "的家庭成员"))


def _shared(number: str, places: list[str]) -> Notice:
    return Notice(
        NoticeKind.SHARED_ID,
        f"身份证号：{mask_id_number(number)}已登记在{'、'.join(places[:3])}，请核实是否重复建档",
    )
