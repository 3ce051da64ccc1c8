"""Data safety in the window: backups at start and close, recovery, read-only second copy,
audit log view, settings, password and idle lock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QMessageBox, QTableWidget
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.ui.conftest import answer, when_modal
from ui.app import Startup, offer_read_only
from ui.audit_dialog import AuditDialog
from ui.guard import IdleLock, PasswordDialog
from ui.main_window import MainWindow
from ui.record_form import RecordForm
from ui.settings_dialog import SettingsDialog
from unionapp.database import open_database
from unionapp.safety.backups import automatic_backup, list_backups
from unionapp.schema.records import ENTERPRISE
from unionapp.services import records
from unionapp.services.settings import get_setting, ownership_types


def add(db, name: str) -> int:
    with db.write() as session:
        return records.create(
            session,
            ENTERPRISE,
            {"name": name, "union_status": "未建会"},
            records.make_context(session),
        ).id


def test_daily_backup_after_start_and_a_backup_at_close(qtbot, db) -> None:
    from ui.worker import Worker
    from unionapp.safety.backups import backups_folder

    automatic_backup(db.path, "close", datetime(2024, 6, 1, 18, 0))  # an older day's backup
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.start_background_checks()
    qtbot.waitUntil(lambda: len(list_backups(db.path)) == 2, timeout=10_000)
    window.files.checks.wait()
    add(db, "关闭前最后保存的企业")
    qtbot.wait(1100)  # the close backup is named by the second
    window.close()
    Worker.wait_all()
    backups = list_backups(db.path)
    assert len(backups) == 2 and backups[0].taken.date() == datetime.now().date()  # newest of a day
    newest = open_database(str(backups[0].path))
    with newest.read() as session:
        assert "关闭前最后保存的企业" in session.scalars(select(ENTERPRISE.model.name)).all()
    newest.close()
    folder = sorted(p.name for p in backups_folder(db.path).iterdir())
    assert not [name for name in folder if name.endswith(("-wal", "-shm", ".partial"))]


def test_damaged_database_at_start_offers_the_newest_sound_backup(qtbot, db_path: Path) -> None:
    database = open_database(str(db_path))
    add(database, "备份前的企业")
    automatic_backup(db_path, "close", datetime(2024, 5, 1, 18, 0))
    database.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xee" * (4096 - 100)
    db_path.write_bytes(bytes(data))
    window = MainWindow(location=str(db_path))
    qtbot.addWidget(window)
    window.show()
    startup = Startup(window, str(db_path), db_path, read_only=False)
    when_modal(answer(QMessageBox.StandardButton.Yes), QMessageBox)
    startup.begin()
    qtbot.waitUntil(lambda: window.database is not None, timeout=10_000)
    assert "2024-05-01 18:00" in answer.last_text
    with window.database.read() as session:
        assert session.execute(select(ENTERPRISE.model.name)).scalar() == "备份前的企业"
    window.close()


def test_second_copy_is_offered_read_only_and_refuses_saves(qtbot, db_path: Path) -> None:
    def choose(box) -> None:
        answer.last_text = box.text()
        next(
            b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
        ).click()

    when_modal(choose, QMessageBox)
    assert offer_read_only(4242) and "4242" in answer.last_text
    database = open_database(str(db_path), read_only=True)
    window = MainWindow(database)
    qtbot.addWidget(window)
    assert window.windowTitle().endswith(window.tr(" (read-only)"))
    form = RecordForm(database, ENTERPRISE)
    qtbot.addWidget(form)
    form.editors["name"].widget.setText("甲")
    form.editors["union_status"].widget.setCurrentText("未建会")
    when_modal(answer(QMessageBox.StandardButton.Ok), QMessageBox)
    assert not form.save()
    assert "只读" in answer.last_text


def test_audit_log_view_filters_by_record_and_cannot_be_edited(qtbot, db) -> None:
    first = add(db, "甲公司")
    add(db, "乙公司")
    dialog = AuditDialog(db, table="enterprise", row_id=first)
    qtbot.addWidget(dialog)
    assert dialog.view.rowCount() == 1
    assert "企业名称：甲公司" in dialog.view.item(0, 5).text()
    assert dialog.view.item(0, 1).text() == "测试员"
    assert dialog.view.item(0, 2).text() == "企业"  # the table named for the clerk
    assert dialog.table_filter.currentText() == "企业"
    assert dialog.view.editTriggers() == QTableWidget.EditTrigger.NoEditTriggers
    dialog.row_filter.setText("")
    assert dialog.view.rowCount() == 2


def test_an_imported_record_shows_its_import_in_the_audit_log(qtbot, db, tmp_path) -> None:
    from tests.unionapp.spreadsheets.conftest import run_import, workbook

    rows = [["企业名称", "建会情况"], ["甲公司", "已建会"], ["乙公司", "未建会"]]
    sheet = workbook(tmp_path / "企业 名录.xlsx", {"企业": rows})
    assert run_import(db, "enterprises", sheet).ok
    with db.read() as session:
        second = max(session.scalars(select(ENTERPRISE.model.id)))
    dialog = AuditDialog(db, table="enterprise", row_id=second)
    qtbot.addWidget(dialog)
    assert dialog.view.rowCount() == 1
    assert dialog.view.item(0, 4).text() == "导入"
    assert dialog.view.item(0, 3).text() == str(second)
    assert "文件：企业 名录.xlsx" in dialog.view.item(0, 5).text()
    assert "企业名称：乙公司" in dialog.view.item(0, 5).text()
    dialog.row_filter.setText("")
    assert "2 条" in dialog.view.item(0, 5).text()  # the whole import, one line


def test_settings_set_the_union_name_idle_minutes_and_ownership_types(qtbot, db) -> None:
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    assert not dialog.idle.isEnabled()  # no password: nothing to unlock with
    dialog.union_name.setText("东山街道工会")
    dialog.new_type.setText("混合所有制")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with db.read() as session:
        assert get_setting(session, "union_name") == "东山街道工会"
        assert ownership_types(session)[-1] == "混合所有制"  # offered in the enterprise form now


def test_idle_lock_hides_the_window_until_the_password_is_given(qtbot, encrypted_db) -> None:
    db = encrypted_db
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.idle.isEnabled()
    dialog.idle.setValue(1)
    dialog.save()
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    guard = IdleLock(window, db)
    seen = {}

    def unlock(password_dialog) -> None:
        assert isinstance(password_dialog, PasswordDialog)
        seen["hidden"] = not window.centralWidget().isVisible()
        password_dialog.password.setText("wrong")
        password_dialog.check()
        seen["error"] = password_dialog.error.text()
        password_dialog.password.setText(PASSWORD)
        password_dialog.check()

    when_modal(unlock, PasswordDialog)
    guard.check(now=guard.last_input + 30)  # half a minute: nothing happens
    assert not seen
    guard.check(now=guard.last_input + 61)
    assert seen["hidden"] and seen["error"] == window.tr("Wrong password ({0} tries).").format(1)
    assert window.centralWidget().isVisible() and not guard.locked
    before = guard.last_input
    qtbot.wait(5)
    qtbot.keyClick(window, Qt.Key.Key_A)  # any key or mouse input counts as activity
    assert guard.watching and guard.last_input > before


def test_without_a_password_the_idle_lock_watches_nothing(qtbot, db) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    guard = IdleLock(window, db)
    assert not guard.watching  # no filter on every event when there is nothing to lock
    before = guard.last_input
    qtbot.wait(5)
    qtbot.keyClick(window, Qt.Key.Key_A)
    assert guard.last_input == before


def names_in(window: MainWindow) -> list[str]:
    with window.database.read() as session:
        return list(session.scalars(select(ENTERPRISE.model.name).order_by(ENTERPRISE.model.id)))


def test_restoring_a_backup_in_the_window_replaces_the_data_and_keeps_a_copy(
    qtbot, db, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from unionapp.safety.backups import backup_to, backups_folder

    add(db, "备份时就有")
    saved = backup_to(db.path, tmp_path / "那天的备份.sqlite3")
    add(db, "备份之后才加")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.files._restore(saved)
    replacement = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    )
    qtbot.addWidget(replacement)
    assert replacement is not window and names_in(replacement) == ["备份时就有"]
    kept = list(backups_folder(db.path).glob("*.before-restore-*.sqlite3"))
    assert len(kept) == 1  # the data as it was, in case the restore was a mistake
    replacement.close()


def test_a_broken_backup_is_refused_and_the_data_stays(qtbot, db, tmp_path: Path) -> None:
    add(db, "原有企业")
    broken = tmp_path / "坏的备份.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    when_modal(answer(QMessageBox.StandardButton.Ok), QMessageBox)
    window.files._restore(broken)
    assert "坏的备份" in answer.last_text
    assert window.isVisible() and names_in(window) == ["原有企业"]


def test_a_window_still_open_when_the_program_ends_is_backed_up_before_it_goes(qtbot, db) -> None:
    """When the program ends with the window still open (the session ends), release_widgets
    closes it: the backup at close that starts then is waited for, so no thread still runs
    when Python ends (Qt aborts the program then); a second close starts nothing more."""
    from PySide6.QtWidgets import QApplication

    from ui.app import release_widgets
    from ui.worker import Worker

    window = MainWindow(db)
    window.show()
    add(db, "结束前保存的企业")
    release_widgets(QApplication.instance())
    assert not [w for w in Worker._running if w.isRunning()]
    backups = list_backups(db.path)
    assert len(backups) == 1  # the backup at close, finished
    window.closeEvent(QCloseEvent())  # again, as Qt may send it
    assert not Worker._running and list_backups(db.path) == backups
