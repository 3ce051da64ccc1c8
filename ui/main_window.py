"""The main window: overview plus one tab per record type, menus, shortcuts, saved layout."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QSettings, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.change_watch import ChangeWatch
from ui.database_actions import DatabaseActions
from ui.i18n import LANGUAGES, current_language
from ui.operations import UndoStack
from ui.record_tab import RecordTab
from ui.sync_actions import SyncActions
from ui.worker import Worker
from unionapp import APP_NAME, __version__
from unionapp.db import DatabaseError
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
        self._closed = False
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.statusBar().addPermanentWidget(self.count_label)
        self._guide: QDialog | None = None
        self.files = DatabaseActions(self)
        self.change_watch = ChangeWatch(self)  # other clerks' changes (see outside_change)
        self.change_watch.changed.connect(self.outside_change)
        self.syncing = SyncActions(self)
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
            self._add_district_view()
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
        self.change_watch.start(self.database)
        self.syncing.database_ready()
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
        self.new_action = self._action(
            file_menu, self.tr("&New record"), self._new_record, QKeySequence.StandardKey.New
        )
        self._action(file_menu, self.tr("&Print…"), self._print, QKeySequence.StandardKey.Print)
        file_menu.addSeparator()
        self._action(
            file_menu,
            self.tr("&Open database…"),
            self.files.open_other_database,
            QKeySequence.StandardKey.Open,
        )
        self._action(file_menu, self.tr("New &database…"), self.files.new_database)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Back up to…"), self.files.back_up_to)
        self.restore_action = self._action(
            file_menu, self.tr("&Restore from…"), self.files.restore_from_file
        )
        file_menu.addSeparator()
        self.syncing.add_actions(file_menu)
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
        self._action(view_menu, self.tr("&Refresh"), self.refresh_everything, "F5")
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
        self._action(tools_menu, self.tr("Database &password…"), self.files.change_password)

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
            self._add_district_view()
        return self._overview

    def _add_district_view(self) -> None:
        """On a district's server: every office's figures above the overview (refreshed with it)."""
        from ui.district_panel import DistrictPanel, is_district_database

        if self.database is None or not is_district_database(self.database):
            return
        self.district_panel = DistrictPanel(self.database)
        self.overview_page.layout().insertWidget(0, self.district_panel)
        self._overview.updated.connect(self.district_panel.refresh)
        self.district_panel.refresh()

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

    def refresh_everything(self) -> None:
        """视图 > 刷新 (F5), and after a sync: every table, the overview, the sync status."""
        self._refresh_all()
        self.syncing.update_status()

    def outside_change(self, tables: frozenset[str]) -> None:
        """Tables changed elsewhere (another clerk, another program, a sync): the tab in view
        reloads keeping its selection and scroll, the others when next shown."""
        current = self.current_record_tab()
        for tab in self.record_tabs.values():
            if tab.tables() & tables:
                tab.setProperty("stale", True)  # until it has read the change
        try:
            if current is not None and current.property("stale"):
                current.refresh()
                current.setProperty("stale", False)
            if self.tabs.currentWidget() is self.overview_page and self._overview is not None:
                self._overview.refresh()
        except DatabaseError as error:  # busy a moment: read again at the next change or F5
            log.warning("tables not refreshed after a change elsewhere: %s", error)
        self.syncing.update_status()

    def set_writing_enabled(self, enabled: bool) -> None:
        """While a sync runs, what would change data waits (buttons, row menus, new record)."""
        for tab in self.record_tabs.values():
            tab.set_busy(not enabled)
        for action in (self.new_action, self.restore_action):
            action.setEnabled(enabled and self.database is not None)

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

    def start_background_checks(self) -> None:
        self.files.start_background_checks()

    def back_up_at_close(self) -> Worker | None:
        return self.files.back_up_at_close()

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
        event.accept()
        if self._closed:  # Qt sends it again when the program ends (release_widgets)
            return
        self._closed = True
        self._save_state()
        self.change_watch.stop()
        self.syncing.stop()
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
