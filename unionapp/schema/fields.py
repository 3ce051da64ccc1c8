"""Field and record descriptions, and the cleaning that turns raw input into stored values.

A raw value may come from a form (text), a spreadsheet cell (number, date, float ID) or the
command line; :func:`clean_record` gives back either clean values or one message per field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from unionapp.validation.common import (
    ValidationError,
    clean_phone,
    free_text,
    normalize_text,
    parse_count,
    parse_date,
    parse_money_fen,
)
from unionapp.validation.creditcode import clean_credit_code, credit_code_problem
from unionapp.validation.idcard import mask_id_number, mask_phone, parse_id_number
from unionapp.validation.text import check_text

KINDS = {
    "text", "longtext", "int", "float", "money", "date", "bool", "choice", "multi",
    "idcard", "creditcode", "phone", "enterprise", "year",
}  # fmt: skip

_TRUE = {"是", "有", "已", "已签", "已公开", "√", "✓", "y", "yes", "true", "1", "t", "会员"}
_FALSE = {"否", "无", "未", "没有", "×", "n", "no", "false", "0", "f", "非会员", ""}


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    english: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    column: bool = True  # shown in the table
    width: int = 100
    max_length: int = 200
    derived: bool = False  # computed from another field; read-only in forms, not imported
    sensitive: bool = False  # masked in tables and exports
    example: str = ""
    aliases: tuple[str, ...] = ()  # more header names accepted on import
    default: Any = None  # value of a blank optional field (else the kind's empty value)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r} for {self.key}")

    @property
    def headers(self) -> tuple[str, ...]:
        """Header names an import accepts for this field."""
        return (self.label, self.english, *self.aliases)


@dataclass(frozen=True)
class Context:
    """What cleaning needs to know beyond the value itself."""

    today: date = field(default_factory=date.today)
    enterprise_ids: Mapping[str, int] = field(default_factory=dict)
    dynamic_choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    allow_bad_credit_code: bool = False


@dataclass(frozen=True)
class RecordSpec:
    key: str
    label: str
    english: str
    model_name: str  # the ORM class in unionapp.models; named so the description stays light
    fields: tuple[FieldSpec, ...]
    title_field: str
    search: tuple[str, ...] = ()
    cross_check: Callable[[dict[str, Any]], None] | None = None
    parent_key: str | None = None  # foreign key column for child records
    unique: tuple[str, ...] = ()  # fields no two records may share

    @property
    def model(self) -> type:
        from unionapp import models  # the ORM loads on first use, not with the descriptions

        return getattr(models, self.model_name)

    def field(self, key: str) -> FieldSpec:
        for spec in self.fields:
            if spec.key == key:
                return spec
        raise KeyError(key)

    @property
    def columns(self) -> tuple[FieldSpec, ...]:
        return tuple(spec for spec in self.fields if spec.column)

    @property
    def editable(self) -> tuple[FieldSpec, ...]:
        return self._editable

    @property
    def checked(self) -> tuple[FieldSpec, ...]:
        """Fields with a second, whole-value check (credit codes, ID numbers)."""
        return self._checked

    def __post_init__(self) -> None:
        editable = tuple(f for f in self.fields if not f.derived)
        object.__setattr__(self, "_editable", editable)
        checked = tuple(f for f in editable if f.kind in ("creditcode", "idcard"))
        object.__setattr__(self, "_checked", checked)

    def choices_for(self, spec: FieldSpec, context: Context) -> tuple[str, ...]:
        return tuple(context.dynamic_choices.get(spec.key, spec.choices))


@dataclass
class CleanResult:
    values: dict[str, Any]
    errors: dict[str, str]
    warnings: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


_BLANKS = " \t\r\n\u3000\u00a0"


def is_blank(raw: object) -> bool:
    return raw is None or (type(raw) is str and not raw.strip(_BLANKS))


def parse_bool(raw: object, label: str) -> bool:
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
    raise ValidationError(f"{label}：“{text}”应为“是”或“否”", label)


def _clean_text(raw: object, spec: FieldSpec) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = check_text(free_text(raw), spec.label, multiline=spec.kind == "longtext")
    if spec.kind != "longtext":
        text = " ".join(text.split())
    if len(text) > spec.max_length:
        raise ValidationError(f"{spec.label}：不能超过{spec.max_length}个字", spec.label)
    return text


def excel_id_text(raw: object) -> object:
    """Undo what Excel does to an ID number typed as a number (3.20115e+17 keeps 15 digits)."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return raw


