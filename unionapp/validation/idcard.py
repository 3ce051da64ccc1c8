"""身份证号 (GB 11643-1999) checking and the facts derived from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from unionapp.validation.common import ValidationError, normalize_text

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def id_check_char(first17: str) -> str:
    """The check character for the first 17 digits of an ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    gender: str  # "男" or "女"

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


def parse_id_number(value: object, label: str = "身份证号", today: date | None = None) -> IdInfo:
    """Check an ID number and derive birth date and gender. Lower-case x becomes X."""
    text = normalize_text(value).replace(" ", "").upper()
    if not text:
        raise ValidationError(f"{label}：不能为空", label)
    if len(text) != 18:
        raise ValidationError(f"{label}：应为18位，当前为{len(text)}位", label)
    if not _SHAPE.match(text):
        raise ValidationError(f"{label}：前17位应为数字，末位为数字或X", label)
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise ValidationError(f"{label}：出生日期“{text[6:14]}”不存在", label) from None
    today = today or date.today()
    if birth > today:
        raise ValidationError(f"{label}：出生日期在未来", label)
    if birth.year < 1900:
        raise ValidationError(f"{label}：出生年份早于1900年", label)
    expected = id_check_char(text[:17])
    if text[17] != expected:
        raise ValidationError(f"{label}：校验位错误，请核对号码", label)
    gender = "男" if int(text[16]) % 2 == 1 else "女"
    return IdInfo(number=text, birth_date=birth, gender=gender)


def mask_id_number(number: str | None) -> str:
    """``320115********1234``: keeps the region and the last four characters."""
    if not number:
        return ""
    if len(number) <= 10:
        return number[:2] + "*" * max(0, len(number) - 2)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(number: str | None) -> str:
    """``138****5678`` for a mobile; landlines keep the area code and last four digits."""
    if not number:
        return ""
    if len(number) <= 4:
        return number
    keep_head = 3 if len(number) >= 11 else max(0, len(number) - 8)
    return number[:keep_head] + "*" * (len(number) - keep_head - 4) + number[-4:]
