"""Report names for the command line and the window, and one entry point to print them."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from unionapp.reports import congress, hardship_form, lists, signoff, survey
from unionapp.reports.fonts import FontLibrary
from unionapp.reports.layout import Job, Progress, write_pdf
from unionapp.services.settings import get_setting

_FONTS: dict[str, FontLibrary] = {}


def font_library() -> FontLibrary:
    """One font library per process: fonts are parsed once, then reused by every print."""
    if "default" not in _FONTS:
        _FONTS["default"] = FontLibrary()
    return _FONTS["default"]


@dataclass(frozen=True)
class ReportRequest:
    name: str
    year: int | None = None
    ids: Sequence[int] | None = None
    kind: str | None = None  # relief-signoff: the assistance type
    printed_on: date | None = None


@dataclass(frozen=True)
class ReportKind:
    name: str
    label: str
    english: str
    build: Callable[[Job, Session, ReportRequest], tuple[list, str, bool]]


def _year(request: ReportRequest) -> int:
    return request.year or date.today().year


def _hardship(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    story = hardship_form.hardship_forms(job, session, request.ids, request.year)
    return story, hardship_form.TITLE, False


def _signoff(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    story, title = signoff.signoff_sheet(job, session, _year(request), request.kind)
    return story, title, True


def _student_aid(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    return (*lists.student_aid_list(job, session, _year(request)), False)


def _survey(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    return (*survey.survey_report(job, session, _year(request)), False)


def _congress(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    today = request.printed_on or date.today()
    return (*congress.congress_schedule(job, session, _year(request), today), False)


def _signin(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    return (*lists.signin_sheet(job, session, list(request.ids or [])), False)


def _attendance(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    return (*lists.attendance_record(job, session, list(request.ids or [])), False)


REPORTS: dict[str, ReportKind] = {
    "hardship-form": ReportKind("hardship-form", "困难职工帮扶救助申请审批表",
                                "Hardship assistance application forms", _hardship),
    "relief-signoff": ReportKind("relief-signoff", "慰问金发放签领表", "Relief sign-off sheet",
                                 _signoff),
    "student-aid": ReportKind("student-aid", "金秋助学资助名单", "Student aid list", _student_aid),
    "survey": ReportKind("survey", "企业普查及建会情况报告", "Enterprise survey report", _survey),
    "congress": ReportKind("congress", "职代会计划及逾期名单", "Workers' congress schedule",
                           _congress),
    "training-signin": ReportKind("training-signin", "培训签到表", "Training sign-in sheet",
                                  _signin),
    "training-attendance": ReportKind("training-attendance", "培训出勤记录",
                                      "Training attendance record", _attendance),
}  # fmt: skip


def print_report(
    session: Session,
    request: ReportRequest,
    target: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    fonts: FontLibrary | None = None,
) -> Path:
    """Build the named report from the database and write it as a PDF."""
    kind = REPORTS[request.name]
    job = Job(
        fonts=fonts or font_library(),
        union_name=get_setting(session, "union_name"),
        printed_on=request.printed_on or date.today(),
        progress=progress,
        cancelled=cancelled,
    )
    story, title, wide = kind.build(job, session, request)
    return write_pdf(target, job, story, title, wide=wide)