def clean_value(spec: FieldSpec, raw: object, context: Context, record: RecordSpec) -> Any:
    """Clean one value; raises ValidationError naming the field."""
    label = spec.label
    if raw is None or (type(raw) is str and not raw.strip(_BLANKS)):
        if spec.required:
            raise ValidationError(f"{label}：必填", label)
        return _empty(spec)
    kind = spec.kind
    if kind == "text" and type(raw) is str:  # the common case, kept short
        text = " ".join(check_text(raw.strip(_BLANKS), label).split())
        if len(text) > spec.max_length:
            raise ValidationError(f"{label}：不能超过{spec.max_length}个字", label)
        return text
    if kind in ("text", "longtext"):
        return _clean_text(raw, spec)
    if kind == "int":
        return parse_count(raw, label)
    if kind == "year":
        year = parse_count(raw, label)
        if not 1949 <= year <= context.today.year + 5:
            raise ValidationError(f"{label}：年份“{year}”不在合理范围内", label)
        return year
    if kind == "float":
        try:
            number = float(normalize_text(raw)) if not isinstance(raw, (int, float)) else raw
        except ValueError:
            raise ValidationError(f"{label}：“{normalize_text(raw)}”不是数字", label) from None
        if number < 0 or number != number:
            raise ValidationError(f"{label}：不能为负数", label)
        return float(number)
    if kind == "money":
        return parse_money_fen(raw, label)
    if kind == "date":
        return parse_date(raw, label, today=context.today)
    if kind == "bool":
        return parse_bool(raw, label)
    if kind in ("choice", "multi"):
        return _clean_choice(raw, spec, record.choices_for(spec, context))
    if kind == "idcard":
        from_number = isinstance(raw, (int, float))
        text = normalize_text(excel_id_text(raw)).replace(" ", "")
        if len(text) == 17 and text.isdigit():
            raise ValidationError(f"{label}：只有17位，末位的 X 可能丢失了", label)
        try:
            return parse_id_number(text, label, today=context.today).number
        except ValidationError as error:
            if not from_number:
                raise
            hint = "（单元格是数字格式，Excel 只保留15位有效数字；请把该列设为文本后重新录入）"
            raise ValidationError(error.message + hint, label) from None
    if kind == "creditcode":
        return clean_credit_code(raw)
    if kind == "phone":
        return clean_phone(excel_id_text(raw), label)
    if kind == "enterprise":
        name = " ".join(free_text(raw).split())
        if name not in context.enterprise_ids:
            raise ValidationError(f"{label}：企业“{name}”不在企业名录中，请先录入该企业", label)
        return context.enterprise_ids[name]
    raise AssertionError(kind)


def _empty(spec: FieldSpec) -> Any:
    if spec.default is not None:
        return spec.default
    if spec.kind in ("text", "longtext", "choice", "multi", "phone"):
        return ""
    if spec.kind in ("int", "money"):
        return 0
    if spec.kind == "float":
        return 0.0
    if spec.kind == "bool":
        return False
    return None


def _clean_choice(raw: object, spec: FieldSpec, choices: tuple[str, ...]) -> str:
    if spec.kind == "choice" and type(raw) is str and raw in choices:
        return raw  # already one of the choices, as typed
    text = normalize_text(raw)
    if spec.kind == "multi":
        parts = [p.strip() for p in text.replace("，", "、").replace(",", "、").split("、")]
        parts = [p for p in parts if p]
        unknown = [p for p in parts if p not in choices]
        if unknown:
            allowed = "、".join(choices)
            raise ValidationError(
                f"{spec.label}：“{'、'.join(unknown)}”不在可选项中（{allowed}）", spec.label
            )
        return "、".join(dict.fromkeys(parts))
    if text not in choices:
        raise ValidationError(
            f"{spec.label}：“{text}”不在可选项中（{'、'.join(choices)}）", spec.label
        )
    return text


def clean_record(
    record: RecordSpec, raw: Mapping[str, object], context: Context, *, partial: bool = False
) -> CleanResult:
    """Clean the editable fields; cross-checks run when every field is sound.

    With ``partial`` only the fields present in ``raw`` are cleaned (an update of a few
    fields); otherwise a missing field counts as blank, so a missing required one fails.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for spec in record.editable:
        if partial and spec.key not in raw:
            continue
        try:
            values[spec.key] = clean_value(spec, raw.get(spec.key), context, record)
        except ValidationError as error:
            errors[spec.key] = error.message
    for spec in record.checked:
        if spec.kind == "creditcode" and values.get(spec.key):
            problem = credit_code_problem(values[spec.key], spec.label)
            if problem and context.allow_bad_credit_code and "校验位" in problem:
                warnings[spec.key] = problem
            elif problem:
                errors[spec.key] = problem
        if spec.kind == "idcard" and spec.key in values and values[spec.key]:
            info = parse_id_number(values[spec.key], today=context.today)
            values.setdefault("gender", info.gender)
            values["gender"] = info.gender
            values["birth_date"] = info.birth_date
    if not errors and not partial and record.cross_check is not None:
        try:
            record.cross_check(values)
        except ValidationError as error:
            key = key_for_label(record, error.field)
            errors[key] = error.message
    return CleanResult(values=values, errors=errors, warnings=warnings)


def key_for_label(record: RecordSpec, label: str | None) -> str:
    for spec in record.fields:
        if spec.label == label:
            return spec.key
    return "_record"


def display(spec: FieldSpec, value: Any, *, reveal: bool = False) -> str:
    """A stored value as the table and exports show it."""
    if value is None:
        return ""
    if spec.kind == "money":
        return f"{value / 100:,.2f}"
    if spec.kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if spec.kind == "bool":
        return "是" if value else "否"
    if spec.kind == "float":
        return f"{value:g}"
    if spec.sensitive and not reveal:
        return mask_id_number(value) if spec.kind == "idcard" else mask_phone(value)
    return str(value)


def form_text(spec: FieldSpec, value: Any) -> str:
    """A stored value as a form's editor shows it (full numbers, yuan without separators)."""
    if value is None:
        return ""
    if spec.kind == "money":
        return f"{value / 100:.2f}"
    if spec.kind == "date":
        return value.isoformat()
    return str(value)
