"""What can be exported, and which import and export each window tab offers, described without
loading the spreadsheet readers and writers (the import kinds are in `unionapp.spreadsheets.kinds`)."""

from __future__ import annotations

from dataclasses import dataclass

from unionapp.schema import RecordSpec
from unionapp.schema.records import ATTENDEE, CONGRESS, ENTERPRISE, FAMILY, SERVICE_UNIT, TRAINING


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: str
    spec: RecordSpec


EXPORTS = {
    "enterprises": ExportKind("enterprises", "企业名录", ENTERPRISE),
    "congresses": ExportKind("congresses", "职代会", CONGRESS),
    "families": ExportKind("families", "困难职工", FAMILY),
    "trainings": ExportKind("trainings", "培训人员", ATTENDEE),
    "sessions": ExportKind("sessions", "培训场次", TRAINING),
    "service-units": ExportKind("service-units", "优惠服务单位", SERVICE_UNIT),
}


# Which import and export kind each window tab offers.
IMPORT_FOR_TAB = {"enterprise": "enterprises", "family": "families", "training": "trainings"}
EXPORT_FOR_TAB = {"enterprise": "enterprises", "congress": "congresses", "family": "families",
                  "training": "sessions", "service_unit": "service-units"}  # fmt: skip
