"""Shared validation primitives: the error type and text normalisation."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation


class ValidationError(ValueError):
    """A value failed validation; ``str(err)`` is a Chinese message naming field and reason."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def normalize_text(value: object) -> str:
    """For codes, numbers, dates and choices: fold full-width characters to half-width
    (１２３ → 123), drop NBSPs and surrounding blanks. Not for free text: NFKC would also turn
    Chinese punctuation （，：） into ASCII."""
    if value is None:
        return ""
    if type(value) is str and value.isascii():  # NFKC leaves ASCII as it is
        return value.strip()
    text = unicodedata.normalize("NFKC", str(value))
    return text.replace("\u00a0", " ").replace("\u3000", " ").strip()


def free_text(value: object) -> str:
    """For names, addresses and notes: keep every character, trim blanks (incl. 　) at the ends."""
    if value is None:
        return ""
    return str(value).replace("\u00a0", " ").strip(" \t\r\n\u3000\u00a0")


_MOBILE = re.compile(r"^(?:86)?(1[3-9]\d{9})$", re.ASCII)
_LANDLINE = re.compile(r"^(0\d{2,3})?([2-9]\d{6,7})$", re.ASCII)
_PHONE_NOISE = re.compile(r"[\s()（）+]")
_EXTENSION_MARK = re.compile(r"转|ext\.?")
_EXTENSION = re.compile(r"\d{1,5}", re.ASCII)


def _landline(main: str) -> str | None:
    match = _LANDLINE.match(main)
    return (match.group(1) or "") + match.group(2) if match else None


def clean_phone(value: object, label: str = "联系电话") -> str:
    """An 11-digit mobile, or a landline with optional area code and extension (``转808``)."""
    text = normalize_text(value)
    if not text:
        return ""
    if len(text) == 11 and text.isdigit():  # a mobile as written: the common case
        mobile = _MOBILE.match(text)
        if mobile:
            return text
    compact = _PHONE_NOISE.sub("", text).lower()
    parts = _EXTENSION_MARK.split(compact, maxsplit=1)
    main, extension = parts[0], parts[1] if len(parts) > 1 else ""
    if len(parts) > 1 and not _EXTENSION.fullmatch(extension):
        raise ValidationError(f"{label}：“{text}”的分机号不正确", label)
    mobile = _MOBILE.match(main.replace("-", ""))
    if mobile and not extension:
        return mobile.group(1)
    number = _landline(main.replace("-", ""))
    if number is None and "-" in main and not extension:
        head, _, tail = main.rpartition("-")
        number, extension = _landline(head.replace("-", "")), tail
        if not _EXTENSION.fullmatch(tail):
            number = None
    if number is not None:
        return number + (f"转{extension}" if extension else "")
    raise ValidationError(f"{label}：“{text}”不是有效的手机或固定电话号码", label)


_MAX_YUAN = 100_000_000
_PLAIN_AMOUNT = re.compile(r"(\d{1,12})(?:\.(\d{1,2}))?", re.ASCII)


def parse_money_fen(value: object, label: str = "金额") -> int:
    """Parse an amount in yuan (``1,200.5``, ``1200元``) into whole fen; negatives refused."""
    if isinstance(value, bool):
        raise ValidationError(f"{label}：不是有效的金额", label)
    if isinstance(value, int):
        if 0 <= value <= _MAX_YUAN:  # the common case, without Decimal
            return value * 100
        amount = Decimal(value)
    elif isinstance(value, float):
        if value.is_integer() and 0 <= value <= _MAX_YUAN:
            return int(value) * 100
        # A float cell holds the nearest binary fraction (1200.55 is 1200.549999…): read it as
        # the 15 significant digits Excel shows, then refuse a third decimal like any other.
        amount = Decimal(f"{value:.15g}") if math.isfinite(value) else Decimal("NaN")
    else:
        text = normalize_text(value).replace(",", "").replace("，", "").removesuffix("元")
        text = text.replace("¥", "").replace("￥", "").strip()
        if not text:
            raise ValidationError(f"{label}：不能为空", label)
        plain = _PLAIN_AMOUNT.fullmatch(text)
        if plain is not None:  # the common case, without Decimal
            fen = int(plain[1]) * 100 + int((plain[2] or "").ljust(2, "0"))
            if fen > _MAX_YUAN * 100:
                raise ValidationError(f"{label}：金额过大", label)
            return fen
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"{label}：“{text}”不是有效的金额", label) from None
    if not amount.is_finite():
        raise ValidationError(f"{label}：不是有效的金额", label)
    if amount < 0:
        raise ValidationError(f"{label}：不能为负数", label)
    if amount > _MAX_YUAN:  # first: a huge amount cannot even be rounded to fen
        raise ValidationError(f"{label}：金额过大", label)
    if amount.quantize(Decimal("0.01")) != amount:
        raise ValidationError(f"{label}：最多保留两位小数", label)
    return int(amount * 100)


