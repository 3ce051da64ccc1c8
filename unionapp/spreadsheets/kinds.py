"""What each import kind reads: its record description, its key, and its extra columns."""

from __future__ import annotations

from dataclasses import dataclass

from unionapp.schema import FieldSpec, RecordSpec
from unionapp.schema.records import ATTENDEE, ENTERPRISE, FAMILY, MEMBER, TRAINING_KINDS

WORKER_ID = FieldSpec(
    "worker_id",
    "职工身份证号",
    "Worker ID number",
    "idcard",
    required=True,
    sensitive=True,
    example="32011519800101123X",
    aliases=("职工身份证号码",),  # 身份证号 on the members sheet is the member's own
)
SESSION_FIELDS = (
    FieldSpec(
        "session_title",
        "培训名称",
        "Training",
        required=True,
        max_length=120,
        example="基层工会干部业务知识培训班",
    ),
    FieldSpec(
        "session_date", "培训日期", "Training date", "date", required=True, example="2024-05-10"
    ),
    FieldSpec(
        "session_kind",
        "培训类型",
        "Training type",
        "choice",
        choices=TRAINING_KINDS,
        example="干部培训",
    ),
)


# An older roster's monthly household income (before the archive kept the yearly one and the
# rigid costs): read as twelve times itself when the sheet has no yearly column.
MONTHLY_INCOME = FieldSpec(
    "monthly_income",
    "家庭月总收入(元)",
    "Monthly household income",
    "money",
    aliases=("家庭月总收入", "家庭月收入"),
)


@dataclass(frozen=True)
class ImportKind:
    name: str
    label: str
    spec: RecordSpec
    keys: tuple[str, ...]  # fields that identify a record already on file, in order of trust
    child: RecordSpec | None = None  # a second sheet (household members)
    child_fields: tuple[FieldSpec, ...] = ()
    extra_fields: tuple[FieldSpec, ...] = ()
    legacy_fields: tuple[FieldSpec, ...] = ()  # read from older sheets, never written


KINDS: dict[str, ImportKind] = {
    "enterprises": ImportKind("enterprises", "企业名录", ENTERPRISE, ("credit_code", "name")),
    "families": ImportKind(
        "families",
        "困难职工",
        FAMILY,
        ("id_number", "archive_no"),
        child=MEMBER,
        child_fields=(WORKER_ID,),
        legacy_fields=(MONTHLY_INCOME,),
    ),
    "trainings": ImportKind(
        "trainings", "培训人员", ATTENDEE, ("name",), extra_fields=SESSION_FIELDS
    ),
}
