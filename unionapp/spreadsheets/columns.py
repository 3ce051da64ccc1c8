"""Match a sheet's header row to a record description's fields, by Chinese or English name."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from unionapp.schema import FieldSpec, RecordSpec


def header_key(text: Any) -> str:
    """Compare headers loosely: width, case, blanks, a trailing * for required, （元）."""
    value = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    return "".join(value.replace("*", "").split())


@dataclass
class HeaderMatch:
    columns: dict[str, int] = field(default_factory=dict)  # field key -> column index
    extra: list[str] = field(default_factory=list)  # headers matching no field
    missing: list[FieldSpec] = field(default_factory=list)  # required fields with no column
    header_row: int = 0  # index of the header row in the sheet


def match_headers(
    spec: RecordSpec, rows: list[list[Any]], extra_fields: tuple[FieldSpec, ...] = ()
) -> HeaderMatch:
    """Find the header row (the first non-empty one) and map its cells to fields."""
    match = HeaderMatch()
    names: dict[str, FieldSpec] = {}
    importable = [f for f in spec.fields if not f.derived] + list(extra_fields)
    for spec_field in importable:
        for header in spec_field.headers:
            names[header_key(header)] = spec_field
    for index, row in enumerate(rows):
        if any(str(cell).strip() for cell in row if cell is not None):
            match.header_row = index
            break
    else:
        match.missing = [f for f in importable if f.required]
        return match
    derived = {header_key(h) for f in spec.fields if f.derived for h in f.headers}
    for column, cell in enumerate(rows[match.header_row]):
        key = header_key(cell)
        if not key:
            continue
        found = names.get(key)
        if found is not None and found.key not in match.columns:
            match.columns[found.key] = column
        elif key not in derived:
            match.extra.append(str(cell).strip())
    match.missing = [f for f in importable if f.required and f.key not in match.columns]
    return match