def parse_count(value: object, label: str = "数量") -> int:
    """A non-negative whole number; accepts ``12``, ``12.0``, ``"１２"``."""
    if isinstance(value, bool):
        raise ValidationError(f"{label}：应为整数", label)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(f"{label}：应为整数", label)
        number = int(value)
    else:
        text = normalize_text(value).replace(",", "")
        if not text:
            raise ValidationError(f"{label}：不能为空", label)
        try:
            as_decimal = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"{label}：“{text}”不是整数", label) from None
        if not as_decimal.is_finite() or as_decimal != as_decimal.to_integral_value():
            raise ValidationError(f"{label}：“{text}”不是整数", label)
        number = int(as_decimal)
    if number < 0:
        raise ValidationError(f"{label}：不能为负数", label)
    if number > 10_000_000:
        raise ValidationError(f"{label}：数值过大", label)
    return number


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_EXCEL_EPOCH = date(1899, 12, 30)


EARLIEST_DATE = date(1900, 1, 1)
FUTURE_YEARS = 5  # planning dates and agreement expiries reach a few years ahead, no further


def parse_date(value: object, label: str = "日期", *, today: date | None = None) -> date:
    """Dates as a clerk or Excel writes them: 2023-03-01, 2023/3/1, 2023年3月1日, serial 44986.

    Dates before 1900 or after the end of the fifth year from ``today`` are refused: they are
    typing slips (9999-12-31, 0023-03-01), not records of a street union."""
    day = _read_date(value, label)
    if day < EARLIEST_DATE:
        raise ValidationError(f"{label}：“{day.isoformat()}”早于1900年，请核对", label)
    latest = (today or date.today()).year + FUTURE_YEARS
    if day.year > latest:
        raise ValidationError(
            f"{label}：“{day.isoformat()}”晚于{latest}年，超出合理范围，请核对", label
        )
    return day


def _read_date(value: object, label: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if type(value) is str and len(value) == 10 and value[4] == "-":
        try:  # the common case: 2023-03-01
            return date.fromisoformat(value)
        except ValueError:
            pass  # fall through to the general reading and its message
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466 and float(value).is_integer():
            return date.fromordinal(_EXCEL_EPOCH.toordinal() + int(value))
        raise ValidationError(f"{label}：“{value}”不是有效日期", label)
    text = normalize_text(value).replace(" ", "")
    if not text:
        raise ValidationError(f"{label}：不能为空", label)
    text = text.split("T")[0]
    if len(text) > 10 and text[10:11] in {" ", ""} and ":" in text:
        text = text[:10]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ValidationError(f"{label}：“{text}”不是存在的日期", label) from None
    if text.isdigit() and 1 <= int(text) < 2958466:
        return date.fromordinal(_EXCEL_EPOCH.toordinal() + int(text))
    raise ValidationError(f"{label}：“{text}”不是有效日期，请写作 2023-03-01", label)


def check_order(
    earlier: date | None, later: date | None, earlier_label: str, later_label: str
) -> None:
    """Raise when ``later`` is before ``earlier`` (both optional)."""
    if earlier is not None and later is not None and later < earlier:
        raise ValidationError(f"{later_label}：不能早于{earlier_label}", later_label)
