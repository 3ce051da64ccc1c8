"""The family tab as the archive: the lists under a family (members, help, yearly reviews,
documents), leaving the archive and coming back, read-only mode, and the selection staying on
the record the clerk is working on."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from tests.ui.conftest import answer, when_modal
from tests.ui.families import add_child, new_family, person
from ui.archive_actions import ArchiveDialog
from ui.main_window import MainWindow
from ui.record_form import RecordForm
from ui.record_tab import RecordTab
from unionapp.database import open_database
from unionapp.models import FamilyReview, HardshipFamily
from unionapp.schema.records import ASSISTANCE, MEMBER

TODAY = date.today()


def family_tab(qtbot, db) -> tuple[MainWindow, RecordTab]:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    tab = window.record_tabs["family"]
    window.tabs.setCurrentWidget(tab)
    return window, tab


def panel(tab: RecordTab, key: str):
    return next(p for p in tab.children_panels if p.spec.key == key)


def column(model, key: str) -> int:
    return [f.key for f in model.columns].index(key)


def cell(tab: RecordTab, record_id: int, key: str):
    return tab.model.index(tab.model.row_of(record_id), column(tab.model, key)).data()


def test_under_a_family_its_members_help_reviews_and_documents(qtbot, db) -> None:
    family_id = new_family(db)
    member = {"name": "李小红", "relation": "子女", "id_number": person(40, 2010)}
    add_child(db, MEMBER, family_id, **member, medical_insurance="居民医保")
    aid = {"given_on": "2024-02-01", "kind": "临时救助", "amount_fen": "800"}
    add_child(db, ASSISTANCE, family_id, **aid, application_type="临时")
    _window, tab = family_tab(qtbot, db)
    titles = [tab.details.tabText(i) for i in range(tab.details.count())]
    assert titles == ["Details", "Household members", "Assistance", "Yearly reviews", "Documents"]
    assert "attachment_count" in [f.key for f in tab.model.columns]  # 证明材料 column
    tab.select_id(family_id)
    members = panel(tab, "member")
    heading = Qt.Orientation.Horizontal
    headers = [members.model.headerData(c, heading, 0) for c in range(members.model.columnCount())]
    assert "身份证号" in headers and "医保" in headers
    assert members.model.index(0, column(members.model, "id_number")).data().count("*") == 8
    help_given = panel(tab, "assistance")
    assert help_given.model.index(0, column(help_given.model, "application_type")).data() == "临时"


def fill_review(outcome: str, date_text: str):
    def fill(form) -> None:
        assert isinstance(form, RecordForm)
        form.editors["review_date"].set_value(date_text)
        form.editors["reviewer"].set_value("王审核")
        form.editors["outcome"].set_value(outcome)
        assert form.save()

    return fill


def test_a_review_that_ends_in_an_exit_takes_the_family_off_file_and_its_row_follows(
    qtbot, db
) -> None:
    family_id = new_family(db)
    _window, tab = family_tab(qtbot, db)
    tab.select_id(family_id)
    reviews = panel(tab, "review")
    assert reviews.add_button.isEnabled()
    when_modal(fill_review("继续在档", f"{TODAY.year}-01-10"), RecordForm)
    reviews.add()
    assert cell(tab, family_id, "reviewed_on") == f"{TODAY.year}-01-10"
    when_modal(fill_review("脱困", f"{TODAY.year}-02-20"), RecordForm)
    reviews.add()
    assert cell(tab, family_id, "status") == "已脱困"
    assert tab.selected_id() == family_id and reviews.model.rowCount() == 2
    assert "已脱困" in tab.summary.toPlainText()
    assert tab.archive_actions.reopen_button.isEnabled()
    assert not tab.archive_actions.leave_button.isEnabled()
    second = reviews.selected_id()
    when_modal(answer(QMessageBox.StandardButton.Yes))
    reviews.delete()
    assert reviews.model.rowCount() == 1
    assert cell(tab, family_id, "reviewed_on") == f"{TODAY.year}-01-10"
    _window.undo_action.trigger()
    assert reviews.model.rowCount() == 2 and reviews.selected_id() == second
    assert cell(tab, family_id, "reviewed_on") == f"{TODAY.year}-02-20"  # the undo counts too
    with db.read() as session:
        assert session.get(FamilyReview, second).outcome == "脱困"


def leave_with(status: str | None, reason: str):
    def fill(dialog) -> None:
        assert isinstance(dialog, ArchiveDialog)
        if status is not None:
            dialog.editors["status"].set_value(status)
        dialog.editors["when"].set_value(TODAY.isoformat())
        dialog.editors["reason"].set_value(reason)
        dialog.ok_button.click()
        if dialog.isVisible():  # refused: say so and give up
            fill.refused = [m.full_text for m in dialog.messages.values() if m.is_shown()]
            dialog.reject()

    fill.refused = []
    return fill


def test_leaving_and_coming_back_from_the_buttons_and_the_row_menu(qtbot, db) -> None:
    first, second = new_family(db, 1), new_family(db, 2)
    _window, tab = family_tab(qtbot, db)
    tab.select_id(second)
    actions = tab.archive_actions
    assert actions.leave_button.isEnabled() and not actions.reopen_button.isEnabled()
    missing = leave_with("已退档", "")
    when_modal(missing, ArchiveDialog)
    assert not actions.leave()
    assert missing.refused == ["脱困/退档原因：必填"]  # the reason is required
    when_modal(leave_with("已退档", "迁出本街道"), ArchiveDialog)
    assert actions.leave()
    with db.read() as session:
        family = session.get(HardshipFamily, second)
        assert (family.status, family.exit_date) == ("已退档", TODAY)
        assert family.exit_reason == "迁出本街道"
    assert tab.selected_id() == second and cell(tab, second, "status") == "已退档"
    assert not actions.leave_button.isEnabled() and actions.reopen_button.isEnabled()
    menu = {a.text(): a for a in tab.view.actions()}
    assert not menu["Leave the archive…"].isEnabled()
    when_modal(leave_with(None, "再次申请，入户核实仍困难"), ArchiveDialog)
    menu["Back on file…"].trigger()
    with db.read() as session:
        family = session.get(HardshipFamily, second)
        assert family.status == "在档" and "再次申请" in family.notes
    assert tab.selected_id() == second and cell(tab, second, "status") == "在档"
    assert cell(tab, first, "status") == "在档"


def test_a_family_that_leaves_a_filtered_list_is_said_to_have_gone(qtbot, db) -> None:
    family_id = new_family(db)
    _window, tab = family_tab(qtbot, db)
    status = tab.filters["status"]
    status.setCurrentIndex(status.findData("在档"))
    tab.select_id(family_id)
    when_modal(leave_with("已脱困", "再就业，收入稳定"), ArchiveDialog)
    assert tab.archive_actions.leave()
    assert tab.model.rowCount() == 0 and tab.selected_id() is None
    assert tab.hint.text() == "The record was saved; it no longer matches the filters."
    assert tab.summary.toPlainText() == ""  # the details never show a family not selected


def test_read_only_database_disables_what_writes_from_the_start(qtbot, db, db_path) -> None:
    family_id = new_family(db)
    reader = open_database(str(db_path), read_only=True)
    try:
        _window, tab = family_tab(qtbot, reader)
        tab.select_id(family_id)
        for button in (tab.add_button, tab.edit_button, tab.delete_button, tab.import_button):
            assert not button.isEnabled() and "read-only" in button.toolTip()
        assert tab.export_button.isEnabled() and tab.print_button.isEnabled()
        for child in tab.children_panels:
            assert not child.add_button.isEnabled(), child.spec.key
            assert "read-only" in child.add_button.toolTip()
        assert not tab.archive_actions.leave_button.isEnabled()
        documents = panel(tab, "attachment")
        assert not documents.delete_button.isEnabled()
        tab.add_record()  # Ctrl+N from the menu: nothing opens, the reason is shown
        assert "read-only" in tab.hint.text()
        assert not [w for w in qtbot_widgets() if isinstance(w, RecordForm)]
    finally:
        reader.close()


def qtbot_widgets():
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_selection_stays_on_the_record_through_delete_undo_save_and_search(qtbot, db) -> None:
    ids = [new_family(db, n, worker_name=f"职工{n}") for n in range(1, 5)]
    window, tab = family_tab(qtbot, db)
    tab.select_id(ids[1])
    when_modal(answer(QMessageBox.StandardButton.Yes))
    tab.delete_record()
    assert tab.selected_id() == ids[2]  # the neighbour, and its details
    assert "职工3" in tab.summary.toPlainText()
    window.undo_action.trigger()
    assert tab.selected_id() == ids[1] and "职工2" in tab.summary.toPlainText()

    def rename(form) -> None:
        form.editors["worker_name"].set_value("职工二")
        assert form.save()

    when_modal(rename, RecordForm)
    tab.edit_record()
    assert tab.selected_id() == ids[1] and "职工二" in tab.summary.toPlainText()
    tab.model.set_search("职工4")
    assert tab.selected_id() is None and tab.summary.toPlainText() == ""
    tab.view.selectRow(0)
    tab.model.set_search("职工")
    assert tab.selected_id() == ids[3] and "职工4" in tab.summary.toPlainText()


def test_ethnicity_list_has_an_explicit_blank_in_member_and_family_filters(qtbot, db) -> None:
    """A combo offered in any form of the archive never starts on a silent first choice."""
    family_id = new_family(db)
    for spec in (MEMBER, ASSISTANCE):
        form = RecordForm(db, spec, parent_id=family_id)
        qtbot.addWidget(form)
        for editor in form.editors.values():
            if isinstance(editor.widget, QComboBox):
                combo = editor.widget
                if editor.spec.default is not None:
                    assert editor.value() == editor.spec.default
                elif editor.spec.required:
                    assert combo.currentIndex() == -1
                else:
                    assert editor.value() == "" and combo.currentText() == "(not given)"
