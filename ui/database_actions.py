"""What the File and Tools menus do with the database file itself: the checks and backup
after start, backups and restores, the password, opening or making another database, and the
backup at close. Long steps run off the GUI thread; the window then opens the result."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.worker import Worker, run_with_progress
from unionapp.db import DatabaseError, PasswordRequired, WrongPassword

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from unionapp.database import Database

log = logging.getLogger(__name__)


class DatabaseActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.checks: Worker | None = None

    def start_background_checks(self) -> None:
        """After the window shows: the daily backup and a quick integrity check, off the GUI
        thread; a damaged file is offered the newest sound backup."""
        path, key = self.window.database.path, self.window.database.key
        if path is None or self.window.database.read_only:
            return
        database = self.window.database

        def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
            from unionapp.safety.backups import automatic_backup
            from unionapp.safety.checking import check_database

            findings = check_database(database, quick=True)
            if not findings:
                automatic_backup(path, "start", key=key)
            return findings

        self.checks = Worker(job)
        self.checks.succeeded.connect(self._checks_done)
        self.checks.start()

    def _checks_done(self, findings: list) -> None:  # type: ignore[type-arg]
        if not findings:
            return
        from unionapp.safety.backups import newest_sound_backup

        backup = newest_sound_backup(self.window.database.path, self.window.database.keyring)
        text = self.tr("The database failed its integrity check:\n{0}").format(findings[0])
        if backup is None:
            QMessageBox.critical(self.window, self.tr("Database damaged"), text)
            return
        question = (
            text
            + "\n\n"
            + self.tr("Restore the newest sound backup, taken {0}?").format(
                backup.taken.strftime("%Y-%m-%d %H:%M")
            )
        )
        if QMessageBox.question(self.window, self.tr("Database damaged"), question) == (
            QMessageBox.StandardButton.Yes
        ):
            self._restore(backup.path)

    def back_up_to(self) -> Path | None:
        from unionapp.safety.backups import back_up, backup_suffix

        database = self.window.database
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Back up to"),
            str(Path.home() / f"工会工作台备份-{date.today():%Y%m%d}{backup_suffix(database)}"),
            self.tr("Database files (*.sqlite3)"),
        )
        if not name:
            return None
        key = database.key
        done = run_with_progress(
            self.window, self.tr("Back up"), name, lambda _p, _c: back_up(database, Path(name))
        )
        if done is not None:
            note = self.tr(" (encrypted: restoring it needs the same password)") if key else ""
            QMessageBox.information(
                self.window, self.tr("Back up"), self.tr("Backed up to {0}").format(name) + note
            )
        return done

    def restore_from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Restore from"),
            str(Path.home()),
            self.tr("Database files (*.sqlite3 *.db *.sqlite);;All files (*)"),
        )
        if not name:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Restore"),
            self.tr(
                "Replace the current data with {0}? A copy of the current database is kept in the "
                "backups folder."
            ).format(Path(name).name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._restore(Path(name))

    def _release_database(self) -> None:
        """Let go of the database file: the watcher closed, background work finished,
        connections closed (the window opened next makes a new watcher)."""
        self.window.change_watch.stop()
        self.window.syncing.stop()
        if self.window._overview is not None:
            self.window._overview.shutdown()
        Worker.wait_all()  # nothing may be reading the file that is replaced
        self.window.database.close()

    def _restore(self, source: Path) -> None:
        """Check the file, then put its records in place of the current ones, both off the GUI
        thread; the window then opens the restored database."""
        from unionapp.safety.backups import check_backup_file
        from unionapp.safety.restoring import restore_from

        path, keyring = self.window.database.path, self.window.database.keyring
        if path is None:
            return
        title = self.tr("Restore")
        problems = run_with_progress(
            self.window,
            title,
            self.tr("Checking {0}…").format(source.name),
            lambda _p, _c: check_backup_file(source, keyring),
        )
        if problems is None:  # the check itself failed (the reason was shown)
            return
        if problems:
            QMessageBox.warning(self.window, title, "；".join(problems))
            return
        operator, anchors = self.window.database.operator, self.window.database.anchors
        self._release_database()
        run_with_progress(
            self.window,
            title,
            self.tr("Restoring from {0}…").format(source.name),
            lambda _p, _c: restore_from(path, source, keyring, operator=operator, anchors=anchors),
        )
        self._switch_to(str(path), create=False, backup=False, password=keyring)

    def change_password(self) -> None:
        """Set, change or remove the password: every file re-encrypted off the GUI thread, then
        the window opens the database again under the new password."""
        from ui.password_dialog import PasswordChangeDialog
        from unionapp.database import verify_password
        from unionapp.db.keys import Keyring
        from unionapp.safety.encryption import change_password

        path = self.window.database.path
        if path is None or self.window.database.read_only:
            QMessageBox.information(
                self.window,
                self.tr("Database password"),
                self.tr("A password can be set only on a local database opened for writing."),
            )
            return
        database = self.window.database
        dialog = PasswordChangeDialog(
            database.encrypted, lambda text: verify_password(database, text), self.window
        )
        if not dialog.exec():
            return
        new = dialog.new_password()
        current = database.keyring
        anchors, operator = database.anchors, database.operator
        self._release_database()
        title = self.tr("Database password")
        report = run_with_progress(
            self.window,
            title,
            self.tr("Encrypting the database and its backups…"),
            lambda _p, _c: change_password(path, current, new, anchors=anchors, operator=operator),
        )
        if report is not None and report.skipped:
            QMessageBox.warning(
                self.window, title, "\n".join(f"{p.name}：{why}" for p, why in report.skipped)
            )
        reopen = (Keyring(new) if new else None) if report is not None else current
        self._switch_to(str(path), create=False, backup=False, password=reopen)

    def _switch_to(self, path: str, create: bool, backup: bool = True, password=None) -> None:  # type: ignore[no-untyped-def]
        from unionapp.database import open_database

        try:
            database = open_database(
                path, create=create, operator=self.window.database.operator, password=password
            )
        except (PasswordRequired, WrongPassword):
            database = self._open_with_password(path, create)
            if database is None:
                return
        except DatabaseError as error:
            QMessageBox.critical(self.window, self.tr("Cannot open database"), str(error))
            return
        self.window._save_state()
        self.window._backup_on_close = backup
        from ui.main_window import MainWindow

        replacement = MainWindow(database)
        replacement.show()
        self.window.close()

    def _open_with_password(self, path: str, create: bool) -> Database | None:
        from ui.guard import PasswordDialog
        from unionapp.database import open_database

        message = self.tr("The database is encrypted. Enter its password to open it.")
        error = ""
        while True:
            dialog = PasswordDialog(message, self.window, error=error)
            if not dialog.exec():
                return None
            try:
                return open_database(path, create=create, password=dialog.password.text())
            except WrongPassword:
                error = self.tr("The password is wrong.")
            except DatabaseError as problem:
                QMessageBox.critical(self.window, self.tr("Cannot open database"), str(problem))
                return None

    def open_other_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Open database"),
            str(Path.home()),
            self.tr("Database files (*.sqlite3 *.db *.sqlite);;All files (*)"),
        )
        if path:
            self._switch_to(path, create=False)

    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("New database"),
            str(Path.home() / "unionapp.sqlite3"),
            self.tr("Database files (*.sqlite3)"),
        )
        if path:
            if Path(path).exists():
                QMessageBox.warning(
                    self.window,
                    self.tr("New database"),
                    self.tr("That file exists already; choose a new name."),
                )
                return
            self._switch_to(path, create=True)

    def back_up_at_close(self) -> Worker | None:
        """The backup the program takes when it closes, after the window has gone: in a worker
        the program waits for at most a set time (`ui.app.CLOSE_BACKUP_WAIT_MS`), so it can never
        hang the close; one cut short leaves a partial file that the next start removes."""
        path, key = self.window.database.path, self.window.database.key
        if path is None or self.window.database.read_only:
            return None

        def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
            from unionapp.safety.backups import automatic_backup

            return automatic_backup(path, "close", key=key)

        worker = Worker(job)
        worker.failed.connect(lambda message: log.warning("backup at close failed: %s", message))
        worker.start()
        return worker
