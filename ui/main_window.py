"""The main window: overview plus one tab per record type, menus, shortcuts, saved layout."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QSettings, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import LANGUAGES, current_language
from ui.operations import UndoStack
from ui.record_tab import RecordTab
from ui.worker import Worker, run_with_progress
from unionapp import APP_NAME, __version__
from unionapp.db import DatabaseError, PasswordRequired, WrongPassword
from unionapp.reports.catalog import PRINTABLE_FOR_TAB
from unionapp.schema.records import CONGRESS, ENTERPRISE, FAMILY, SERVICE_UNIT, TRAINING

if TYPE_CHECKING:
    from ui.overview_tab import OverviewTab
    from unionapp.database import Database

log = logging.getLogger(__name__)

TAB_TITLES = (
    (ENTERPRISE, QT_TRANSLATE_NOOP("MainWindow", "Enterprise survey")),
    (CONGRESS, QT_TRANSLATE_NOOP("MainWindow", "Workers' congress")),
    (FAMILY, QT_TRANSLATE_NOOP("MainWindow", "Hardship families")),
    (TRAINING, QT_TRANSLATE_NOOP("MainWindow", "Training")),
    (SERVICE_UNIT, QT_TRANSLATE_NOOP("MainWindow", "Discount units")),
)


class MainWindow(QMainWindow):
    """The main window. Made without a database it is shown at once, disabled, while the program
    opens the database; `attach_database` then enables it and loads the tab in view."""

    def __init__(self, database: Database | None = None, location: str = "") -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.database = database
        self._database_actions: list[QAction] = []
        self.undo = UndoStack(database, self)
        self._backup_on_close = True
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.statusBar().addPermanentWidget(self.count_label)
        self._guide: QDialog | None = None
        self._build_tabs()
        self._build_menus()
        self.undo.changed.connect(self._update_undo)
        self.undo.restored.connect(self._refresh_all)
        screen = QApplication.primaryScreen().availableGeometry()
        self.resize(min(1280, int(screen.width() * 0.95)), min(800, int(screen.height() * 0.92)))
        self._restore_state()
        self._build_current()
        if database is not None:
            self._database_ready()
        else:
            self.setWindowTitle(Path(location).name if location else "")
            self.tabs.setEnabled(False)
            for action in self._database_actions:
                action.setEnabled(False)
            self.statusBar().showMessage(self.tr("Opening the database…"))

    def attach_database(self, database: Database) -> None:
        """The database is open: give it to every tab and load the one in view."""
        self.database = database
        self.undo.database = database
        if self._overview is not None:
            self._overview.database = database
        for tab in self.record_tabs.values():
            tab.use_database(database)
        self.tabs.setEnabled(True)
        for action in self._database_actions:
            action.setEnabled(True)
        self.statusBar().clearMessage()
        self._update_undo()
        self._database_ready()

    def _database_ready(self) -> None:
        self._update_title()
        # Database work for the tab in view waits until the window has been painted.
        QTimer.singleShot(0, self, self._tab_shown)  # dropped if the window goes first

    # Construction ----------------------------------------------------------
    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.overview_page = QWidget()
        QVBoxLayout(self.overview_page).setContentsMargins(0, 0, 0, 0)
        self._overview: OverviewTab | None = None
        self.tabs.addTab(self.overview_page, self.tr("Overview"))
        self.record_tabs: dict[str, RecordTab] = {}
        for spec, title in TAB_TITLES:
            tab = RecordTab(self.database, spec, self.undo)
            tab.counts_changed.connect(self._counts_changed)
            tab.data_changed.connect(self._data_changed)
            self.tabs.addTab(tab, self.tr(title))
            self.record_tabs[spec.key] = tab
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setCentralWidget(self.tabs)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._action(
            file_menu, self.tr("&New record"), self._new_record, QKeySequence.StandardKey.New
        )
        self._action(file_menu, self.tr("&Print…"), self._print, QKeySequence.StandardKey.Print)
        file_menu.addSeparator()
        self._action(
            file_menu,
            self.tr("&Open database…"),
            self.open_other_database,
            QKeySequence.StandardKey.Open,
        )
        self._action(file_menu, self.tr("New &database…"), self.new_database)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Back up to…"), self.back_up_to)
        self._action(file_menu, self.tr("&Restore from…"), self.restore_from_file)
        file_menu.addSeparator()
        self._action(
            file_menu,
            self.tr("&Quit"),
            self.close,
            QKeySequence.StandardKey.Quit,
            needs_database=False,
        )

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.undo_action = self._action(
            edit_menu, self.tr("Undo"), self._undo, QKeySequence.StandardKey.Undo
        )
        self._action(edit_menu, self.tr("&Find"), self._find, QKeySequence.StandardKey.Find)
        self._update_undo()

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        language_menu = view_menu.addMenu(self.tr("Language"))
        for code, name in LANGUAGES.items():
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _checked, c=code: self._choose_language(c))

        tools_menu = self.menuBar().addMenu(self.tr("&Tools"))
        self._action(tools_menu, self.tr("&Audit log…"), self.show_audit_log)
        self._action(tools_menu, self.tr("&Settings…"), self.show_settings)
        self._action(tools_menu, self.tr("&First-time setup…"), self.show_first_start)
        self._action(tools_menu, self.tr("Database &password…"), self.change_password)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&User guide"), self.show_guide, "F1", needs_database=False)
        self._action(help_menu, self.tr("&About"), self.show_about)
        QShortcut(QKeySequence("Ctrl+Tab"), self, self._next_tab)
        QShortcut(QKeySequence("Ctrl+Shift+Tab"), self, self._previous_tab)

    def _action(  # type: ignore[no-untyped-def]
        self, menu, text, slot, shortcut=None, needs_database=True
    ) -> QAction:
        """A menu action; those that need the database wait for it (see `attach_database`)."""
        action = menu.addAction(text)
        if needs_database:
            self._database_actions.append(action)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    @property
    def overview(self) -> OverviewTab:
        """The overview, made the first time it is shown or needed (like the record tabs)."""
        if self._overview is None:
            from ui.overview_tab import OverviewTab

            self._overview = OverviewTab(self.database)
            self._overview.open_record.connect(self.show_record)
            self._overview.print_annual.connect(self.print_annual)
            self._overview.import_requested.connect(self._import_into)
            self._overview.new_requested.connect(self._new_in)
            self._overview.guide_requested.connect(self.show_guide)
            self.overview_page.layout().addWidget(self._overview)
        return self._overview

    def _build_current(self) -> RecordTab | None:
        """Make the widgets of the tab in view; the record tab, if it is one."""
        tab = self.current_record_tab()
        if tab is not None:
            tab.ensure_built()
        elif self.tabs.currentWidget() is self.overview_page:
            self.overview  # noqa: B018 (made on first use)
        return tab

    # Behaviour ---------------------------------------------------------------
    def current_record_tab(self) -> RecordTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, RecordTab) else None

    def _new_record(self) -> None:
        tab = self.current_record_tab()
        if tab is None:
            self.tabs.setCurrentWidget(self.record_tabs["enterprise"])
            tab = self.record_tabs["enterprise"]
        tab.add_record()

    def _import_into(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.record_tabs[key])
        self.record_tabs[key].import_records()

    def _new_in(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.record_tabs[key])
        self.record_tabs[key].add_record()

    def _print(self) -> None:
        tab = self.current_record_tab()
        if tab is None or not PRINTABLE_FOR_TAB.get(tab.spec.key):
            tab = self.record_tabs["family"]
            self.tabs.setCurrentWidget(tab)
        tab.print_records()

    def show_record(self, key: str, record_id: int) -> None:
        """Go to a record from a reminder: its tab, the row selected, filters cleared."""
        tab = self.record_tabs[key]
        self.tabs.setCurrentWidget(tab)
        tab.search.clear()
        for combo in tab.filters.values():
            combo.setCurrentIndex(0)
        tab.model.reload(recount=False)
        tab.select_id(record_id)

    def print_annual(self, year: int) -> None:
        from ui.preview import PreviewDialog
        from ui.print_dialog import print_in_background
        from unionapp.reports.registry import ReportRequest

        path = print_in_background(self, self.database, ReportRequest("annual", year=year))
        if path is not None:
            PreviewDialog(path, self).exec()

    def _find(self) -> None:
        tab = self.current_record_tab()
        if tab is None:
            tab = self.record_tabs["enterprise"]
            self.tabs.setCurrentWidget(tab)
        tab.search.setFocus()
        tab.search.selectAll()

    def _undo(self) -> None:
        self.undo.undo(self)

    def _update_undo(self) -> None:
        self.undo_action.setEnabled(self.undo.can_undo())
        self.undo_action.setText(self.undo.undo_text())

    def _next_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())

    def _previous_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count())

    def _counts_changed(self, shown: int, total: int) -> None:
        if self.sender() is self.current_record_tab():
            self._show_counts(shown, total)

    def _show_counts(self, shown: int, total: int) -> None:
        self.count_label.setText(self.tr("Showing {0} of {1}").format(f"{shown:,}", f"{total:,}"))

    def _tab_shown(self) -> None:
        tab = self._build_current()
        if self.database is None:
            return
        if tab is None:
            self.count_label.clear()
            self.overview.refresh()
            return
        tab.ensure_loaded()
        if tab.property("stale"):
            tab.setProperty("stale", False)
            tab.refresh()
        self._show_counts(len(tab.model.ids), tab.model.total)

    def _data_changed(self, _key: str) -> None:
        source = self.sender()
        for tab in self.record_tabs.values():
            if tab is not source:
                tab.setProperty("stale", True)

    def _refresh_all(self, _key: str = "") -> None:
        for tab in self.record_tabs.values():
            tab.refresh()
        if self.tabs.currentWidget() is self.overview_page:
            self.overview.refresh()

    def _update_title(self) -> None:
        from unionapp.services.settings import get_setting

        with self.database.read() as session:
            union = get_setting(session, "union_name")
        suffix = self.tr(" (read-only)") if self.database.read_only else ""
        # Qt adds the program's name (the application's display name) after the title.
        self.setWindowTitle(f"{union} — {self.database.short_name}{suffix}")
        self.statusBar().setToolTip(self.database.display_name)

    def _choose_language(self, code: str) -> None:
        QSettings().setValue("language", code)
        QMessageBox.information(
            self,
            self.tr("Language"),
            self.tr("The new language applies the next time you start the program."),
        )

    def show_guide(self) -> None:
        """The guide stays open beside the window while the clerk works."""
        from ui.guide import GuideDialog

        if self._guide is None:
            self._guide = GuideDialog(self)
        self._guide.show()
        self._guide.raise_()
        self._guide.activateWindow()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr("{0} {1}\n\nDatabase: {2}").format(
                APP_NAME, __version__, self.database.display_name
            ),
        )

    # Safety --------------------------------------------------------------------
    def start_background_checks(self) -> None:
        """After the window shows: the daily backup and a quick integrity check, off the GUI
        thread; a damaged file is offered the newest sound backup."""
        path, key = self.database.path, self.database.key
        if path is None or self.database.read_only:
            return
        database = self.database

        def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
            from unionapp.safety.backups import automatic_backup
            from unionapp.safety.checking import check_database

            findings = check_database(database, quick=True)
            if not findings:
                automatic_backup(path, "start", key=key)
            return findings

        self._checks = Worker(job)
        self._checks.succeeded.connect(self._checks_done)
        self._checks.start()

    def _checks_done(self, findings: list) -> None:  # type: ignore[type-arg]
        if not findings:
            return
        from unionapp.safety.backups import newest_sound_backup

        backup = newest_sound_backup(self.database.path, self.database.keyring)
        text = self.tr("The database failed its integrity check:\n{0}").format(findings[0])
        if backup is None:
            QMessageBox.critical(self, self.tr("Database damaged"), text)
            return
        question = (
            text
            + "\n\n"
            + self.tr("Restore the newest sound backup, taken {0}?").format(
                backup.taken.strftime("%Y-%m-%d %H:%M")
            )
        )
        if QMessageBox.question(self, self.tr("Database damaged"), question) == (
            QMessageBox.StandardButton.Yes
        ):
            self._restore(backup.path)

    def back_up_to(self) -> Path | None:
        from unionapp.safety.backups import backup_to

        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Back up to"),
            str(Path.home() / f"工会工作台备份-{date.today():%Y%m%d}.sqlite3"),
            self.tr("Database files (*.sqlite3)"),
        )
        if not name or self.database.path is None:
            return None
        source, key = self.database.path, self.database.key
        done = run_with_progress(
            self, self.tr("Back up"), name, lambda _p, _c: backup_to(source, Path(name), key)
        )
        if done is not None:
            note = self.tr(" (encrypted: restoring it needs the same password)") if key else ""
            QMessageBox.information(
                self, self.tr("Back up"), self.tr("Backed up to {0}").format(name) + note
            )
        return done

    def restore_from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
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
        """Let go of the database file: background work finished, connections closed."""
        if self._overview is not None:
            self._overview.shutdown()
        Worker.wait_all()  # nothing may be reading the file that is replaced
        self.database.close()

    def _restore(self, source: Path) -> None:
        """Check the file, then put its records in place of the current ones, both off the GUI
        thread; the window then opens the restored database."""
        from unionapp.safety.backups import check_backup_file
        from unionapp.safety.restoring import restore_from

        path, keyring = self.database.path, self.database.keyring
        if path is None:
            return
        title = self.tr("Restore")
        problems = run_with_progress(
            self,
            title,
            self.tr("Checking {0}…").format(source.name),
            lambda _p, _c: check_backup_file(source, keyring),
        )
        if problems is None:  # the check itself failed (the reason was shown)
            return
        if problems:
            QMessageBox.warning(self, title, "；".join(problems))
            return
        operator, anchors = self.database.operator, self.database.anchors
        self._release_database()
        run_with_progress(
            self,
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

        path = self.database.path
        if path is None or self.database.read_only:
            QMessageBox.information(
                self,
                self.tr("Database password"),
                self.tr("A password can be set only on a local database opened for writing."),
            )
            return
        database = self.database
        dialog = PasswordChangeDialog(
            database.encrypted, lambda text: verify_password(database, text), self
        )
        if not dialog.exec():
            return
        new = dialog.new_password()
        current = database.keyring
        anchors, operator = database.anchors, database.operator
        self._release_database()
        title = self.tr("Database password")
        report = run_with_progress(
            self,
            title,
            self.tr("Encrypting the database and its backups…"),
            lambda _p, _c: change_password(path, current, new, anchors=anchors, operator=operator),
        )
        if report is not None and report.skipped:
            QMessageBox.warning(
                self, title, "\n".join(f"{p.name}：{why}" for p, why in report.skipped)
            )
        reopen = (Keyring(new) if new else None) if report is not None else current
        self._switch_to(str(path), create=False, backup=False, password=reopen)

    def show_audit_log(self) -> None:
        from ui.audit_dialog import AuditDialog

        AuditDialog(self.database, self).exec()

    def show_first_start(self) -> bool:
        from ui.first_start import FirstStartDialog

        if FirstStartDialog(self.database, self).exec():
            self._update_title()
            return True
        return False

    def show_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        if SettingsDialog(self.database, self).exec():
            self._update_title()

    # Databases ---------------------------------------------------------------
    def _switch_to(self, path: str, create: bool, backup: bool = True, password=None) -> None:  # type: ignore[no-untyped-def]
        from unionapp.database import open_database

        try:
            database = open_database(
                path, create=create, operator=self.database.operator, password=password
            )
        except (PasswordRequired, WrongPassword):
            database = self._open_with_password(path, create)
            if database is None:
                return
        except DatabaseError as error:
            QMessageBox.critical(self, self.tr("Cannot open database"), str(error))
            return
        self._save_state()
        self._backup_on_close = backup
        replacement = MainWindow(database)
        replacement.show()
        self.close()

    def _open_with_password(self, path: str, create: bool) -> Database | None:
        from ui.guard import PasswordDialog
        from unionapp.database import open_database

        message = self.tr("The database is encrypted. Enter its password to open it.")
        error = ""
        while True:
            dialog = PasswordDialog(message, self, error=error)
            if not dialog.exec():
                return None
            try:
                return open_database(path, create=create, password=dialog.password.text())
            except WrongPassword:
                error = self.tr("The password is wrong.")
            except DatabaseError as problem:
                QMessageBox.critical(self, self.tr("Cannot open database"), str(problem))
                return None

    def open_other_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open database"),
            str(Path.home()),
            self.tr("Database files (*.sqlite3 *.db *.sqlite);;All files (*)"),
        )
        if path:
            self._switch_to(path, create=False)

    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("New database"),
            str(Path.home() / "unionapp.sqlite3"),
            self.tr("Database files (*.sqlite3)"),
        )
        if path:
            if Path(path).exists():
                QMessageBox.warning(
                    self,
                    self.tr("New database"),
                    self.tr("That file exists already; choose a new name."),
                )
                return
            self._switch_to(path, create=True)

    # Saved layout --------------------------------------------------------------
    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.tabs.setCurrentIndex(int(settings.value("window/tab", 0) or 0))

    def _save_state(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/tab", self.tabs.currentIndex())
        for tab in self.record_tabs.values():
            tab.save_state(settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_state()
        event.accept()
        remaining = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w is not self and w.isVisible()
        ]
        if self.database is not None and (
            not remaining or self.database is not remaining[0].database
        ):
            self.database.close()
            if self._backup_on_close:
                self.back_up_at_close()

    def back_up_at_close(self) -> Worker | None:
        """The backup the program takes when it closes, after the window has gone: in a worker
        the program waits for at most a set time (`ui.app.CLOSE_BACKUP_WAIT_MS`), so it can never
        hang the close; one cut short leaves a partial file that the next start removes."""
        path, key = self.database.path, self.database.key
        if path is None or self.database.read_only:
            return None

        def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
            from unionapp.safety.backups import automatic_backup

            return automatic_backup(path, "close", key=key)

        worker = Worker(job)
        worker.failed.connect(lambda message: log.warning("backup at close failed: %s", message))
        worker.start()
        return worker
