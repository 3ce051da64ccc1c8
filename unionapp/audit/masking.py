"""Which stored columns hold identity, phone and bank numbers, from the record descriptions,
and their masked form for the audit log (the log never holds a full number)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from unionapp.schema import ALL_SPECS
from unionapp.validation.idcard import mask_id_number, mask_phone


@cache
def sensitive_columns() -> dict[str, dict[str, str]]:
    """table name -> {column: field kind} for every field described as sensitive."""
    from unionapp import models

    found: dict[str, dict[str, str]] = {}
    for spec in ALL_SPECS:
        table = getattr(models, spec.model_name).__tablename__
        for field in spec.fields:
            if field.sensitive:
                found.setdefault(table, {})[field.key] = field.kind
    return found


def mask(kind: str, value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if kind == "idcard":
        return mask_id_number(value)
    if kind == "date":  # a birth date: the year, as the lists show it beside a masked ID
        return value[:4]
    if kind == "bankcard":
        return value[:4] + "*" * (len(value) - 8) + value[-4:] if len(value) >= 8 else "****"
    return mask_phone(value)


def mask_all(kind: str, values: list[Any]) -> list[Any]:
    """``mask`` of each value, a date masked from its text (as the change entries hold it), in
    one loop for the common shapes: an import masks ID numbers and birth dates by the tens of
    thousands."""
    if kind == "idcard":  # mask_id_number's long form, without a call per number
        return [
            v[:6] + "*" * (len(v) - 10) + v[-4:]
            if type(v) is str and len(v) > 10
            else _one(kind, v)
            for v in values
        ]
    if kind == "date":
        return [v.isoformat()[:4] if isinstance(v, date) else _one(kind, v) for v in values]
    return [_one(kind, v) for v in values]


def _one(kind: str, value: Any) -> Any:
    return mask(kind, value.isoformat() if isinstance(value, date) else value)


def masked_changes(table: str, changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` with the sensitive values masked."""
    columns = sensitive_columns().get(table)
    if not columns:
        return changes
    return {
        key: [mask(columns[key], old), mask(columns[key], new)] if key in columns else [old, new]
        for key, (old, new) in changes.items()
    }
