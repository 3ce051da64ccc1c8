"""Other clerks' changes in the window: the watcher refreshes what they changed (selection and
scroll kept), F5 refreshes by hand, an open form is never reloaded under the clerk's fingers
but says its record changed, and saving over a change asks first. Two Database objects on one
SQLite file, and on one PostgreSQL database (direct mode)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import select

from tests.ui.conftest import type_text, when_modal
from ui.main_window import MainWindow
from ui.record_form import RecordForm
from ui.worker import Worker
from unionapp.database import Database, open_database
from unionapp.models import Enterprise
from unionapp.schema.records import ENTERPRISE
from unionapp.services import records


@pytest.fixture(params=("sqlite", "postgresql"))
def pair(request: pytest.FixtureRequest) -> Iterator[tuple[Database, Database]]:
    """This window's database and another clerk's, on the same file or server database."""
    if request.param == "sqlite":
        target = str(request.getfixturevalue("db_path"))
    else:
        target = request.getfixturevalue("pg_url")
    mine = open_database(target, operator="本机")
    other = open_database(target, operator="同事")
    yield mine, other
    for widget in QApplication.topLevelWidgets():  # before the database goes
        if isinstance(widget, RecordForm):
            widget._timer.stop()
            widget.discard()
        elif isinstance(widget, MainWindow):
            widget.change_watch.stop()
    Worker.wait_all()
    other.close()
    mine.close()


def add(database: Database, name: str, **values: object) -> int:
    with database.write() as session:
        raw = {"name": name, "union_status": "未建会", **values}
        return records.create(session, ENTERPRISE, raw, records.make_context(session)).id


def rename(database: Database, record_id: int, **values: object) -> None:
    with database.write() as session:
        records.update(session, ENTERPRISE, record_id, values, records.make_context(session))


def window_on(qtbot, database: Database) -> MainWindow:
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.record_tabs["enterprise"])
    qtbot.waitUntil(lambda: window.change_watch.watching, timeout=10000)
    return window


def look(window: MainWindow) -> frozenset[str]:
    """What the 2-second timer does, done now."""
    return window.change_watch.poll()


def click(text: str):  # type: ignore[no-untyped-def]
    def answer(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox), type(widget)
        [button] = [b for b in widget.buttons() if b.text() == text]
        button.click()

    return answer


def test_another_clerks_change_shows_with_selection_and_scroll_kept(qtbot, pair) -> None:
    mine, other = pair
    ids = [add(mine, f"企业{n:03d}") for n in range(120)]
    window = window_on(qtbot, mine)
    tab = window.record_tabs["enterprise"]
    tab.select_id(ids[80])
    bar = tab.view.verticalScrollBar()
    scrolled = bar.value()
    assert scrolled > 0
    look(window)  # this window's own reading is no change
    added = add(other, "企业新")
    rename(other, ids[81], name="企业改名")
    qtbot.waitUntil(lambda: "enterprise" in look(window) or tab.model.row_of(added) is not None)
    assert tab.model.row_of(added) is not None
    assert tab.selected_id() == ids[80] and bar.value() == scrolled
    row = tab.model.row_of(ids[81])
    assert tab.model.index(row, 0).data() == "企业改名"


def test_a_tab_not_in_view_reloads_when_shown_and_f5_refreshes_by_hand(qtbot, pair) -> None:
    mine, other = pair
    window = window_on(qtbot, mine)
    companies = window.record_tabs["enterprise"]
    window.tabs.setCurrentWidget(window.record_tabs["family"])
    added = add(other, "隔壁登记的企业")
    qtbot.waitUntil(lambda: bool(companies.property("stale")) or bool(look(window)))
    assert companies.property("stale") and companies.model.row_of(added) is None
    window.tabs.setCurrentWidget(companies)
    assert companies.model.row_of(added) is not None
    window.change_watch.stop()  # by hand only from here
    second = add(other, "再登记的企业")
    assert companies.model.row_of(second) is None
    [refresh] = [a for a in window.findChildren(QAction) if a.shortcut().toString() == "F5"]
    assert refresh.text() == "&Refresh"
    refresh.trigger()
    assert companies.model.row_of(second) is not None


def open_form(window: MainWindow, record_id: int) -> RecordForm:
    tab = window.record_tabs["enterprise"]
    form = RecordForm(window.database, ENTERPRISE, record_id=record_id, parent=tab)
    form.show()
    return form


def test_an_open_form_keeps_the_edits_and_says_the_record_changed(qtbot, pair) -> None:
    mine, other = pair
    record = add(mine, "甲公司", address="旧地址")
    window = window_on(qtbot, mine)
    form = open_form(window, record)
    qtbot.addWidget(form)
    form.editors["address"].widget.clear()
    type_text(qtbot, form.editors["address"].widget, "我正在输入的地址")
    rename(other, record, phone="02552101234")
    qtbot.waitUntil(lambda: bool(look(window)) or form.guard.notice.isVisible())
    assert form.guard.notice.isVisible() and "changed" in form.guard.notice.text()
    assert form.editors["address"].value() == "我正在输入的地址"

    # 载入最新内容: the edits go, the other clerk's version shows
    when_modal(click("Load the latest content"), QMessageBox)
    assert form.save() is False
    assert form.editors["phone"].value() == "02552101234"
    assert form.editors["address"].value() == "旧地址"
    assert not form.guard.notice.isVisible()


@pytest.mark.parametrize("choice", ["Save my edits over it", "Cancel"])
def test_saving_over_a_change_asks_first(qtbot, pair, choice) -> None:
    mine, other = pair
    record = add(mine, "甲公司", address="旧地址")
    window = window_on(qtbot, mine)
    form = open_form(window, record)
    qtbot.addWidget(form)
    form.editors["address"].widget.clear()
    type_text(qtbot, form.editors["address"].widget, "新地址")
    rename(other, record, phone="02552101234")
    when_modal(click(choice), QMessageBox)
    saved = form.save()
    with other.read() as session:
        company = session.get(Enterprise, record)
        stored = (company.address, company.phone)
    if choice == "Cancel":
        assert saved is False and form.isVisible()
        assert stored == ("旧地址", "02552101234")  # nothing saved, the edits still typed
        assert form.editors["address"].value() == "新地址"
    else:
        assert saved is True
        assert stored == ("新地址", "02552101234")  # mine on top of the new version


def test_a_record_deleted_meanwhile_is_said_and_nothing_saved(qtbot, pair) -> None:
    mine, other = pair
    record = add(mine, "甲公司")
    window = window_on(qtbot, mine)
    form = open_form(window, record)
    qtbot.addWidget(form)
    type_text(qtbot, form.editors["address"].widget, "要复制的文字")
    with other.write() as session:
        records.delete(session, ENTERPRISE, record)
    when_modal(click("Keep the form open"), QMessageBox)
    assert form.save() is False
    assert form.isVisible() and not form.save_button.isEnabled()
    assert form.editors["address"].value() == "要复制的文字"
    assert "deleted" in form.guard.notice.text()
    with mine.read() as session:
        assert session.scalar(select(Enterprise.id)) is None
    form.reject()  # closing asks nothing: there is nothing to save it to
    assert not form.isVisible()


def test_restore_closes_the_watcher_first(qtbot, pair) -> None:
    mine, _other = pair
    window = window_on(qtbot, mine)
    assert window.change_watch.watching
    window.files._release_database()
    assert not window.change_watch.watching


def test_the_question_speaks_chinese(qtbot, qapp, pair) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import install_translator

    mine, other = pair
    record = add(mine, "甲公司")
    translators = install_translator(qapp, "zh_CN")
    try:
        window = window_on(qtbot, mine)
        form = open_form(window, record)
        qtbot.addWidget(form)
        rename(other, record, phone="02552101234")
        assert form.guard.check(frozenset({"enterprise"}))
        assert form.guard.notice.text().startswith("此记录已被他人修改")
        seen: list[str] = []

        def read_and_cancel(widget: QWidget) -> None:
            assert isinstance(widget, QMessageBox)
            seen.extend(b.text() for b in widget.buttons())
            click("取消")(widget)

        when_modal(read_and_cancel, QMessageBox)
        assert form.save() is False
        assert set(seen) == {"载入最新内容", "仍用我的修改覆盖", "取消"}
    finally:
        for translator in translators:
            QCoreApplication.removeTranslator(translator)
