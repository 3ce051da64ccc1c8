"""Field and record descriptions, and the cleaning that turns raw input into stored values.

A raw value may come from a form (text), a spreadsheet cell (number, date, float ID) or the
command line; :func:`clean_record` gives back either clean values or one message per field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from unionapp.fonts_coverage import unprintable
from unionapp.schema.kinds import KINDS, Kind
from unionapp.schema.notices import Notice, NoticeKind
from unionapp.validation.common import ValidationError
from unionapp.validation.creditcode import CHECK_CHARACTER, credit_code_problem
from unionapp.validation.idcard import parse_id_number


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
    sensitive: bool = False  # masked in lists, exports and logs (a date: the year only)
    example: str = ""
    aliases: tuple[str, ...] = ()  # more header names accepted on import
    default: Any = None  # value of a blank optional field (else the kind's empty value)
    group: str = ""  # the form's section (基本情况, 档案 …); "" for short forms

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r} for {self.key}")
        object.__setattr__(self, "kind_of", KINDS[self.kind])

    kind_of: Kind = field(init=False, repr=False, compare=False)  # the kind object itself

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
        # What a blank optional field stores, worked out once (an import asks 10,000 times).
        blanks = {f.key: f.kind_of.empty(f) for f in editable if not f.required}
        object.__setattr__(self, "blanks", blanks)
        keys = {f.key for f in self.fields}
        object.__setattr__(
            self, "id_facts", tuple(k for k in ("gender", "birth_date") if k in keys)
        )
        checked = tuple(f for f in editable if f.kind in ("creditcode", "idcard"))
        object.__setattr__(self, "_checked", checked)
        object.__setattr__(self, "_layouts", {})
        object.__setattr__(self, "order", tuple(f.key for f in editable))

    def layout(self, keys: tuple[str, ...], partial: bool) -> Layout:
        """How a raw record with exactly ``keys`` is cleaned, worked out once per set of keys
        (every row of a sheet has its columns; a form always the same fields)."""
        found = self._layouts.get((keys, partial))
        if found is None:
            if len(self._layouts) >= 64:  # a caller with ever new keys: keep it bounded
                self._layouts.clear()
            given = set(keys)
            template: dict[str, Any] = {}
            missing: dict[str, str] = {}
            for spec in self.editable:
                if spec.key in self.blanks:
                    if spec.key in given or not partial:
                        template[spec.key] = self.blanks[spec.key]
                elif spec.key in given:
                    template[spec.key] = None  # a required field: its value, or an error
                elif not partial:
                    missing[spec.key] = f"{spec.label}：必填"
            present = tuple(spec for spec in self.editable if spec.key in given)
            found = self._layouts[(keys, partial)] = Layout(template, present, missing)
        return found

    def choices_for(self, spec: FieldSpec, context: Context) -> tuple[str, ...]:
        return tuple(context.dynamic_choices.get(spec.key, spec.choices))


@dataclass(frozen=True)
class Layout:
    """The cleaning of one set of raw keys: the values of the fields left blank (in the
    description's order, with a place for each given one), the fields given, and the errors of
    the required fields not given."""

    template: dict[str, Any]
    present: tuple[FieldSpec, ...]
    missing: dict[str, str]


@dataclass
class CleanResult:
    values: dict[str, Any]
    errors: dict[str, str]
    warnings: dict[str, Notice] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


PRINTED_TEXT = frozenset({"text", "longtext", "employer"})  # checked against the fonts
NOT_REMEMBERED = frozenset({"idcard", "phone", "bankcard"})  # numbers: never kept in a memo
_BLANKS = " \t\r\n\u3000\u00a0"


def is_blank(raw: object) -> bool:
    return raw is None or (type(raw) is str and not raw.strip(_BLANKS))


def clean_value(spec: FieldSpec, raw: object, context: Context, record: RecordSpec) -> Any:
    """Clean one value; raises ValidationError naming the field."""
    if raw is None or (type(raw) is str and not raw.strip(_BLANKS)):
        if spec.required:
            raise ValidationError(f"{spec.label}：必填", spec.label)
        return spec.kind_of.empty(spec)
    return spec.kind_of.clean(raw, spec, context, record)


Memo = dict[tuple[str, type, object], tuple[Any, str]]  # (key, type, raw) -> (value, missing)
MEMO_LIMIT = 100_000  # values remembered per memo


def clean_record(
    record: RecordSpec,
    raw: Mapping[str, object],
    context: Context,
    *,
    partial: bool = False,
    memo: Memo | None = None,
) -> CleanResult:
    """Clean the editable fields; cross-checks run when every field is sound.

    With ``partial`` only the fields present in ``raw`` are cleaned (an update of a few
    fields); otherwise a missing field counts as blank, so a missing required one fails.
    A ``memo`` (one per record description and context, as an import's) remembers the clean
    value of each raw value of a field that is not sensitive: a sheet repeats its types,
    communities and employers on every row. Identity, phone and bank numbers are never kept.
    """
    layout = record.layout(tuple(raw), partial)
    values = dict(layout.template)
    errors = dict(layout.missing)
    warnings: dict[str, Notice] = {}
    blanks = record.blanks
    for spec in layout.present:
        key = spec.key
        given = raw[key]
        if given is None or given == "":  # blank: the common case in a wide record
            if key not in blanks:
                errors[key] = f"{spec.label}：必填"
                del values[key]
            continue
        remembered = None
        if memo is not None and not spec.sensitive and spec.kind not in NOT_REMEMBERED:
            remembered = (key, type(given), given)
            hit = memo.get(remembered)
            if hit is not None:
                values[key], missing = hit
                if missing:
                    warnings[key] = _unprintable_notice(spec, missing)
                continue
        try:
            value = values[key] = clean_value(spec, given, context, record)
        except ValidationError as error:
            errors[key] = error.message
            del values[key]
            continue
        missing = ""
        if spec.kind in PRINTED_TEXT and value and not value.isascii():
            missing = unprintable(value)
            if missing:
                warnings[key] = _unprintable_notice(spec, missing)
        if remembered is not None and memo is not None and len(memo) < MEMO_LIMIT:
            memo[remembered] = (value, missing)
    if layout.missing and len(errors) > len(layout.missing):  # in the description's order
        errors = {key: errors[key] for key in record.order if key in errors}
    for spec in record.checked:
        value = values.get(spec.key)
        if not value:
            continue
        if spec.kind == "creditcode":
            problem = credit_code_problem(value, spec.label)
            if problem and context.allow_bad_credit_code and problem.kind == CHECK_CHARACTER:
                warnings[spec.key] = Notice(NoticeKind.CHECK_CHARACTER, problem.message)
            elif problem:
                errors[spec.key] = problem.message
        elif spec.kind == "idcard" and record.id_facts:  # gender and birth date follow from it
            info = parse_id_number(value, today=context.today)
            facts = {"gender": info.gender, "birth_date": info.birth_date}
            for key in record.id_facts:
                values[key] = facts[key]
    if not errors and not partial and record.cross_check is not None:
        try:
            record.cross_check(values)
        except ValidationError as error:
            key = key_for_label(record, error.field)
            errors[key] = error.message
    return CleanResult(values=values, errors=errors, warnings=warnings)


def _unprintable_notice(spec: FieldSpec, missing: str) -> Notice:
    return Notice(
        NoticeKind.UNPRINTABLE,
        f"{spec.label}：“{missing}”无法打印（没有字体包含这些字符），打印时显示为〓",
    )


def key_for_label(record: RecordSpec, label: str | None) -> str:
    for spec in record.fields:
        if spec.label == label:
            return spec.key
    return "_record"


def display(spec: FieldSpec, value: Any, *, reveal: bool = False) -> str:
    """A stored value as lists and exports show it (masked unless ``reveal``)."""
    if value is None:
        return ""
    return spec.kind_of.display(spec, value, reveal)


def form_text(spec: FieldSpec, value: Any) -> str:
    """A stored value as a form's editor shows it (full numbers, yuan without separators)."""
    if value is None:
        return ""
    return spec.kind_of.form_text(spec, value)
