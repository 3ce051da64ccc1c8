"""Field kinds as small objects: how a kind of value is cleaned from what a clerk types or a
spreadsheet holds, what a blank one is, and how it is shown. A new kind is one class here, and
the record descriptions name kinds by their ``name``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from unionapp.validation.common import (
    ValidationError,
    clean_phone,
    free_text,
    normalize_text,
    parse_count,
    parse_date,
    parse_money_fen,
)
from unionapp.validation.creditcode import clean_credit_code
from unionapp.validation.idcard import mask_id_number, mask_phone, parse_id_number
from unionapp.validation.text import check_text

if TYPE_CHECKING:
    from unionapp.schema.fields import Context, FieldSpec, RecordSpec

_TRUE = {"是", "有", "已", "已签", "已公开", "√", "✓", "y", "yes", "true", "1", "t", "会员"}
_FALSE = {"否", "无", "未", "没有", "×", "n", "no", "false", "0", "f", "非会员", ""}
EXCEL_HINT = "（单元格是数字格式，Excel 只保留15位有效数字；请把该列设为文本后重新录入）"


def excel_id_text(raw: object) -> object:
    """Undo what Excel does to a number typed as a number (3.20115e+17 keeps 15 digits)."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return raw


class Kind:
    """A kind of value. Subclasses set ``name`` and override what differs."""

    name: ClassVar[str] = ""
    numeric: ClassVar[bool] = False  # right-aligned in tables
    as_text: ClassVar[bool] = True  # exported as a text cell
    blank: ClassVar[Any] = ""

    def empty(self, spec: FieldSpec) -> Any:
        return spec.default if spec.default is not None else self.blank

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        return _text(raw, spec)

    def display(self, spec: FieldSpec, value: Any, reveal: bool) -> str:
        return str(value)

    def form_text(self, spec: FieldSpec, value: Any) -> str:
        return str(value)


_BLANK_RUNS = re.compile(r"[ \t\r\n\u3000\u00a0]+")  # not U+202F: it joins Mongolian suffixes


def fold_blanks(text: str) -> str:
    """One line: runs of blanks become one space (the no-break spaces scripts need are kept)."""
    return _BLANK_RUNS.sub(" ", text).strip()


def _text(raw: object, spec: FieldSpec, *, multiline: bool = False) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = check_text(free_text(raw), spec.label, multiline=multiline)
    if not multiline:
        text = fold_blanks(text)
    if len(text) > spec.max_length:
        raise ValidationError(f"{spec.label}：不能超过{spec.max_length}个字", spec.label)
    return text


class Text(Kind):
    name = "text"

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        if type(raw) is str:  # the common case, kept short
            text = fold_blanks(check_text(raw, spec.label))
            if len(text) > spec.max_length:
                raise ValidationError(f"{spec.label}：不能超过{spec.max_length}个字", spec.label)
            return text
        return _text(raw, spec)


class LongText(Kind):
    name = "longtext"

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        return _text(raw, spec, multiline=True)


class Employer(Text):
    """Free text, suggested from the survey's enterprises as it is typed (never required to be
    one): a laid-off or retired worker, or an employer outside the street, is entered as is."""

    name = "employer"


class ArchiveNumber(Kind):
    """档案编号: given (kept exactly as given) or assigned when the record is made."""

    name = "archiveno"

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        text = normalize_text(excel_id_text(raw)).upper()
        if any(char.isspace() for char in text):
            raise ValidationError(f"{spec.label}：“{text}”不能含空格", spec.label)
        if len(text) > spec.max_length:
            raise ValidationError(f"{spec.label}：不能超过{spec.max_length}个字符", spec.label)
        return text


class Count(Kind):
    name = "int"
    numeric = True
    as_text = False
    blank = 0

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        return parse_count(raw, spec.label)


class Year(Count):
    name = "year"
    blank = None

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        year = parse_count(raw, spec.label)
        if not 1949 <= year <= context.today.year + 5:
            raise ValidationError(f"{spec.label}：年份“{year}”不在合理范围内", spec.label)
        return year


class Decimal(Kind):
    name = "float"
    numeric = True
    as_text = False
    blank = 0.0

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            number = float(raw)
        else:
            try:
                number = float(normalize_text(raw))
            except ValueError:
                raise ValidationError(
                    f"{spec.label}：“{normalize_text(raw)}”不是数字", spec.label
                ) from None
        if number < 0 or number != number or number > 10_000_000:
            raise ValidationError(f"{spec.label}：应为不大于一千万的非负数", spec.label)
        return number

    def display(self, spec: FieldSpec, value: Any, reveal: bool) -> str:
        return f"{value:g}"


class Money(Kind):
    name = "money"
    numeric = True
    as_text = False
    blank = 0

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        return parse_money_fen(raw, spec.label)

    def display(self, spec: FieldSpec, value: Any, reveal: bool) -> str:
        return f"{value / 100:,.2f}"

    def form_text(self, spec: FieldSpec, value: Any) -> str:
        return f"{value / 100:.2f}"


