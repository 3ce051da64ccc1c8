"""Report names for the command line and the window, and one entry point to print them."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from unionapp.reports.fonts import FontLibrary
from unionapp.reports.layout import Job, Progress, write_pdf
from unionapp.services.archive import archive_prefix
from unionapp.services.settings import form_wording, get_setting


@dataclass(frozen=True)
class ReportRequest:
    name: str
    year: int | None = None
    ids: Sequence[int] | None = None
    kind: str | None = None  # relief-signoff: the assistance type
    printed_on: date | None = None
    with_bank: bool = False  # relief-signoff: print each family's bank card number in full
    # Settings not saved yet, shown as they will print (the settings dialog's preview); with
    # ``sample`` the 审批表 is drawn for an example family instead of the families on file.
    settings: Mapping[str, str] | None = None
    sample: bool = False


def _year(request: ReportRequest) -> int:
    return request.year or date.today().year


def _hardship(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    from unionapp.reports import hardship_form  # each document loads what it draws with

    if request.sample:
        prefix = (request.settings or {}).get("archive_prefix") or archive_prefix(session)
        story = hardship_form.family_form(job, hardship_form.sample_family(prefix), None, 1)
    else:
        story = hardship_form.hardship_forms(job, session, request.ids, request.year)
    return story, hardship_form.title(job), False


def _signoff(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    from unionapp.reports import signoff

    story, title = signoff.signoff_sheet(
        job, session, _year(request), request.kind, with_bank=request.with_bank
    )
    return story, title, True


def _student_aid(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    from unionapp.reports import lists

    return (*lists.student_aid_list(job, session, _year(request)), False)


def _survey(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    from unionapp.reports import survey

    return (*survey.survey_report(job, session, _year(request)), False)


def _congress(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    from unionapp.reports import congress

    today = request.printed_on or date.today()
    return (*congress.congress_schedule(job, session, _year(request), today), False)


def _signin(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    from unionapp.reports import lists

    return (*lists.signin_sheet(job, session, list(request.ids or [])), False)


def _attendance(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    from unionapp.reports import lists

    return (*lists.attendance_record(job, session, list(request.ids or [])), False)


def _annual(job: Job, session: Session, request: ReportRequest) -> tuple[list, str, bool]:
    from unionapp.reports import annual

    today = request.printed_on or date.today()
    return (*annual.annual_report(job, session, _year(request), today), False)


Builder = Callable[[Job, Session, ReportRequest], tuple[list, str, bool]]
BUILDERS: dict[str, Builder] = {
    "hardship-form": _hardship,
    "relief-signoff": _signoff,
    "student-aid": _student_aid,
    "survey": _survey,
    "congress": _congress,
    "training-signin": _signin,
    "training-attendance": _attendance,
    "annual": _annual,
}


def print_report(
    session: Session,
    request: ReportRequest,
    target: str | os.PathLike[str],
    fonts: FontLibrary,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Build the named report from the database and write it as a PDF.

    ``fonts`` belongs to the caller: it parses the font files once and is reused by every
    print in the same program.
    """
    build = BUILDERS[request.name]
    unsaved = request.settings or {}
    job = Job(
        fonts=fonts,
        union_name=unsaved.get("union_name") or get_setting(session, "union_name"),
        printed_on=request.printed_on or date.today(),
        progress=progress,
        cancelled=cancelled,
        wording={**form_wording(session), **{k: v for k, v in unsaved.items() if v}},
    )
    story, title, wide = build(job, session, request)
    return write_pdf(target, job, story, title, wide=wide)
