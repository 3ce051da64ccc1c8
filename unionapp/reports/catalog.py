"""The documents the program prints, by name, without loading ReportLab."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportInfo:
    name: str
    label: str
    english: str
    discloses: str = ""  # full numbers the document prints (each print is audited)


CATALOG: dict[str, ReportInfo] = {
    info.name: info
    for info in (
        ReportInfo(
            "hardship-form",
            "困难职工帮扶救助申请审批表",
            "Hardship assistance application forms",
            discloses="完整身份证号和电话",
        ),
        ReportInfo("relief-signoff", "慰问金发放签领表", "Relief sign-off sheet"),
        ReportInfo("student-aid", "金秋助学资助名单", "Student aid list"),
        ReportInfo("survey", "企业普查及建会情况报告", "Enterprise survey report"),
        ReportInfo("congress", "职代会计划及逾期名单", "Workers' congress schedule"),
        ReportInfo("training-signin", "培训签到表", "Training sign-in sheet"),
        ReportInfo("training-attendance", "培训出勤记录", "Training attendance record"),
        ReportInfo("annual", "年度目标完成情况", "Annual report against the targets"),
    )
}

# The documents each window tab offers to print.
PRINTABLE_FOR_TAB: dict[str, tuple[str, ...]] = {
    "enterprise": ("survey", "annual"),
    "congress": ("congress",),
    "family": ("hardship-form", "relief-signoff", "student-aid"),
    "training": ("training-signin", "training-attendance"),
}


def disclosed_by(name: str, *, with_bank: bool = False) -> str:
    """The full numbers a document prints (each such print is audited), or ""."""
    if name == "relief-signoff" and with_bank:
        return "完整银行卡号（签领表）"
    return CATALOG[name].discloses
