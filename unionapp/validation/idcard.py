"""身份证号 (GB 11643-1999) checking and the facts derived from it."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from unionapp.validation.common import ValidationError, normalize_text

_CHECK = "10X98765432"
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")  # ASCII digits only: int() reads ٢ as 2

# The first two digits: a province-level division (GB/T 2260), or a residence permit or
# permanent-residence card that uses the same number layout.
PROVINCE_CODES: dict[str, str] = {
    "11": "北京",
    "12": "天津",
    "13": "河北",
    "14": "山西",
    "15": "内蒙古",
    "21": "辽宁",
    "22": "吉林",
    "23": "黑龙江",
    "31": "上海",
    "32": "江苏",
    "33": "浙江",
    "34": "安徽",
    "35": "福建",
    "36": "江西",
    "37": "山东",
    "41": "河南",
    "42": "湖北",
    "43": "湖南",
    "44": "广东",
    "45": "广西",
    "46": "海南",
    "50": "重庆",
    "51": "四川",
    "52": "贵州",
    "53": "云南",
    "54": "西藏",
    "61": "陕西",
    "62": "甘肃",
    "63": "青海",
    "64": "宁夏",
    "65": "新疆",
    "71": "台湾",
    "81": "香港（港澳居民居住证）",
    "82": "澳门（港澳居民居住证）",
    "83": "台湾居民居住证",
    "91": "外国人永久居留身份证",
}


def id_check_char(first17: str) -> str:
    """The check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError("an ID number's check character needs exactly 17 digits")
    return _check_char(first17)


def _check_char(first17: str) -> str:
    """The check character of 17 ASCII digits. The standard weighs digit i (from the left) by
    2^(17-i) mod 11 (7, 9, 10, 5, 8, …, 2); read in base 13, where 13 = 2 (mod 11), the digits
    sum to that weighted sum halved, modulo 11, so one ``int`` does the sum in C."""
    return _CHECK[2 * int(first17, 13) % 11]


class IdInfo(NamedTuple):
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
    found = _parse(text, today or date.today())
    if isinstance(found, str):
        raise ValidationError(f"{label}：{found}", label)
    return found


@lru_cache(maxsize=65536)  # an import checks each number more than once (and derives from it)
def _parse(text: str, today: date) -> IdInfo | str:
    """The number's facts, or the reason it is wrong (without the field's name)."""
    if not text:
        return "不能为空"
    if len(text) != 18:
        return f"应为18位，当前为{len(text)}位"
    if not _SHAPE.fullmatch(text):
        return "前17位应为数字，末位为数字或X"
    if text[:2] not in PROVINCE_CODES:
        return f"前两位“{text[:2]}”不是有效的省级行政区代码，请核对号码"
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return f"出生日期“{text[6:14]}”不存在"
    if birth > today:
        return "出生日期在未来"
    if birth.year < 1900:
        return "出生年份早于1900年"
    if text[17] != _check_char(text[:17]):
        return "校验位错误，请核对号码"
    gender = "男" if int(text[16]) % 2 == 1 else "女"
    return IdInfo(text, birth, gender)


def forget_checked_numbers() -> None:
    """Drop the remembered checks (and with them the numbers): an import does, when it ends."""
    _parse.cache_clear()


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
