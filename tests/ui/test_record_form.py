"""Record forms as a clerk meets them: the family archive in sections that fit 1366×768, short
forms sized to their fields, messages that wait until a field is left and never move the
fields, explicit blanks and preselected defaults, and the editors of the archive's own kinds."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit
from sqlalchemy import select

from tests.ui.conftest import type_text
from tests.ui.families import new_family, person
from ui.form_parts import Level
from ui.record_form import RecordForm
from unionapp.models import HardshipFamily
from unionapp.schema.records import ALL_SPECS, ASSISTANCE, ENTERPRISE, FAMILY, MEMBER, REVIEW
from unionapp.services import records
from unionapp.services.records import make_context
from unionapp.validation.common import ValidationError, parse_date

SCREEN = QRect(0, 0, 1366, 728)  # 1366×768 less a taskbar


def open_form(qtbot, db, spec=FAMILY, **kwargs) -> RecordForm:
    form = RecordForm(db, spec, **kwargs)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def type_into(qtbot, form: RecordForm, key: str, text: str) -> None:
    widget = form.editors[key].widget
    assert isinstance(widget, (QLineEdit, QPlainTextEdit))
    widget.clear()
    type_text(qtbot, widget, text)


def leave(qtbot, form: RecordForm, key: str) -> None:
    """The clerk moves on from ``key`` with Tab, as at the office."""
    widget = form.editors[key].focus_widget()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not widget.hasFocus())
    form.validate()


def test_the_family_form_is_the_archive_in_sections_that_fit_1366x768(qtbot, db) -> None:
    form = open_form(qtbot, db)
    titles = [form.pages.tabText(i) for i in range(form.pages.count())]
    sections = ["Archive", "Personal details", "Work and security", "Household income", "Hardship"]
    assert titles == sections
    groups = [group for group, _scroll, _keys in form.sections]
    assert groups == ["档案", "基本情况", "工作与保障", "家庭收支", "困难情况"]
    for field in FAMILY.editable:  # every field in the section its description names
        assert any(field.key in keys for group, _s, keys in form.sections if group == field.group)
    assert form.pages.currentIndex() == 1  # opens on the name and ID, not the archive number
    form.fit_to(SCREEN)
    assert form.width() <= SCREEN.width() and form.height() <= SCREEN.height()
    for index, (_group, scroll, _keys) in enumerate(form.sections):
        form.pages.setCurrentIndex(index)
        qtbot.wait(10)
        assert scroll.verticalScrollBar().maximum() == 0  # no section needs scrolling
        assert scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        assert scroll.widget().width() <= scroll.viewport().width()


@pytest.mark.parametrize(("spec", "most"), [(ASSISTANCE, (760, 460)), (REVIEW, (480, 340))])
def test_short_forms_are_compact_and_sized_to_their_fields(qtbot, db, spec, most) -> None:
    family_id = new_family(db)
    form = open_form(qtbot, db, spec, parent_id=family_id)
    form.fit_to(SCREEN)
    assert form.pages is None  # one page, no tabs
    assert form.width() <= most[0] and form.height() <= most[1], form.size()
    scroll = form.sections[0][1]
    assert scroll.verticalScrollBar().maximum() == 0


def test_required_fields_say_so_once_left_or_on_save_and_messages_never_move_fields(
    qtbot, db
) -> None:
    form = open_form(qtbot, db)
    name, id_number = form.messages["worker_name"], form.messages["id_number"]
    assert "*" in form.findChild(type(form.detail), "label_worker_name").text()
    assert not name.is_shown() and not id_number.is_shown()  # nothing red before a touch
    below = form.editors["ethnicity"].mapTo(form, form.editors["ethnicity"].rect().topLeft())
    leave(qtbot, form, "worker_name")
    assert name.full_text == "姓名：必填" and name.level is Level.ERROR
    assert not id_number.is_shown()  # not yet visited
    after = form.editors["ethnicity"].mapTo(form, form.editors["ethnicity"].rect().topLeft())
    assert after == below  # the message took its own reserved line
    form.pages.setCurrentIndex(0)
    assert not form.save()
    assert id_number.full_text == "身份证号：必填"
    assert form.messages["category"].full_text == "困难类别：必填"
    assert form.pages.currentIndex() == 1  # taken to the first section with a problem
    assert form.pages.tabText(1).endswith("(2)") and form.pages.tabText(4).endswith("(1)")
    with db.read() as session:
        assert session.scalar(select(HardshipFamily.id)) is None


def test_a_long_message_is_cut_on_its_line_and_shown_whole_below(qtbot, db) -> None:
    first = new_family(db, 1)
    with db.read() as session:
        worker_id = session.get(HardshipFamily, first).id_number
    other = new_family(db, 2)
    form = open_form(qtbot, db, MEMBER, parent_id=other)
    type_into(qtbot, form, "name", "李小红")
    type_into(qtbot, form, "id_number", worker_id)
    leave(qtbot, form, "id_number")
    line = form.messages["id_number"]
    assert line.level is Level.WARNING and "请核实是否重复建档" in line.full_text
    assert line.toolTip() == line.full_text
    form.editors["id_number"].widget.setFocus()
    qtbot.waitUntil(lambda: form.detail.text() == line.full_text)
    assert form.save()  # a warning never stops a save


def test_dates_share_a_placeholder_that_is_not_a_date(qtbot, db) -> None:
    shown = set()
    family_id = new_family(db)
    for spec in (FAMILY, ASSISTANCE, REVIEW, ENTERPRISE):
        form = open_form(qtbot, db, spec, parent_id=family_id)
        for editor in form.editors.values():
            if editor.spec.kind == "date":
                shown.add(editor.widget.placeholderText())
        form.close()
    assert len(shown) == 1
    placeholder = shown.pop()
    assert "2024-03-01" in placeholder  # an example, said to be one
    with pytest.raises(ValidationError):
        parse_date(placeholder, "日期")


def test_lists_start_on_their_default_and_a_blank_is_said_to_be_one(qtbot, db) -> None:
    form = open_form(qtbot, db)
    assert form.editors["status"].value() == "在档"
    assert form.editors["work_status"].value() == "在岗"
    ethnicity = form.editors["ethnicity"].widget
    assert isinstance(ethnicity, QComboBox)
    assert form.editors["ethnicity"].value() == "" and ethnicity.currentText() == "(not given)"
    category = form.editors["category"].widget
    assert category.currentIndex() == -1 and category.placeholderText() == "Choose…"
    type_into(qtbot, form, "worker_name", "阿依古丽")
    type_into(qtbot, form, "id_number", person(3))
    category.setCurrentIndex(category.findData("深度困难"))
    assert form.save()
    with db.read() as session:
        family = session.get(HardshipFamily, form.saved_id)
        assert family.ethnicity == ""  # never silently 汉族
        assert (family.status, family.work_status) == ("在档", "在岗")


def test_employer_is_suggested_from_the_survey_free_text_allowed_and_a_link_is_told(
    qtbot, db
) -> None:
    with db.write() as session:
        for name in ("南京金鼎科技有限公司", "南京金鼎物流有限公司", "江宁银河电子厂"):
            raw = {"name": name, "union_status": "已建会"}
            records.create(session, ENTERPRISE, raw, make_context(session))
    form = open_form(qtbot, db)
    type_into(qtbot, form, "employer", "金鼎")
    completions = form.editors["employer"].widget.completer().model().stringList()
    assert completions == ["南京金鼎物流有限公司", "南京金鼎科技有限公司"]
    type_into(qtbot, form, "employer", "南京金鼎科技有限公司")
    form.validate()
    line = form.messages["employer"]
    assert line.level is Level.INFO and line.full_text.startswith("Linked")
    type_into(qtbot, form, "employer", "个体经营（流动摊点）")
    form.validate()
    assert line.level is Level.INFO and line.full_text.startswith("Not in the survey")
    type_into(qtbot, form, "worker_name", "马建国")
    type_into(qtbot, form, "id_number", person(4))
    form.editors["category"].set_value("相对困难")
    assert form.save()
    with db.read() as session:
        family = session.get(HardshipFamily, form.saved_id)
        assert (family.employer, family.enterprise_id) == ("个体经营（流动摊点）", None)


def test_archive_number_blank_means_assigned_and_an_existing_one_is_shown(qtbot, db) -> None:
    form = open_form(qtbot, db)
    editor = form.editors["archive_no"].widget
    assert editor.text() == "" and editor.placeholderText() == "leave blank to number automatically"
    type_into(qtbot, form, "worker_name", "张三")
    type_into(qtbot, form, "id_number", person(5))
    form.editors["category"].set_value("相对困难")
    assert form.save()
    with db.read() as session:
        number = session.get(HardshipFamily, form.saved_id).archive_no
    assert number.startswith("DA-")
    again = open_form(qtbot, db, record_id=form.saved_id)
    assert again.editors["archive_no"].value() == number


def test_bank_card_in_full_in_its_form_grouped_and_saved_as_digits(qtbot, db) -> None:
    family_id = new_family(db, 6, bank_account="6217009583729101907")
    form = open_form(qtbot, db, record_id=family_id)
    assert form.editors["bank_account"].value() == "6217 0095 8372 9101 907"
    type_into(qtbot, form, "bank_account", "6222 0212 3456 7890")
    assert form.save()
    with db.read() as session:
        assert session.get(HardshipFamily, family_id).bank_account == "6222021234567890"


def test_credit_code_confirmation_is_offered_on_the_notice_kind(qtbot, db) -> None:
    from unionapp.validation.creditcode import credit_code_check_char

    body = "91320115MA1MXQ8L0"
    bad = body + ("0" if credit_code_check_char(body) != "0" else "1")
    form = open_form(qtbot, db, ENTERPRISE)
    type_into(qtbot, form, "name", "南京某某有限公司")
    form.editors["union_status"].set_value("未建会")
    type_into(qtbot, form, "credit_code", bad)
    leave(qtbot, form, "credit_code")
    line = form.messages["credit_code"]
    assert line.level is Level.ERROR and form.confirm_code.isVisible()
    assert not form.save()
    form.confirm_code.setChecked(True)
    assert line.level is Level.WARNING  # confirmed: still said, in amber
    assert form.save()


def test_no_window_code_decides_on_message_text() -> None:
    """Warnings are typed notices: the window never looks for words inside a message."""
    for path in (Path(__file__).resolve().parents[2] / "ui").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "校验位" not in text and "in code_problem" not in text, path.name


def test_gender_birth_date_age_and_income_per_head_follow_as_typed(qtbot, db) -> None:
    form = open_form(qtbot, db)
    type_into(qtbot, form, "id_number", "11010519491231002x")
    qtbot.waitUntil(lambda: form.derived["birth_date"].text().startswith("1949-12-31"))
    assert form.derived["gender"].text() == "女"
    assert "aged" in form.derived["birth_date"].text()
    assert form.derived["birth_date"].isReadOnly()
    typed = {"household_size": "3", "annual_income_fen": "36000", "medical_expense_fen": "6000"}
    for key, text in typed.items():
        type_into(qtbot, form, key, text)
    qtbot.waitUntil(lambda: form.derived["income_per_head_fen"].text() == "833.33")


def test_every_record_type_opens_its_form(qtbot, db) -> None:
    family_id = new_family(db)
    for spec in ALL_SPECS:
        if spec.key == "attachment":
            continue  # added from files, not typed
        form = open_form(qtbot, db, spec, parent_id=family_id)
        assert form.editors and form.natural_size()[0] < SCREEN.width()
        form.close()


def test_the_cursor_starts_in_the_first_field_of_the_section_shown(qtbot, db) -> None:
    form = open_form(qtbot, db)
    qtbot.waitUntil(form.editors["worker_name"].widget.hasFocus)
    form.editors["id_number"].widget.setFocus(Qt.FocusReason.MouseFocusReason)  # a click
    qtbot.waitUntil(form.editors["id_number"].widget.hasFocus)  # elsewhere: no 必填 yet
    form.validate()
    assert not form.messages["worker_name"].is_shown()
    review = open_form(qtbot, db, REVIEW, parent_id=new_family(db))
    qtbot.waitUntil(review.editors["review_date"].widget.hasFocus)


def test_bank_card_is_masked_in_the_details_pane(qtbot, db) -> None:
    from ui.main_window import MainWindow

    family_id = new_family(db, 7, bank_account="6217009583729101907")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    tab = window.record_tabs["family"]
    window.tabs.setCurrentWidget(tab)
    tab.select_id(family_id)
    shown = tab.summary.toPlainText()
    assert "6217***********1907" in shown and "6217009583729101907" not in shown
