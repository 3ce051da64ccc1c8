"""Record descriptions: one per record type drives form, columns, headers and validation."""

from unionapp.schema.fields import CleanResult, Context, FieldSpec, RecordSpec, clean_record
from unionapp.schema.records import ALL_SPECS, SPECS_BY_KEY

__all__ = [
    "ALL_SPECS",
    "SPECS_BY_KEY",
    "CleanResult",
    "Context",
    "FieldSpec",
    "RecordSpec",
    "clean_record",
]
