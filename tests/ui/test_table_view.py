"""Copying rows with Ctrl+C and choosing the columns shown, on the real family table."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from tests.ui.conftest import answer, when_modal
from ui import table_view
from ui.main_window import MainWindow
from unionapp.models import HardshipFamily
from unionapp.services.demo import generate


def family_tab(qtbot, db):
    with db.write() as session:
        generate(session, enterprises=4, families=3, trainings=0, seed=5)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts go to the focused widget
    tab = window.record_tabs["family"]
    window.tabs.setCurrentWidget(tab)
    return window, tab


def select_rows(tab, *rows: int) -> None:
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    tab.view.clearSelection()
    for row in rows:
        tab.view.selectionModel().select(tab.model.index(row, 0), flags)


def press_copy(qtbot, tab) -> str:
    QApplication.clipboard().setText("before")
    tab.view.setFocus()
    qtbot.waitUntil(tab.view.hasFocus)
    qtbot.keyClick(tab.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QApplication.clipboard().text()


def test_ctrl_c_copies_the_selected_rows_as_shown(qtbot, db) -> None:
    _window, tab = family_tab(qtbot, db)
    select_rows(tab, 0, 2)
    lines = press_copy(qtbot, tab).splitlines()
    header = lines[0].split("\t")
    assert header[:3] == ["档案编号", "姓名", "身份证号"] and len(lines) == 3
    with db.read() as session:
        names = {f.worker_name: f.id_number for f in session.scalars(select(HardshipFamily))}
    first = lines[1].split("\t")
    assert first[1] in names and len(first) == len(header)
    assert first[2] != names[first[1]] and first[2][6:14] == "********"  # masked as shown


def test_hidden_columns_are_neither_shown_nor_copied_and_stay_hidden(qtbot, db) -> None:
    window, tab = family_tab(qtbot, db)
    menu = table_view.column_menu(tab.view)
    id_action = next(a for a in menu.actions() if a.text() == "身份证号")
    id_action.trigger()  # unticked: the column goes
    column = [f.key for f in tab.model.columns].index("id_number")
    assert tab.view.horizontalHeader().isSectionHidden(column)
    select_rows(tab, 1)
    assert "身份证号" not in press_copy(qtbot, tab).splitlines()[0].split("\t")
    window.close()
    again = MainWindow(db)
    qtbot.addWidget(again)
    again.tabs.setCurrentWidget(again.record_tabs["family"])
    assert again.record_tabs["family"].view.horizontalHeader().isSectionHidden(column)


def test_the_last_column_shown_cannot_be_hidden(qtbot, db) -> None:
    _window, tab = family_tab(qtbot, db)
    header = tab.view.horizontalHeader()
    for column in range(1, tab.model.columnCount()):
        header.setSectionHidden(column, True)
    actions = table_view.column_menu(tab.view).actions()
    assert not actions[0].isEnabled() and actions[0].isChecked()
    assert all(a.isEnabled() and not a.isChecked() for a in actions[1:])


def test_too_many_rows_are_not_copied_and_the_clerk_is_told(qtbot, db, monkeypatch) -> None:
    _window, tab = family_tab(qtbot, db)
    monkeypatch.setattr(table_view, "COPY_LIMIT", 2)
    select_rows(tab, 0, 1, 2)
    when_modal(answer(QMessageBox.StandardButton.Ok), QMessageBox)
    assert press_copy(qtbot, tab) == "before"
    assert answer.last_text == QCoreApplication.translate(
        "TableView",
        "{0} rows are selected. Copy at most {1} at a time, or use Export… for a list this long.",
    ).format("3", "2")


def test_right_click_offers_edit_delete_print_and_copy(qtbot, db) -> None:
    _window, tab = family_tab(qtbot, db)
    actions = {a.text(): a for a in tab.view.actions()}
    archive = [
        tab.archive_actions.tr("Leave the archive…"),
        tab.archive_actions.tr("Back on file…"),
    ]
    assert list(actions) == [tab.tr("Edit"), tab.tr("Delete"), *archive, tab.tr("Print…"),
                             tab.view.tr("Copy")]  # fmt: skip
    tab.view.selectRow(1)
    asked = {}

    def refuse(box) -> None:
        asked["text"] = box.text()
        box.button(QMessageBox.StandardButton.No).click()

    when_modal(refuse, QMessageBox)
    actions[tab.tr("Delete")].trigger()
    assert "“" in asked["text"] and tab.model.rowCount() == 3  # asked, and nothing went
    QApplication.clipboard().setText("before")
    actions[tab.view.tr("Copy")].trigger()
    assert QApplication.clipboard().text().count("\n") == 2  # header and the one row
