"""The details pane's text: every field of the selected record that has a value, as lists show
it (ID, phone and bank card numbers masked), the enterprise a reference points to by name."""

from __future__ import annotations

from typing import Any

from ui.i18n import field_label
from unionapp.schema import RecordSpec
from unionapp.schema.fields import display
from unionapp.schema.records import ENTERPRISE


def escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>")


def summary_html(session: Any, spec: RecordSpec, obj: Any) -> str:
    lines = []
    for field in spec.fields:
        value = getattr(obj, field.key)
        if field.kind == "enterprise":
            company = session.get(ENTERPRISE.model, value) if value else None
            shown = company.name if company else ""
        else:
            shown = display(field, value)
        if shown:
            label = escaped(field_label(field))
            lines.append(f"<tr><td><b>{label}</b></td><td>{escaped(shown)}</td></tr>")
    return "<table cellspacing=4>" + "".join(lines) + "</table>" if lines else ""
