"""Every document, printed from a demo database and read back."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.unionapp.reports.conftest import TODAY, embedded_fonts, pdf_text
from unionapp.jobs import Cancelled
from unionapp.models import Assistance, HardshipFamily, TrainingSession
from unionapp.reports.money import to_capital
from unionapp.reports.registry import ReportRequest, print_report
from unionapp.schema.records import FAMILY, MEMBER
from unionapp.services import records
from unionapp.services.records import RefusedError
from unionapp.validation.idcard import mask_id_number


def test_hardship_forms_one_page_per_family_with_data_and_labels(demo_db, render) -> None:
    with demo_db.read() as session:
        families = list(session.scalars(select(HardshipFamily).order_by(HardshipFamily.id)))
        first = families[0]
        worker, id_number, employer = first.worker_name, first.id_number, first.employer
    path = render(demo_db, "hardship-form")
    assert len(PdfReader(path).pages) == len(families)
    text = pdf_text(path)
    for label in ("困难职工帮扶救助申请审批表", "身份证号", "家庭成员", "基层工会", "街道工会",
                  "上级工会", "盖章", "月人均收入", "江宁街道工会", "第 1 页 / 共 1 页",
                  "打印日期：2024年11月20日"):  # fmt: skip
        assert label in text, label
    assert worker in text and id_number in text and employer in text
    assert all(embedded_fonts(path).values())


def test_a_family_with_many_members_and_long_text_continues_cleanly(demo_db, render, context_of):
    with demo_db.write() as session:
        family = records.create(session, FAMILY, {
            "worker_name": "刘𠇔", "id_number": "11010519491231002X", "category": "深度困难",
            "reason_detail": "家庭困难情况说明，" * 40,
            "address": "江宁街道天元中路一百二十八号金鼎花园小区十二幢二单元一千五百零二室"},
            context_of(session))  # fmt: skip
        for number in range(14):
            records.create(session, MEMBER, {"name": f"成员{number}", "relation": "子女"},
                           context_of(session), parent_id=family.id)  # fmt: skip
        family_id = family.id
    path = render(demo_db, "hardship-form", ids=[family_id])
    text = pdf_text(path)
    assert "刘𠇔" in text and "成员13" in text and "上级工会" in text
    assert len(PdfReader(path).pages) == 2  # continues on a second page, nothing lost


def test_unknown_family_id_is_refused(demo_db, render) -> None:
    with pytest.raises(RefusedError, match="没有编号为 9999"):
        render(demo_db, "hardship-form", ids=[9999])


def test_relief_signoff_totals_in_figures_and_capitals(demo_db, render) -> None:
    with demo_db.read() as session:
        rows = list(session.scalars(select(Assistance).where(Assistance.kind == "送温暖")
                                    .where(Assistance.given_on >= TODAY.replace(month=1, day=1))))  # fmt: skip
        total = sum(row.amount_fen for row in rows)
        masked = mask_id_number(rows[0].family.id_number)
    path = render(demo_db, "relief-signoff", year=TODAY.year, kind="送温暖")
    text = pdf_text(path)
    assert f"{TODAY.year}年春节送温暖慰问金发放签领表" in text
    assert to_capital(total) in text
    assert f"{total / 100:,.2f}" in text
    assert masked in text and rows[0].family.id_number not in text
    assert "本页小计" in text and "领取人签字" in text and "经办人" in text


def test_relief_signoff_for_a_year_without_aid_is_refused(demo_db, render) -> None:
    with pytest.raises(RefusedError, match="1999年没有"):
        render(demo_db, "relief-signoff", year=1999)


def test_student_aid_survey_and_congress(demo_db, render) -> None:
    text = pdf_text(render(demo_db, "student-aid", year=TODAY.year))
    assert f"{TODAY.year}年金秋助学资助名单" in text and "就读学校" in text
    text = pdf_text(render(demo_db, "survey", year=TODAY.year))
    assert (
        "按经济类型" in text
        and "私营" in text
        and "建会率" in text
        and "各园区/社区建会情况" in text
    )
    text = pdf_text(render(demo_db, "congress", year=TODAY.year))
    assert "职工代表大会" in text and "逾期未召开或未安排" in text


def test_training_signin_and_attendance(demo_db, render) -> None:
    with demo_db.read() as session:
        training = session.scalars(select(TrainingSession).order_by(TrainingSession.id)).first()
        name = training.attendees[0].name
    text = pdf_text(render(demo_db, "training-signin", ids=[training.id]))
    assert "签到表" in text and name in text and "签到（签字）" in text
    text = pdf_text(render(demo_db, "training-attendance", ids=[training.id]))
    assert "出勤率" in text and name in text
    with pytest.raises(RefusedError, match="--id"):
        render(demo_db, "training-signin")


def test_cancelling_a_batch_leaves_no_file(demo_db, tmp_path, fonts) -> None:
    target = tmp_path / "cancelled.pdf"
    seen = []
    with demo_db.read() as session, pytest.raises(Cancelled):
        print_report(session, ReportRequest("hardship-form"), target, fonts,
                     progress=lambda done, total: seen.append(done),
                     cancelled=lambda: len(seen) >= 3)  # fmt: skip
    assert not target.exists()
    assert list(tmp_path.glob(".printing-*")) == []


def test_report_command_line(demo_db, tmp_path, capsys) -> None:
    from unionapp.cli.main import main

    out = tmp_path / "forms.pdf"
    assert (
        main(["--db", demo_db.location.target, "report", "hardship-form", "--out", str(out)]) == 0
    )
    assert len(PdfReader(out).pages) == 12
    assert main(["--db", demo_db.location.target, "report", "hardship-form", "--id", "4242",
                 "--out", str(out)]) == 1  # fmt: skip
    assert "4242" in capsys.readouterr().err


def test_annual_report_lists_targets_open_items_and_chart(db, render) -> None:
    from tests.unionapp.test_targets import YEAR, fixture

    fixture(db)
    text = pdf_text(render(db, "annual", year=YEAR))
    for expected in ("2024年工会工作目标完成情况", "新建工会组织", "20家", "2家", "未达标",
                     "全年逐月情况", "尚待完成的事项", "今年尚未帮扶的在档家庭", "李"):  # fmt: skip
        assert expected in text, expected


def test_annual_report_on_a_new_database_says_no_data_for_rates(db, render) -> None:
    text = pdf_text(render(db, "annual", year=2024))
    assert "无数据" in text and "工资集体协商签订率" in text
    # Nothing recorded yet: no target is done or behind, every one says there is no data.
    assert "14 项目标中已完成 0 项" in text and "落后" not in text
