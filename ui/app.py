"""Start the program: Qt application, fonts, language, the window, then the database.

The window is shown before SQLAlchemy is imported: the ORM loads and the database opens in a
worker thread (`Startup`), and the window is enabled when it is ready. Nothing this module
imports at the top loads the ORM (a test checks it).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
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
from unionapp.db import (
    DatabaseDamaged,
    DatabaseError,
    PasswordRequired,
    ReadOnlyLocation,
    WrongPassword,
)
from unionapp.db.paths import locate
from unionapp.safety.lock import InstanceLock

if TYPE_CHECKING:
    from unionapp.database import Database

UI_FONT_SIZE = 10
WINDOWS_UI_FAMILY = "Microsoft YaHei"  # the native face, when the PC has it
FALLBACK_AFTER_MS = 50  # the other fonts register this long after the window first paints
# The window falls back through the same fonts printing does (the sans chain).
FALLBACK_ORDER = ("sans", *SCRIPTS, "ext_a", "song", "ext_b")
CHECKS_AFTER_MS = 3000
CLOSE_BACKUP_WAIT_MS = 30_000  # a backup at close never holds the program longer


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


def make_application(argv: Sequence[str], *, watch_first_paint: bool = True) -> QApplication:
    """The application with its main face and language. The fallback fonts follow the first
    paint: watched for (``AfterFirstPaint``), or, with ``watch_first_paint=False``, left to the
    caller, who knows when its window has painted (`start`: a filter on every event of the
    application made building the window 50 ms slower)."""
    app = QApplication.instance() or QApplication(list(argv))
    app.setOrganizationName("unionapp")
    app.setApplicationName("unionapp")
    app.setApplicationDisplayName(APP_NAME)
    family = register_fonts()
    if family:
        app.setFont(QFont(family, UI_FONT_SIZE))
    if watch_first_paint:
        AfterFirstPaint(app, lambda: add_fallback_fonts(app, family))  # type: ignore[arg-type]
    install_translator(app)
    return app  # type: ignore[return-value]


def add_fallback_fonts_soon(app: QApplication) -> None:
    """Register the fallback fonts a moment from now: called once the window has painted."""
    primary = register_fonts()  # registered already: the family only
    QTimer.singleShot(FALLBACK_AFTER_MS, app, lambda: add_fallback_fonts(app, primary))


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
    clerk chose to quit (the database is open in another copy, or cannot be found)."""
    args = parse_args(argv)
    app = make_application([sys.argv[0], *argv], watch_first_paint=False)
    try:
        location = locate(args.db)
    except DatabaseError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return None
    path = location.path
    lock = InstanceLock(path) if path is not None else None
    read_only = args.read_only
    if lock is not None and not read_only:
        owner = lock.acquire()
        if owner is not None:
            if not offer_read_only(owner.pid):
                return None
            read_only = True
    try:
        window = MainWindow(location=location.display_name)
        window.show()
        app.processEvents()  # painted before the worker thread competes for the interpreter
        add_fallback_fonts_soon(app)
        startup = Startup(window, args.db, path, read_only, tidy=lock is not None and lock.held)
        startup.begin()
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return Running(app, window, startup, lock)


def run(argv: Sequence[str] | None = None) -> int:
    from ui.errors import install_error_handler

    install_error_handler()
    running = start(list(sys.argv[1:] if argv is None else argv))
    if running is None:
        return 0
    try:
        code = running.app.exec()
        Worker.wait_all(timeout_ms=CLOSE_BACKUP_WAIT_MS)  # the backup at close, at most this
        release_widgets(running.app)
        return running.startup.exit_code if running.startup.exit_code is not None else code
    finally:
        if running.lock is not None:
            running.lock.release()


