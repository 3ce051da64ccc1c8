"""The main window driven through real widgets with qtbot, offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPlainTextEdit, QWidget
from sqlalchemy import select

from tests.ui.conftest import answer, type_text, when_modal
from ui.main_window import MainWindow
from ui.record_form import RecordForm
from unionapp import APP_NAME
from unionapp.models import AuditEntry, Enterprise, HardshipFamily
from unionapp.schema.records import ENTERPRISE, FAMILY
from unionapp.services import records
from unionapp.services.demo import generate
from unionapp.validation.creditcode import credit_code_check_char

BODY = "91320115MA1MXQ8L0"
GOOD = BODY + credit_code_check_char(BODY)


def make_window(qtbot, db) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    return window


def type_into(qtbot, form: RecordForm, key: str, text: str) -> None:
    widget = form.editors[key].widget
    assert isinstance(widget, (QLineEdit, QPlainTextEdit))
    widget.clear()
    type_text(qtbot, widget, text)


def test_tabs_load_their_rows_when_first_shown(qtbot, db) -> None:
    with db.write() as session:
        generate(session, enterprises=10, families=2, trainings=0, seed=8)
    window = make_window(qtbot, db)
    tab = window.record_tabs["family"]
    assert not tab.model.loaded  # nothing read for a tab the clerk has not opened
    window.tabs.setCurrentWidget(tab)
    assert tab.model.rowCount() == 2
    assert tab.filters["category"].count() == 4  # "all" and the three categories


def test_window_has_the_six_tabs_and_names_the_database(qtbot, db) -> None:
    window = make_window(qtbot, db)
    qtbot.waitUntil(lambda: window.overview.data is not None)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert len(titles) == 6
    title = window.windowTitle()
    assert title == f"江宁街道工会 — {db.path.name}"  # Qt adds the program's name after it
    assert str(db.path.parent) not in title and APP_NAME not in title
    assert window.statusBar().toolTip() == str(db.path)  # the full path, where it is asked for


def test_add_enterprise_through_its_form_and_find_it_in_the_table(qtbot, db) -> None:
    window = make_window(qtbot, db)
    tab = window.record_tabs["enterprise"]
    window.tabs.setCurrentWidget(tab)

    def fill(form) -> None:
        assert isinstance(form, RecordForm)
        type_into(qtbot, form, "name", "南京金鼎科技有限公司")
        type_into(qtbot, form, "credit_code", GOOD)
        type_into(qtbot, form, "staff_count", "88")
        form.editors["union_status"].set_value("已建会")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    when_modal(fill)
    tab.add_record()
    assert tab.model.rowCount() == 1
    row = tab.model.row_of(tab.selected_id())
    assert tab.model.index(row, 0).data() == "南京金鼎科技有限公司"
    assert window.count_label.text().endswith("1")
    with db.read() as session:
        assert session.scalar(select(Enterprise.staff_count)) == 88


def test_filter_and_search_narrow_the_table(qtbot, db) -> None:
    with db.write() as session:
        generate(session, enterprises=200, families=0, trainings=0, seed=3)
        target = session.scalars(select(Enterprise).order_by(Enterprise.id).limit(1)).one()
        name, unionised = target.name, session.scalars(
            select(Enterprise.id).where(Enterprise.union_status == "已建会")).all()  # fmt: skip
    window = make_window(qtbot, db)
    tab = window.record_tabs["enterprise"]
    window.tabs.setCurrentWidget(tab)
    assert tab.model.rowCount() == 200
    combo = tab.filters["union_status"]
    combo.setCurrentIndex(combo.findData("已建会"))
    assert tab.model.rowCount() == len(unionised)
    combo.setCurrentIndex(0)
    type_text(qtbot, tab.search, name)
    qtbot.waitUntil(lambda: tab.model.rowCount() < 200)
    assert name in [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())]


def test_edit_a_family_and_see_the_audit_log_entry(qtbot, db, context_of) -> None:
    with db.write() as session:
        generate(session, enterprises=5, families=3, trainings=0, seed=5)
        family = session.scalars(select(HardshipFamily).limit(1)).one()
        family_id, old_address = family.id, family.address
    form = RecordForm(db, FAMILY, record_id=family_id)
    qtbot.addWidget(form)
    form.show()
    assert form.editors["id_number"].value() == family.id_number  # full number in own form
    type_into(qtbot, form, "address", "江宁街道天元中路8号")
    assert form.save()
    with db.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.table_name, entry.row_id, entry.action) == ("family", family_id, "update")
    assert "江宁街道天元中路8号" in entry.changes and old_address in entry.changes
    assert entry.operator == "测试员"


def test_masked_id_numbers_in_the_table(qtbot, db) -> None:
    with db.write() as session:
        generate(session, enterprises=3, families=2, trainings=0, seed=9)
    window = make_window(qtbot, db)
    tab = window.record_tabs["family"]
    window.tabs.setCurrentWidget(tab)
    column = [f.key for f in tab.model.columns].index("id_number")
    shown = tab.model.index(0, column).data()
    assert shown[6:14] == "********" and len(shown) == 18


def test_delete_asks_names_what_goes_and_can_be_undone(qtbot, db, context_of) -> None:
    with db.write() as session:
        company = records.create(session, ENTERPRISE, {"name": "甲公司", "union_status": "未建会"},
                                 context_of(session))  # fmt: skip
        session.add_all([])
        from unionapp.schema.records import VISIT

        records.create(session, VISIT, {"visit_date": "2024-01-02"}, context_of(session),
                       parent_id=company.id)  # fmt: skip
    window = make_window(qtbot, db)
    tab = window.record_tabs["enterprise"]
    window.tabs.setCurrentWidget(tab)
    tab.view.selectRow(0)
    when_modal(answer(QMessageBox.StandardButton.Yes))
    tab.delete_record()
    assert "1条走访记录" in answer.last_text
    assert tab.model.rowCount() == 0
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert tab.model.rowCount() == 1
    with db.read() as session:
        assert session.get(Enterprise, company.id).visits[0].visit_date.isoformat() == "2024-01-02"


def test_closing_a_changed_form_asks_first(qtbot, db) -> None:
    form = RecordForm(db, ENTERPRISE)
    qtbot.addWidget(form)
    form.show()
    type_into(qtbot, form, "name", "未保存的企业")
    when_modal(answer(QMessageBox.StandardButton.Cancel))
    form.reject()
    assert form.isVisible()  # Cancel keeps the form open
    when_modal(answer(QMessageBox.StandardButton.Discard))
    form.reject()
    assert not form.isVisible()
    with db.read() as session:
        assert session.scalar(select(Enterprise.id)) is None


def test_window_layout_persists(qtbot, db) -> None:
    window = make_window(qtbot, db)
    window.resize(790, 560)  # the offscreen screen is 800 x 600; restoring clamps to it
    window.tabs.setCurrentWidget(window.record_tabs["enterprise"])
    window.record_tabs["enterprise"].view.setColumnWidth(0, 333)
    window.tabs.setCurrentIndex(3)
    window.close()
    again = make_window(qtbot, db)
    assert again.tabs.currentIndex() == 3
    assert abs(again.size().width() - 790) <= 2 and abs(again.size().height() - 560) <= 2
    enterprises = again.record_tabs["enterprise"]
    assert not enterprises.built  # a tab's widgets are made when it is first shown
    again.tabs.setCurrentWidget(enterprises)
    assert enterprises.view.columnWidth(0) == 333


def test_keyboard_ctrl_tab_and_find(qtbot, db) -> None:
    window = make_window(qtbot, db)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tabs.setCurrentIndex(1)
    qtbot.keyClick(window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    tab = window.current_record_tab()
    qtbot.waitUntil(tab.search.hasFocus)


def test_a_record_changed_while_the_delete_question_is_open_is_not_deleted(
    qtbot, db, context_of
) -> None:
    """The question names the record as it was read; a change made meanwhile (another clerk
    adds a visit) refuses the delete instead of taking more than the clerk agreed to."""
    with db.write() as session:
        values = {"name": "乙公司", "union_status": "未建会"}
        company = records.create(session, ENTERPRISE, values, context_of(session))
    window = make_window(qtbot, db)
    tab = window.record_tabs["enterprise"]
    window.tabs.setCurrentWidget(tab)
    tab.view.selectRow(0)

    def another_clerk_edits_then_yes(widget: QWidget) -> None:
        with db.write() as session:
            changed = {"phone": "13912345678"}
            records.update(session, ENTERPRISE, company.id, changed, context_of(session))
        when_modal(answer(QMessageBox.StandardButton.Ok))  # the refusal that follows
        answer(QMessageBox.StandardButton.Yes)(widget)

    when_modal(another_clerk_edits_then_yes)
    tab.delete_record()
    assert "修改" in answer.last_text  # the refusal says the record changed meanwhile
    with db.read() as session:
        assert session.get(Enterprise, company.id).phone == "13912345678"
    assert not window.undo_action.isEnabled()
