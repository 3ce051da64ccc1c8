"""同步冲突: the open conflicts, and for the one selected the value here and the server's side
by side; the clerk keeps one side (carried out at the next sync, which can start from here).
Identity numbers are masked unless 显示完整号码 is ticked, which the audit log records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import field_label, record_label
from unionapp.schema import ALL_SPECS, FieldSpec, RecordSpec
from unionapp.schema.fields import display
from unionapp.sync.errors import SyncError

if TYPE_CHECKING:
    from ui.sync_actions import SyncActions
    from unionapp.sync.conflicts import OpenConflict

KINDS = {
    "edit": QT_TRANSLATE_NOOP("ConflictsDialog", "Both sides changed the same field"),
    "delete": QT_TRANSLATE_NOOP("ConflictsDialog", "Changed on one side, deleted on the other"),
    "duplicate": QT_TRANSLATE_NOOP("ConflictsDialog", "The same ID number registered twice"),
    "other_office": QT_TRANSLATE_NOOP(
        "ConflictsDialog", "Possibly on file in another street office as well"
    ),
    "number": QT_TRANSLATE_NOOP(
        "ConflictsDialog", "Archive number already used by another archive of this office"
    ),
}
SPECS_BY_TABLE = {spec.model.__tablename__: spec for spec in ALL_SPECS}


def _shown(field: FieldSpec | None, value: Any) -> str:
    if field is None or value is None:
        return "" if value is None else str(value)
    try:
        return display(field, value, reveal=True)  # masked already unless asked in full
    except (TypeError, ValueError, AttributeError, KeyError):  # a JSON form of the value
        return str(value)


class ConflictsDialog(QDialog):
    def __init__(self, syncing: SyncActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.syncing = syncing
        self.database = syncing.window.database
        self.conflicts: list[OpenConflict] = []
        self.decided: dict[int, str] = {}
        self.setObjectName("conflicts_dialog")
        self.setWindowTitle(self.tr("Sync conflicts"))
        self.list = QListWidget()
        self.list.setObjectName("conflicts")
        self.list.currentRowChanged.connect(self._show_selected)
        self.what = QLabel()
        self.what.setObjectName("what")
        self.what.setWordWrap(True)
        self.mine = QTextBrowser()
        self.mine.setObjectName("mine")
        self.theirs = QTextBrowser()
        self.theirs.setObjectName("theirs")
        sides = QGridLayout()
        sides.addWidget(QLabel(self.tr("Value on this PC")), 0, 0)
        sides.addWidget(QLabel(self.tr("Value on the server")), 0, 1)
        sides.addWidget(self.mine, 1, 0)
        sides.addWidget(self.theirs, 1, 1)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.what)
        detail_layout.addLayout(sides, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        self.full = QCheckBox(self.tr("Show full numbers (recorded in the audit log)"))
        self.full.setObjectName("full")
        self.full.toggled.connect(self.reload)
        self.keep_mine = QPushButton(self.tr("Keep this PC's"))
        self.keep_mine.setObjectName("keep_mine")
        self.keep_mine.clicked.connect(lambda: self.decide("mine"))
        self.keep_theirs = QPushButton(self.tr("Keep the server's"))
        self.keep_theirs.setObjectName("keep_theirs")
        self.keep_theirs.clicked.connect(lambda: self.decide("theirs"))
        self.apart = QPushButton(self.tr("Two different households"))
        self.apart.setObjectName("keep_apart")
        self.apart.setToolTip(
            self.tr(
                "One of the two numbers was mistyped: the record here goes up on its own once "
                "the wrong number is corrected (here, or on the PC that entered the other one)"
            )
        )
        self.apart.clicked.connect(lambda: self.decide("apart"))
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("sync_now")
        self.sync_button.clicked.connect(self.sync_now)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        for widget in (self.keep_mine, self.keep_theirs, self.apart):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.sync_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.full)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        self.resize(760, 520)
        syncing.finished.connect(self._synced)
        self.reload()

    def reload(self) -> None:
        from unionapp.sync.conflicts import open_conflicts, revealed_conflicts

        keep = self.list.currentRow()
        try:
            if self.full.isChecked():
                self.conflicts = revealed_conflicts(self.database)
            else:
                self.conflicts = open_conflicts(self.database)
        except SyncError as error:
            QMessageBox.warning(self, self.windowTitle(), str(error))
            self.full.setChecked(False)
            return
        self.decided = self._decisions()
        self.list.clear()
        for conflict in self.conflicts:
            self.list.addItem(QListWidgetItem(self._title(conflict)))
        if self.conflicts:
            self.list.setCurrentRow(min(max(keep, 0), len(self.conflicts) - 1))
        else:
            self._show_selected(-1)
        self.hint.setText(
            self.tr("{0} decided; they are carried out at the next sync.").format(len(self.decided))
            if self.decided
            else ""
        )

    def _decisions(self) -> dict[int, str]:
        from sqlalchemy import select

        from unionapp.models import SyncConflict

        with self.database.read() as session:
            rows = session.execute(
                select(SyncConflict.id, SyncConflict.resolution).where(
                    SyncConflict.done.is_(False), SyncConflict.resolution != ""
                )
            ).all()
        return {row.id: row.resolution for row in rows}

    def _spec(self, conflict: OpenConflict) -> RecordSpec | None:
        return SPECS_BY_TABLE.get(conflict.table)

    def _field(self, conflict: OpenConflict) -> FieldSpec | None:
        spec = self._spec(conflict)
        if spec is None or not conflict.field:
            return None
        try:
            return spec.field(conflict.field)
        except KeyError:
            return None

    def _title(self, conflict: OpenConflict) -> str:
        spec, field = self._spec(conflict), self._field(conflict)
        parts = [f"{record_label(spec) if spec else conflict.table}“{conflict.label}”"]
        if field is not None:
            parts.append(field_label(field))
        parts.append(self.tr(KINDS.get(conflict.kind, conflict.kind)))
        title = " · ".join(parts)
        decision = self.decided.get(conflict.id)
        if decision == "mine":
            title += self.tr(" (decided: keep this PC's)")
        elif decision == "theirs":
            title += self.tr(" (decided: keep the server's)")
        elif decision == "apart":
            title += self.tr(" (decided: two different households)")
        return title

    def current(self) -> OpenConflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show_selected(self, _row: int) -> None:
        conflict = self.current()
        for widget in (self.keep_mine, self.keep_theirs):
            widget.setEnabled(conflict is not None and not self.syncing.running)
        self.apart.setVisible(conflict is not None and conflict.kind == "duplicate")
        self.apart.setEnabled(not self.syncing.running)
        if conflict is None:
            self.what.setText(self.tr("No open conflicts."))
            self.mine.clear()
            self.theirs.clear()
            return
        self.what.setText(self._title(conflict))
        self.mine.setPlainText(self._value(conflict, conflict.mine))
        if conflict.kind == "other_office":
            self.theirs.setPlainText(
                self.tr("On file at: {0}").format(conflict.theirs or self.tr("another office"))
            )
            self.keep_mine.setEnabled(False)
        else:
            self.theirs.setPlainText(self._value(conflict, conflict.theirs))
        if conflict.kind == "number":
            self.keep_mine.setEnabled(False)  # the number is the other archive's
        if conflict.kind == "duplicate":
            self.what.setText(
                self._title(conflict)
                + "\n"
                + self.tr(
                    "If both are the same household, keep one side: the two become one record. "
                    "If they are two households, correct the mistyped number first (here, or "
                    "on the PC that entered the other one), then choose Two different households."
                )
            )

    def _value(self, conflict: OpenConflict, value: Any) -> str:
        if value is None:
            return self.tr("(deleted)")
        field = self._field(conflict)
        if isinstance(value, dict) and "label" in value and set(value) <= {"uid", "label"}:
            return self.tr("Registered on the server as: {0}").format(value.get("label", ""))
        if isinstance(value, dict):
            spec = self._spec(conflict)
            lines = []
            for key, item in value.items():
                try:
                    item_field = spec.field(key) if spec is not None else None
                except KeyError:
                    continue  # bookkeeping (uid, versions) is not the clerk's
                if item_field is None or item_field.derived:
                    continue
                lines.append(f"{field_label(item_field)}：{_shown(item_field, item)}")
            return "\n".join(lines)
        return _shown(field, value) or self.tr("(empty)")

    def decide(self, keep: str) -> None:
        from unionapp.sync.conflicts import decide

        conflict = self.current()
        if conflict is None:
            return
        try:
            decide(self.database, conflict.id, keep)
        except SyncError as error:
            QMessageBox.warning(self, self.windowTitle(), str(error))
            return
        self.reload()
        self.syncing.update_status()

    def sync_now(self) -> None:
        if not self.syncing.url:
            QMessageBox.information(
                self,
                self.windowTitle(),
                self.tr("No sync address is kept yet: set it under File > Sync…"),
            )
            return
        if self.syncing.sync_now():
            self.sync_button.setEnabled(False)
            self.hint.setText(self.tr("Syncing…"))

    def _synced(self, _outcome: object) -> None:
        self.sync_button.setEnabled(True)
        self.reload()

    def done(self, result: int) -> None:
        self.syncing.finished.disconnect(self._synced)
        super().done(result)