class Startup(QObject):
    """Open the database behind the shown window. The ORM loads and the file opens (with any
    migration and its safety copy) in a worker thread; the password of an encrypted file and
    the recovery of a damaged one are asked on the GUI thread; then the window gets its
    database."""

    def __init__(
        self,
        window: MainWindow,
        target: str | None,
        path: Path | None,
        read_only: bool,
        tidy: bool = False,
    ) -> None:
        super().__init__(window)
        self.window, self.target, self.path, self.read_only = window, target, path, read_only
        self.tidy = tidy  # this program holds the database: remove what killed runs left
        self.exit_code: int | None = None  # set when the program should end without working
        self.worker: Worker | None = None
        self.tries = 0
        self.password: str | None = None

    def begin(self, password: str | None = None) -> None:
        target, read_only, path, tidy = self.target, self.read_only, self.path, self.tidy
        self.password = password

        def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
            from unionapp.database import open_database

            if tidy and path is not None:
                from unionapp.safety.backups import clean_leftovers

                clean_leftovers(path)
            try:
                database = open_database(target, read_only=read_only, password=password)
            except DatabaseError as error:
                return error
            preload()
            return database

        self.worker = Worker(job)
        self.worker.succeeded.connect(self._opened)
        self.worker.failed.connect(self._failed)
        self.worker.start()

    def _opened(self, outcome: Database | DatabaseError) -> None:
        if not self.window.isVisible():  # closed while the database was opening
            if not isinstance(outcome, DatabaseError):
                outcome.close()
            return
        if isinstance(outcome, (PasswordRequired, WrongPassword)):
            self._ask_password(outcome)
            return
        if isinstance(outcome, ReadOnlyLocation) and not self.read_only:
            if offer_read_only_location(str(outcome)):
                self.read_only = True
                self.begin(self.password)
            else:
                self._give_up(0)
            return
        if isinstance(outcome, DatabaseError):
            recovered = offer_recovery(
                outcome, self.target, self.path, self.read_only, self.window, self.password
            )
            if recovered is None:
                self._give_up(1)
                return
            outcome = recovered
        self.window.attach_database(outcome)
        from ui.guard import IdleLock

        IdleLock(self.window, outcome)
        if not outcome.read_only and first_start_needed(outcome):
            QTimer.singleShot(0, self.window, self.window.show_first_start)
        # The daily backup and the quick check wait until the first screen has settled.
        QTimer.singleShot(CHECKS_AFTER_MS, self.window, self._start_checks)

    def _ask_password(self, problem: DatabaseError) -> None:
        from ui.guard import PasswordDialog

        if isinstance(problem, WrongPassword):
            self.tries += 1
        error = (
            ""
            if self.tries == 0
            else QApplication.translate("PasswordDialog", "Wrong password ({0} tries).").format(
                self.tries
            )
        )
        message = QApplication.translate(
            "PasswordDialog", "The database is encrypted. Enter its password to open it."
        )
        dialog = PasswordDialog(message, self.window, error=error)
        if dialog.exec() != PasswordDialog.DialogCode.Accepted:
            self._give_up(0)
            return
        time.sleep(min(2.0, 0.25 * self.tries))  # slow down guessing
        self.begin(dialog.password.text())

    def _start_checks(self) -> None:
        if self.window.isVisible():
            self.window.start_background_checks()

    def _failed(self, message: str) -> None:
        QMessageBox.critical(self.window, APP_NAME, message)
        self._give_up(1)

    def _give_up(self, code: int) -> None:
        self.exit_code = code
        self.window.close()


def first_start_needed(database: Database) -> bool:
    from unionapp.services.union_settings import first_start_needed

    with database.read() as session:
        return first_start_needed(session)


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
    Worker.wait_all(timeout_ms=CLOSE_BACKUP_WAIT_MS)  # jobs a close started (the backup)
    for widget in app.topLevelWidgets():
        widget.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    app.processEvents()
    gc.collect()


def offer_read_only(pid: int) -> bool:
    """Another copy of the program has the database: open read-only, or quit."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        APP_NAME,
        QApplication.translate(
            "Startup",
            "This database is open in another copy of the program (process {0}).\n"
            "Open it read-only, or quit?",
        ).format(pid),
    )
    read_only = box.addButton(
        QApplication.translate("Startup", "Open read-only"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QApplication.translate("Startup", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is read_only


def offer_read_only_location(message: str) -> bool:
    """The database is on read-only media: open it read-only, or quit."""
    box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, message)
    read_only = box.addButton(
        QApplication.translate("Startup", "Open read-only"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QApplication.translate("Startup", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is read_only


def offer_recovery(
    problem: DatabaseError,
    target: str | None,
    path: Path | None,
    read_only: bool,
    parent: QWidget | None = None,
    password: str | None = None,
) -> Database | None:
    """The database would not open. Only a damaged file is offered the newest sound backup (a
    file of another program, or of a newer version, is named and left alone)."""
    from unionapp.database import open_database
    from unionapp.db.keys import Keyring
    from unionapp.safety.backups import newest_sound_backup
    from unionapp.safety.restoring import restore_from

    keyring = Keyring(password) if password else None
    damaged = isinstance(problem, DatabaseDamaged) and path is not None and path.exists()
    backup = newest_sound_backup(path, keyring) if damaged else None
    if backup is None or read_only:
        QMessageBox.critical(parent, APP_NAME, str(problem))
        return None
    answer = QMessageBox.question(
        parent,
        APP_NAME,
        QApplication.translate(
            "Startup",
            "{0}\n\nRestore the newest sound backup, taken {1}? A copy of the "
            "current file is kept.",
        ).format(problem, backup.taken.strftime("%Y-%m-%d %H:%M")),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        restore_from(path, backup.path, keyring)
        return open_database(target, password=keyring)
    except DatabaseError as second:
        QMessageBox.critical(parent, APP_NAME, str(second))
        return None
