"""Start the program: Qt application, fonts, language, database, main window."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.guard import IdleLock, ask_password
from ui.i18n import install_translator
from ui.main_window import MainWindow
from ui.worker import Worker
from unionapp import APP_NAME
from unionapp.db import Database, DatabaseError, open_database
from unionapp.db.paths import resolve_database, sqlite_file
from unionapp.safety.backups import newest_sound_backup, restore_from
from unionapp.safety.lock import InstanceLock

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
UI_FONT_FILE = "wqy-microhei.ttc"


def register_fonts() -> str | None:
    """Register the bundled CJK font so the window looks the same on any PC."""
    font_id = QFontDatabase.addApplicationFont(str(FONTS / UI_FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def make_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    app.setOrganizationName("unionapp")
    app.setApplicationName("unionapp")
    app.setApplicationDisplayName(APP_NAME)
    family = register_fonts()
    if family:
        app.setFont(QFont(family, 10))
    install_translator(app)
    return app  # type: ignore[return-value]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description=APP_NAME)
    parser.add_argument("--db", metavar="PATH_OR_URL", help="database file or SQLAlchemy URL")
    parser.add_argument("--read-only", action="store_true", help="open without saving changes")
    return parser.parse_args(list(argv))


def run(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    app = make_application([sys.argv[0], *argv])
    path = sqlite_file(resolve_database(args.db))
    lock = InstanceLock(path) if path is not None else None
    read_only = args.read_only
    if lock is not None and not read_only:
        owner = lock.acquire()
        if owner is not None:
            if not offer_read_only(owner.pid):
                return 0
            read_only = True
    try:
        database = open_or_recover(args.db, path, read_only)
        if database is None:
            return 1
        if not ask_password(database):
            database.close()
            return 0
        window = MainWindow(database)
        IdleLock(window, database)
        window.show()
        window.start_background_checks()
        code = app.exec()
        Worker.wait_all()
        release_widgets(app)
        return code
    finally:
        if lock is not None:
            lock.release()


def release_widgets(app: QApplication) -> None:
    """Delete the windows while Qt is still alive: PySide6 can crash at interpreter exit when
    Python finalises widgets after the application object."""
    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    app.processEvents()
    gc.collect()


def offer_read_only(pid: int) -> bool:
    """Another copy of the program has the database: open read-only, or quit."""
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, QApplication.translate(
        "Startup", "This database is open in another copy of the program (process {0}).\n"
        "Open it read-only, or quit?").format(pid))  # fmt: skip
    read_only = box.addButton(QApplication.translate("Startup", "Open read-only"),
                              QMessageBox.ButtonRole.AcceptRole)  # fmt: skip
    box.addButton(QApplication.translate("Startup", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is read_only


def open_or_recover(target: str | None, path: Path | None, read_only: bool) -> Database | None:
    """Open the database; if it is damaged, offer the newest sound backup."""
    try:
        return open_database(target, read_only=read_only)
    except DatabaseError as error:
        backup = newest_sound_backup(path) if path is not None and path.exists() else None
        if backup is None or read_only:
            QMessageBox.critical(None, APP_NAME, str(error))
            return None
        answer = QMessageBox.question(None, APP_NAME, QApplication.translate(
            "Startup", "{0}\n\nRestore the newest sound backup, taken {1}? A copy of the "
            "current file is kept.").format(error, backup.taken.strftime("%Y-%m-%d %H:%M")))  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            restore_from(path, backup.path)
            return open_database(target)
        except DatabaseError as second:
            QMessageBox.critical(None, APP_NAME, str(second))
            return None