class Day(Kind):
    name = "date"
    as_text = False
    blank = None

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        return parse_date(raw, spec.label, today=context.today)

    def display(self, spec: FieldSpec, value: Any, reveal: bool) -> str:
        if not isinstance(value, date):
            return str(value)
        if spec.sensitive and not reveal:
            return str(value.year)  # a birth date beside a masked ID would undo the mask
        return value.isoformat()

    def form_text(self, spec: FieldSpec, value: Any) -> str:
        return value.isoformat()


class YesNo(Kind):
    name = "bool"
    as_text = False
    blank = False

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        if isinstance(raw, bool):
            return raw
        if raw == "是" or raw == "否":
            return raw == "是"
        if isinstance(raw, (int, float)) and raw in (0, 1):
            return bool(raw)
        text = normalize_text(raw).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValidationError(f"{spec.label}：“{text}”应为“是”或“否”", spec.label)

    def display(self, spec: FieldSpec, value: Any, reveal: bool) -> str:
        return "是" if value else "否"


class Choice(Kind):
    name = "choice"

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        choices = record.choices_for(spec, context)
        if type(raw) is str and raw in choices:
            return raw  # already one of the choices, as typed
        text = normalize_text(raw)
        if text not in choices:
            raise ValidationError(
                f"{spec.label}：“{text}”不在可选项中（{'、'.join(choices)}）", spec.label
            )
        return text


class Multiple(Kind):
    name = "multi"

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        choices = record.choices_for(spec, context)
        text = normalize_text(raw)
        parts = [p.strip() for p in text.replace("，", "、").replace(",", "、").split("、")]
        parts = [p for p in parts if p]
        unknown = [p for p in parts if p not in choices]
        if unknown:
            allowed = "、".join(choices)
            raise ValidationError(
                f"{spec.label}：“{'、'.join(unknown)}”不在可选项中（{allowed}）", spec.label
            )
        return "、".join(dict.fromkeys(parts))


class IdCard(Kind):
    name = "idcard"

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        from_number = isinstance(raw, (int, float))
        text = normalize_text(excel_id_text(raw)).replace(" ", "")
        if len(text) == 17 and text.isdigit():
            raise ValidationError(f"{spec.label}：只有17位，末位的 X 可能丢失了", spec.label)
        try:
            return parse_id_number(text, spec.label, today=context.today).number
        except ValidationError as error:
            if not from_number:
                raise
            raise ValidationError(error.message + EXCEL_HINT, spec.label) from None

    def display(self, spec: FieldSpec, value: Any, reveal: bool) -> str:
        return value if reveal or not spec.sensitive else mask_id_number(value)


class CreditCode(Kind):
    name = "creditcode"

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        return clean_credit_code(raw)


class Phone(Kind):
    name = "phone"

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        return clean_phone(excel_id_text(raw), spec.label)

    def display(self, spec: FieldSpec, value: Any, reveal: bool) -> str:
        return value if reveal or not spec.sensitive else mask_phone(value)


class BankCard(Kind):
    """A bank card number for 实名制 transfers: 12 to 19 digits (spaces and dashes dropped);
    masked everywhere but where the clerk asks for it in full."""

    name = "bankcard"

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        from_number = isinstance(raw, (int, float))
        text = normalize_text(excel_id_text(raw))
        digits = "".join(char for char in text if char not in " -")
        if not digits.isdigit() or not 12 <= len(digits) <= 19:
            hint = EXCEL_HINT if from_number else ""
            raise ValidationError(f"{spec.label}：应为12到19位数字{hint}", spec.label)
        return digits

    def display(self, spec: FieldSpec, value: Any, reveal: bool) -> str:
        if reveal or not spec.sensitive or len(value) < 8:
            return value
        return value[:4] + "*" * (len(value) - 8) + value[-4:]


class EnterpriseRef(Kind):
    """A survey enterprise by name (it must be on the register): the congress's enterprise."""

    name = "enterprise"
    blank = None

    def clean(self, raw: object, spec: FieldSpec, context: Context, record: RecordSpec) -> Any:
        name = " ".join(free_text(raw).split())
        if name not in context.enterprise_ids:
            raise ValidationError(
                f"{spec.label}：企业“{name}”不在企业名录中，请先录入该企业", spec.label
            )
        return context.enterprise_ids[name]


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Text(),
        LongText(),
        Employer(),
        ArchiveNumber(),
        Count(),
        Year(),
        Decimal(),
        Money(),
        Day(),
        YesNo(),
        Choice(),
        Multiple(),
        IdCard(),
        CreditCode(),
        Phone(),
        BankCard(),
        EnterpriseRef(),
    )
}
NUMERIC = frozenset(name for name, kind in KINDS.items() if kind.numeric)
Cleaner = Callable[[object, "FieldSpec", "Context", "RecordSpec"], Any]
