"""Start the program: Qt application, fonts, language, the window, then the database.

The window is shown before SQLAlchemy is imported: the ORM loads and the database opens in a
worker thread (`Startup`), and the window is enabled when it is ready. Nothing this module
imports at the top loads the ORM (a test checks it).
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ui.i18n import install_translator
from ui.main_window import MainWindow
from ui.worker import Worker
from unionapp import APP_NAME
from unionapp.bundled_fonts import BUNDLED, FONTS_DIR, SCRIPTS
from unionapp.db import DatabaseError
from unionapp.db.paths import resolve_database, sqlite_file
from unionapp.safety.lock import InstanceLock

if TYPE_CHECKING:
    from unionapp.db import Database

UI_FONT_SIZE = 10
WINDOWS_UI_FAMILY = "Microsoft YaHei"  # the native face, when the PC has it
FALLBACK_AFTER_MS = 50  # the other fonts register this long after the window first paints
# The window falls back through the same fonts printing does (the sans chain).
FALLBACK_ORDER = ("sans", *SCRIPTS, "ext_a", "song", "ext_b")
CHECKS_AFTER_MS = 3000


@cache
def _register(path: Path) -> str | None:
    """Register one font file with Qt (once); its first family, None if unusable."""
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def register_fonts() -> str | None:
    """The window's main face, ready before the first paint: Microsoft YaHei on a Windows PC
    that has it, else the bundled WenQuanYi Micro Hei (the only file read before the paint)."""
    if sys.platform == "win32" and QFontDatabase.hasFamily(WINDOWS_UI_FAMILY):
        return WINDOWS_UI_FAMILY
    return _register(FONTS_DIR / BUNDLED["sans"].file)


def add_fallback_fonts(app: QApplication, primary: str | None) -> list[str]:
    """Register the other bundled fonts and give the application font the fallback list, so
    the window shows what the PDFs print (刘𠇔, Tibetan, Uyghur, Mongolian, Yi …)."""
    families = [primary] if primary else []
    for key in FALLBACK_ORDER:
        family = _register(FONTS_DIR / BUNDLED[key].file)
        if family and family not in families:
            families.append(family)
    font = app.font()
    font.setFamilies(families)
    app.setFont(font)
    return families


class AfterFirstPaint(QObject):
    """Calls back a moment after the first window is exposed: what the first screen does not
    need (30 MB of fallback fonts) stays out of its way."""

    def __init__(self, app: QApplication, callback: Callable[[], object]) -> None:
        super().__init__(app)
        self.app, self.callback = app, callback
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose:
            self.app.removeEventFilter(self)
            QTimer.singleShot(FALLBACK_AFTER_MS, self.app, self.callback)
        return False


def make_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    app.setOrganizationName("unionapp")
    app.setApplicationName("unionapp")
    app.setApplicationDisplayName(APP_NAME)
    family = register_fonts()
    if family:
        app.setFont(QFont(family, UI_FONT_SIZE))
    AfterFirstPaint(app, lambda: add_fallback_fonts(app, family))  # type: ignore[arg-type]
    install_translator(app)
    return app  # type: ignore[return-value]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description=APP_NAME)
    parser.add_argument("--db", metavar="PATH_OR_URL", help="database file or SQLAlchemy URL")
    parser.add_argument("--read-only", action="store_true", help="open without saving changes")
    return parser.parse_args(list(argv))


@dataclass
class Running:
    app: QApplication
    window: MainWindow
    startup: Startup
    lock: InstanceLock | None


def start(argv: Sequence[str]) -> Running | None:
    """Everything up to the window on screen, the database opening behind it; None when the
    clerk chose to quit (the database is open in another copy)."""
    args = parse_args(argv)
    app = make_application([sys.argv[0], *argv])
    path = sqlite_file(resolve_database(args.db))
    lock = InstanceLock(path) if path is not None else None
    read_only = args.read_only
    if lock is not None and not read_only:
        owner = lock.acquire()
        if owner is not None:
            if not offer_read_only(owner.pid):
                return None
            read_only = True
    try:
        window = MainWindow(location=str(path) if path is not None else "")
        window.show()
        app.processEvents()  # painted before the worker thread competes for the interpreter
        startup = Startup(window, args.db, path, read_only)
        startup.begin()
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return Running(app, window, startup, lock)


def run(argv: Sequence[str] | None = None) -> int:
    running = start(list(sys.argv[1:] if argv is None else argv))
    if running is None:
        return 0
    try:
        code = running.app.exec()
        Worker.wait_all()
        release_widgets(running.app)
        return running.startup.exit_code if running.startup.exit_code is not None else code
    finally:
        if running.lock is not None:
            running.lock.release()


class Startup(QObject):
    """Open the database behind the shown window. The ORM loads and the file opens (with any
    migration and its safety copy) in a worker thread; recovery from a damaged file and the
    password are asked on the GUI thread; then the window gets its database."""

    def __init__(self, window: MainWindow, target: str | None, path: Path | None,
                 read_only: bool) -> None:  # fmt: skip
        super().__init__(window)
        self.window, self.target, self.path, self.read_only = window, target, path, read_only
        self.exit_code: int | None = None  # set when the program should end without working
        self.worker: Worker | None = None

    def begin(self) -> None:
        target, read_only = self.target, self.read_only

        def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
            from unionapp.db import open_database

            try:
                database = open_database(target, read_only=read_only)
            except DatabaseError as error:
                return str(error)
            preload()
            return database

        self.worker = Worker(job)
        self.worker.succeeded.connect(self._opened)
        self.worker.failed.connect(self._failed)
        self.worker.start()

    def _opened(self, outcome: Database | str) -> None:
        if not self.window.isVisible():  # closed while the database was opening
            if not isinstance(outcome, str):
                outcome.close()
            return
        if isinstance(outcome, str):  # the file could not be opened
            outcome = offer_recovery(outcome, self.target, self.path, self.read_only,
                                     self.window)  # fmt: skip
            if outcome is None:
                self._give_up(1)
                return
        from ui.guard import IdleLock, ask_password

        if not ask_password(outcome, self.window):
            outcome.close()
            self._give_up(0)
            return
        self.window.attach_database(outcome)
        IdleLock(self.window, outcome)
        # The daily backup and the quick check wait until the first screen has settled.
        QTimer.singleShot(CHECKS_AFTER_MS, self.window, self._start_checks)

    def _start_checks(self) -> None:
        if self.window.isVisible():
            self.window.start_background_checks()

    def _failed(self, message: str) -> None:
        QMessageBox.critical(self.window, APP_NAME, message)
        self._give_up(1)

    def _give_up(self, code: int) -> None:
        self.exit_code = code
        self.window.close()


def preload() -> None:
    """Import what the tabs use first while the window waits for the database anyway."""
    import unionapp.services.filters
    import unionapp.services.listing
    import unionapp.services.monthly
    import unionapp.services.reminders
    import unionapp.services.targets  # noqa: F401


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


def offer_recovery(problem: str, target: str | None, path: Path | None, read_only: bool,
                   parent: QWidget | None = None) -> Database | None:  # fmt: skip
    """The database would not open: offer the newest sound backup, or say why and give up."""
    from unionapp.db import open_database
    from unionapp.safety.backups import newest_sound_backup, restore_from

    backup = newest_sound_backup(path) if path is not None and path.exists() else None
    if backup is None or read_only:
        QMessageBox.critical(parent, APP_NAME, problem)
        return None
    answer = QMessageBox.question(parent, APP_NAME, QApplication.translate(
        "Startup", "{0}\n\nRestore the newest sound backup, taken {1}? A copy of the "
        "current file is kept.").format(problem, backup.taken.strftime("%Y-%m-%d %H:%M")))  # fmt: skip
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        restore_from(path, backup.path)
        return open_database(target)
    except DatabaseError as second:
        QMessageBox.critical(parent, APP_NAME, str(second))
        return None
