"""One tab: search, filters, a lazy table over the database, and a detail pane."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.child_panel import ChildPanel, by_enterprise, read_only_reason
from ui.i18n import current_language, field_label
from ui.operations import UndoStack
from ui.record_details import summary_html
from ui.table_model import RecordTableModel
from ui.table_view import TableView
from unionapp.reports.catalog import PRINTABLE_FOR_TAB
from unionapp.schema import RecordSpec
from unionapp.schema.filters import FILTER_SPECS, FilterSpec
from unionapp.schema.records import (
    ASSISTANCE,
    ATTACHMENT,
    ATTENDEE,
    CONGRESS,
    HONOUR,
    MEMBER,
    REVIEW,
    VISIT,
)
from unionapp.services.errors import RefusedError
from unionapp.spreadsheets.catalog import IMPORT_FOR_TAB

if TYPE_CHECKING:
    from ui.archive_actions import ArchiveActions
    from unionapp.database import Database

# Child lists shown under each tab's table: (tab title, child spec, read-only).
CHILDREN: dict[str, tuple[tuple[str, RecordSpec, bool], ...]] = {
    "enterprise": (
        (QT_TRANSLATE_NOOP("RecordTab", "Visits"), VISIT, False),
        (QT_TRANSLATE_NOOP("RecordTab", "Honours"), HONOUR, False),
        (QT_TRANSLATE_NOOP("RecordTab", "Workers' congresses"), by_enterprise(CONGRESS), True),
    ),
    "family": (
        (QT_TRANSLATE_NOOP("RecordTab", "Household members"), MEMBER, False),
        (QT_TRANSLATE_NOOP("RecordTab", "Assistance"), ASSISTANCE, False),
        (QT_TRANSLATE_NOOP("RecordTab", "Yearly reviews"), REVIEW, False),
        (QT_TRANSLATE_NOOP("RecordTab", "Documents"), ATTACHMENT, False),
    ),
    "training": ((QT_TRANSLATE_NOOP("RecordTab", "Attendees"), ATTENDEE, False),),
}


class RecordTab(QWidget):
    counts_changed = Signal(int, int)
    data_changed = Signal(str)  # spec key of what changed

    def __init__(self, database: Database | None, spec: RecordSpec, undo: UndoStack) -> None:
        super().__init__()
        self.database = database
        self.spec = spec
        self.undo = undo
        self.setObjectName(f"tab_{spec.key}")
        self.model = RecordTableModel(database, spec, self)
        self.model.counts_changed.connect(self.counts_changed)
        self.children_panels: list[ChildPanel] = []
        self.built = False
        self.loaded = False
        self.archive_actions: ArchiveActions | None = None  # the family tab's 脱困/退档, 恢复在档
        self._deleted: list[int] = []  # ids this tab deleted, newest last (selected on undo)
        self._kept: int | None = None  # the selection across a reload of the table
        self._shown: int | None = None  # the record the details pane shows
        self.busy = False  # a sync is running: nothing may be changed meanwhile
        self.undo.restored.connect(self._restored)

    def ensure_built(self) -> None:
        """Make the tab's widgets the first time it is shown, so the window opens sooner."""
        if self.built:
            return
        self.built = True
        self._build()
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(lambda: self.model.set_search(self.search.text()))
        self.search.textChanged.connect(self._search_timer.start)
        self._restore_state(QSettings())

    def use_database(self, database: Database) -> None:
        """The database opened after the window was shown (see `MainWindow.attach_database`)."""
        self.database = self.model.database = database
        for panel in self.children_panels:
            panel.database = panel.model.database = database
            panel.update_buttons()
        if self.built:
            self._apply_access()

    def writable(self) -> bool:
        return self.database is not None and not self.database.read_only and not self.busy

    def read_only_reason(self) -> str:
        if self.busy:
            return self.tr("Syncing with the district server; changes can be made once it ends.")
        return read_only_reason()

    def set_busy(self, busy: bool) -> None:
        """A sync is running (nothing here may change meanwhile), or it ended."""
        self.busy = busy
        if self.built:
            self._apply_access()
            for panel in self.children_panels:
                panel.setEnabled(not busy)

    def tables(self) -> frozenset[str]:
        """The tables this tab shows: its records' and those listed under them."""
        specs = [self.spec, *(child for _title, child, _ro in CHILDREN.get(self.spec.key, ()))]
        return frozenset(spec.model.__tablename__ for spec in specs)

    def _apply_access(self) -> None:
        """On a read-only database what would change data is disabled from the start, with a
        tooltip saying why (nothing opens only to refuse at 保存)."""
        writable = self.writable()
        reason = "" if writable else self.read_only_reason()
        for button in (self.add_button, self.edit_button, self.delete_button, self.import_button):
            button.setEnabled(writable)
            button.setToolTip(reason)
        for action in self.writing_actions:
            action.setEnabled(writable)
        if self.archive_actions is not None:
            self.archive_actions.update(self.archive_actions.status)

    def ensure_loaded(self) -> None:
        """Fill the filter lists and the table the first time the tab is shown."""
        self.ensure_built()
        if self.loaded:
            return
        self.loaded = True
        from unionapp.services.filters import FILTERS

        dynamic = [d for d in FILTERS.get(self.spec.key, ()) if d.dynamic_options is not None]
        if dynamic:
            with self.database.read() as session:
                for definition in dynamic:
                    self._add_choices(definition.spec, definition.options(session))
        self.model.reload()

    def _add_choices(self, definition: FilterSpec, choices: Sequence[str]) -> None:
        """Add a filter's choices (fixed ones at once, the database's when the tab loads)."""
        combo = self.filters[definition.key]
        label = definition.title(current_language() == "en")
        combo.blockSignals(True)
        for option in choices:
            combo.addItem(f"{label}：{option}", option)
        combo.blockSignals(False)
        widest = max(
            combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())
        )
        combo.setMinimumWidth(widest + 40)

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search names, codes, ID numbers, phones, addresses")
        )
        bar = QHBoxLayout()
        filter_bar = QHBoxLayout()
        self.search.setMinimumWidth(160)
        bar.addWidget(self.search, 2)
        self.filters: dict[str, QComboBox] = {}
        for definition in FILTER_SPECS.get(self.spec.key, ()):
            combo = QComboBox()
            combo.setObjectName(f"filter_{definition.key}")
            label = definition.title(current_language() == "en")
            combo.addItem(self.tr("{0}: all").format(label), "")
            combo.setToolTip(label)
            combo.currentIndexChanged.connect(
                lambda _i, key=definition.key, box=combo: self.model.set_filter(
                    key, box.currentData()
                )
            )
            self.filters[definition.key] = combo
            filter_bar.addWidget(combo)
            self._add_choices(definition, definition.choices)
        self.add_button = QPushButton(self.tr("New"))
        self.edit_button = QPushButton(self.tr("Edit"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("print")
        self.import_button = QPushButton(self.tr("Import…"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.add_button.setObjectName("new")
        self.edit_button.setObjectName("edit")
        self.delete_button.setObjectName("delete")
        self.import_button.setObjectName("import")
        buttons = [self.add_button, self.edit_button, self.delete_button]
        if PRINTABLE_FOR_TAB.get(self.spec.key):
            buttons.append(self.print_button)
        if self.spec.key in IMPORT_FOR_TAB:
            buttons.append(self.import_button)
        buttons.append(self.export_button)
        for button in buttons:
            bar.addWidget(button)
        self.print_button.clicked.connect(self.print_records)
        self.import_button.clicked.connect(self.import_records)
        self.export_button.clicked.connect(self.export_records)
        self.add_button.clicked.connect(self.add_record)
        self.edit_button.clicked.connect(self.edit_record)
        self.delete_button.clicked.connect(self.delete_record)

        self.view = TableView()
        self.view.setObjectName("table")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        metrics = self.view.horizontalHeader().fontMetrics()
        for column, field in enumerate(self.model.columns):  # wide enough for its heading too
            heading = metrics.horizontalAdvance(field_label(field)) + 14
            self.view.setColumnWidth(column, max(field.width, heading))
        self.view.doubleClicked.connect(self.edit_record)
        self.view.selectionModel().currentRowChanged.connect(self._show_details)
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._restore_selection)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key),
                self.view,
                self.edit_record,
                context=Qt.ShortcutContext.WidgetShortcut,
            )
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.view,
            self.delete_record,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.writing_actions = self.view.add_row_actions(
            (self.tr("Edit"), self.edit_record), (self.tr("Delete"), self.delete_record)
        )
        if self.spec.key == "family":  # 脱困/退档 and 恢复在档 (buttons, row menu)
            from ui.archive_actions import ArchiveActions

            self.archive_actions = ArchiveActions(self)
        if PRINTABLE_FOR_TAB.get(self.spec.key):
            self.view.add_row_actions((self.tr("Print…"), self.print_records))

        self.details = QTabWidget()
        self.details.setObjectName("details")
        self.summary = QTextBrowser()
        self.details.addTab(self.summary, self.tr("Details"))
        for title, child_spec, read_only in CHILDREN.get(self.spec.key, ()):
            if child_spec is ATTACHMENT:
                from ui.attachments_panel import AttachmentsPanel

                panel: ChildPanel = AttachmentsPanel(self.database, child_spec, self.undo)
            else:
                panel = ChildPanel(self.database, child_spec, self.undo, read_only)
            panel.changed.connect(self._child_changed)
            self.details.addTab(panel, self.tr(title))
            self.children_panels.append(panel)
        if self.children_panels:
            self.details.setCurrentIndex(1)
        if self.archive_actions is not None:  # beside the selected family's details
            self.details.setCornerWidget(self.archive_actions.corner(), Qt.Corner.TopRightCorner)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        page = QWidget()  # made while the tab may already be on screen: shown in one go below
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        if self.filters:
            filter_bar.addStretch(1)
            layout.addLayout(filter_bar)
        layout.addWidget(self.splitter, 1)
        self.hint = QLabel()
        layout.addWidget(self.hint)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page)
        page.show()
        self._apply_access()

    # Selection and details -------------------------------------------------
    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def select_id(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row is not None:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _keep_selection(self) -> None:
        self._kept = self.selected_id()

    def _restore_selection(self) -> None:
        """After the table reloads (a search, a filter, a sort, a save) the same record stays
        selected when it is still listed; otherwise nothing is, and the details pane is empty."""
        kept, self._kept = self._kept, None
        if kept is not None and self.model.row_of(kept) is not None:
            self.select_id(kept)
        else:
            self._show_details()

    def _show_details(self) -> None:
        """The details pane shows the selected record (and its child lists), or nothing."""
        record_id = self.selected_id()
        if record_id is not None and record_id == self._shown:
            return  # the same record, selected again after a reload
        self._shown = record_id
        if record_id is not None:
            self.hint.clear()
        for panel in self.children_panels:
            panel.set_parent(record_id)
        self._show_summary(record_id)

    def _show_summary(self, record_id: int | None) -> None:
        status = None
        html = ""
        if record_id is not None:
            with self.database.read() as session:
                obj = session.get(self.spec.model, record_id)
                status = getattr(obj, "status", None)
                html = summary_html(session, self.spec, obj) if obj is not None else ""
        if html:
            self.summary.setHtml(html)
        else:
            self.summary.clear()
        if self.archive_actions is not None:
            self.archive_actions.update(status)

    def record_changed(self, record_id: int) -> None:
        """A record changed (its status, say): the table is read again, the selection stays on
        it, and when the filters now leave it out the clerk is told why it went."""
        self._shown = None
        self.model.reload()
        if self.model.row_of(record_id) is None:
            self._show_details()
            self.hint.setText(self.tr("The record was saved; it no longer matches the filters."))
        else:
            self.select_id(record_id)
            self._show_details()
        self.data_changed.emit(self.spec.key)

    def _child_changed(self) -> None:
        """Something under the selected record changed (a member, a review, a document): its
        row (last review, document count, status) and its details follow."""
        record_id = self.selected_id()
        if record_id is not None:
            self.model.refresh_record(record_id)
            self._show_summary(record_id)
        self.data_changed.emit(self.spec.key)

    # Actions ---------------------------------------------------------------
    def _refuse_read_only(self) -> bool:
        if self.writable():
            return False
        self.hint.setText(self.read_only_reason())
        return True

    def add_record(self) -> None:
        if self._refuse_read_only():
            return
        from ui.record_form import RecordForm

        form = RecordForm(self.database, self.spec, parent=self)
        if form.exec() and form.saved_id is not None:
            self.record_changed(form.saved_id)

    def edit_record(self) -> None:
        record_id = self.selected_id()
        if record_id is None or self._refuse_read_only():
            return
        from ui.record_form import RecordForm

        try:
            form = RecordForm(self.database, self.spec, record_id=record_id, parent=self)
        except RefusedError as error:
            QMessageBox.warning(self, self.tr("Cannot edit"), str(error))
            self.model.reload()
            return
        if form.exec():
            self.model.refresh_record(record_id)
            self._shown = None
            self._show_details()
            self.data_changed.emit(self.spec.key)

    def delete_record(self) -> None:
        record_id = self.selected_id()
        if record_id is None or self._refuse_read_only():
            return
        row = self.model.row_of(record_id) or 0
        if self.undo.delete_with_confirmation(self, self.spec, record_id):
            self._deleted.append(record_id)
            self.model.reload()
            neighbour = self.model.id_at(min(row, self.model.rowCount() - 1))
            if neighbour is not None:
                self.select_id(neighbour)
            self.data_changed.emit(self.spec.key)

    def _restored(self, key: str) -> None:
        """Undo put back a record this tab deleted: it is selected again."""
        if key != self.spec.key or not self._deleted:
            return
        record_id = self._deleted.pop()  # undo puts back the newest delete first
        if self.loaded:
            self.model.reload()
            self.select_id(record_id)

    def print_records(self) -> Path | None:
        """Ask what to print, write the PDF off the GUI thread, then preview it."""
        from ui.preview import PreviewDialog  # PDF libraries load when first printing
        from ui.print_dialog import PrintDialog, print_in_background

        dialog = PrintDialog(
            self.spec.key, self.selected_id(), self.selected_ids(), self.model.ids, self
        )
        if not dialog.exec():
            return None
        path = print_in_background(self, self.database, dialog.request())
        if path is not None:
            PreviewDialog(path, self).exec()
        return path

    def import_records(self) -> None:
        if self._refuse_read_only():
            return
        from ui.sheet_dialogs import start_import

        selected = self.selected_id() if self.spec.key == "training" else None
        if start_import(self, self.database, self.spec.key, selected) is not None:
            self.model.reload()
            self.ensure_loaded()
            self.data_changed.emit(self.spec.key)

    def export_records(self) -> Path | None:
        from ui.sheet_dialogs import start_export

        sensitive = any(f.sensitive for f in self.spec.fields)
        return start_export(self, self.database, self.spec.key, self.model.query, sensitive)

    def refresh(self) -> None:
        """Reload after a change elsewhere, keeping the selection and the scroll."""
        if not self.loaded:
            return
        bar = self.view.verticalScrollBar()
        scrolled = bar.value()
        self.model.reload()  # the selection is kept (see _restore_selection)
        bar.setValue(scrolled)
        self._shown = None
        self._show_details()

    # State -----------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        if not self.built:  # never shown: what was saved before still stands
            return
        settings.setValue(f"{self.spec.key}/splitter", self.splitter.saveState())
        settings.setValue(f"{self.spec.key}/header", self.view.horizontalHeader().saveState())

    def _restore_state(self, settings: QSettings) -> None:
        for key, target in (("splitter", self.splitter), ("header", self.view.horizontalHeader())):
            state = settings.value(f"{self.spec.key}/{key}")
            if isinstance(state, QByteArray):
                target.restoreState(state)
