"""Warnings as typed values: what kind of doubt, about which field, in words for the clerk.

A warning never stops a save or an import; the form shows it beside its field and decides what
to offer on its kind (a credit code whose check character fails offers "checked against the
business licence"), never on its text.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class NoticeKind(enum.Enum):
    CHECK_CHARACTER = "check_character"  # a credit code whose check character fails
    REPEATED = "repeated"  # a bank card or membership number another record has too
    SHARED_ID = "shared_id"  # an ID number seen in another household (一户一档)
    UNPRINTABLE = "unprintable"  # characters no bundled font can print
    CATEGORY_RULE = "category_rule"  # the category does not follow the income rule
    CARD_CHECK = "card_check"  # a bank card number whose Luhn check fails


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    message: str

    def __str__(self) -> str:
        return self.message
