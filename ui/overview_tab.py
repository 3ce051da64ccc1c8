"""The overview: the plan's targets measured live, reminders, and the year month by month.

Everything is computed in a worker thread; the widgets change when the figures arrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.overview_widgets import MonthlyChart, TargetRow
from ui.worker import Worker
from unionapp.plan import METRICS, Progress

if TYPE_CHECKING:
    from ui.target_dialogs import DrillDownDialog
    from unionapp.database import Database
    from unionapp.services.reminders import Reminder


LISTED_AT_MOST = 1000  # reminders listed at once (see _filter_reminders)
# The kinds of reminder, in the order the filter offers them.
REMINDER_KINDS = {
    "congress": QT_TRANSLATE_NOOP("OverviewTab", "Workers' congresses"),
    "wage": QT_TRANSLATE_NOOP("OverviewTab", "Wage agreements"),
    "review": QT_TRANSLATE_NOOP("OverviewTab", "Family reviews"),
}


@dataclass
class Overview:
    year: int
    progress: list[Progress]
    reminders: list[Reminder]
    monthly: dict[str, list[int]]
    empty: bool = False  # nothing recorded yet: say what to do first


class OverviewTab(QWidget):
    updated = Signal()
    open_record = Signal(str, int)  # tab key, record id
    print_annual = Signal(int)  # year
    import_requested = Signal(str)  # tab key: import a roster into it
    new_requested = Signal(str)  # tab key: a new record there
    guide_requested = Signal()

    def __init__(self, database: Database | None, today: date | None = None) -> None:
        super().__init__()
        self.database = database
        self.today = today
        self._worker: Worker | None = None
        self._pending = False
        self.data: Overview | None = None
        self.setObjectName("tab_overview")
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, date.today().year + 1)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(self.refresh)
        title = QLabel(self.tr("Targets for the year"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        edit = QPushButton(self.tr("Edit targets…"))
        edit.clicked.connect(self.edit_goals)
        report = QPushButton(self.tr("Annual report…"))
        report.clicked.connect(lambda: self.print_annual.emit(self.year.value()))
        head = QHBoxLayout()
        for widget in (title, self.year):
            head.addWidget(widget)
        head.addStretch(1)
        head.addWidget(edit)
        head.addWidget(report)

        targets = QFrame()
        grid = QGridLayout(targets)
        grid.setColumnStretch(1, 1)
        self.rows: dict[str, TargetRow] = {}
        for row, metric in enumerate(METRICS):
            target = TargetRow(metric)
            target.button.clicked.connect(lambda _c=False, m=metric: self.drill_down(m.key))
            grid.addWidget(target.button, row, 0)
            grid.addWidget(target.bar, row, 1)
            grid.addWidget(target.figures, row, 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(target.status, row, 3)
            self.rows[metric.key] = target
        self.reminder_list = QListWidget()
        self.reminder_list.setObjectName("reminders")
        self.reminder_list.setWordWrap(True)  # long names wrap instead of running off the side
        self.reminder_list.setAlternatingRowColors(True)  # so wrapped entries stay apart
        self.reminder_list.itemDoubleClicked.connect(self._open_reminder)
        self.reminder_kind = QComboBox()
        self.reminder_kind.setObjectName("reminder_kind")
        self.reminder_kind.currentIndexChanged.connect(self._filter_reminders)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.reminder_title = QLabel(self.tr("Reminders"))
        self.reminder_title.setStyleSheet("font-weight: bold;")
        side_layout.addWidget(self.reminder_title)
        side_layout.addWidget(self.reminder_kind)
        side_layout.addWidget(self.reminder_list)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(targets)
        upper = QSplitter()
        upper.addWidget(scroll)
        upper.addWidget(side)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 2)
        self.chart = MonthlyChart()
        self.start_here = self._start_here()
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.start_here)
        layout.addWidget(upper, 1)
        layout.addWidget(QLabel(self.tr("The year month by month")))
        layout.addWidget(self.chart)

    def _start_here(self) -> QFrame:
        """What a new office does first, with a button for each step (shown while the
        database holds no records)."""
        frame = QFrame()
        frame.setObjectName("start_here")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setStyleSheet("#start_here { background: #f3f7fc; border: 1px solid #b9cde6; }")
        title = QLabel(self.tr("Start here"))
        title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        steps = QLabel(
            "<ol style='margin-left: -20px'>"
            + "".join(
                f"<li>{step}</li>"
                for step in (
                    self.tr(
                        "Import the street's enterprise register (a spreadsheet), or add "
                        "enterprises one by one on the Enterprise survey tab."
                    ),
                    self.tr(
                        "Open an archive for each hardship family (一户一档) on the Hardship "
                        "families tab, or import the family roster."
                    ),
                    self.tr(
                        "Record congresses and training as they happen; the targets above "
                        "fill in by themselves."
                    ),
                    self.tr(
                        "Check the union's name and the wording of the application form in "
                        "Tools > Settings before printing."
                    ),
                )
            )
            + "</ol>"
        )
        steps.setWordWrap(True)
        steps.setTextFormat(Qt.TextFormat.RichText)
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("Import enterprises…"), lambda: self.import_requested.emit("enterprise")),
            (self.tr("New family archive…"), lambda: self.new_requested.emit("family")),
            (self.tr("Import a family roster…"), lambda: self.import_requested.emit("family")),
            (self.tr("User guide"), self.guide_requested.emit),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(frame)
        column.addWidget(title)
        column.addWidget(steps)
        column.addLayout(buttons)
        frame.hide()
        return frame

    def refresh(self) -> None:
        """Compute the figures in a worker thread; the widgets change when they arrive."""
        if self._worker is not None and self._worker.isRunning():
            self._pending = True
            return
        year, database = self.year.value(), self.database
        today = self.today or date.today()

        def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
            from unionapp.services.counts import anything_recorded
            from unionapp.services.monthly import monthly
            from unionapp.services.reminders import reminders
            from unionapp.services.targets import progress

            with database.read() as session:
                return Overview(
                    year,
                    progress(session, year, today),
                    reminders(session, today),
                    monthly(session, year),
                    empty=not anything_recorded(session),
                )

        self._worker = Worker(job)
        self._worker.succeeded.connect(self._show)
        self._worker.finished.connect(self._finished)
        self._worker.start()

    def shutdown(self) -> None:
        """Wait for a running computation before the window (and database) goes away."""
        if self._worker is not None:
            self._worker.wait()

    def _finished(self) -> None:
        if self._pending:
            self._pending = False
            self.refresh()

    def _show(self, data: Overview) -> None:
        self.data = data
        self.start_here.setVisible(data.empty)
        for item in data.progress:
            self.rows[item.metric.key].show(item)
        self.reminder_title.setText(self.tr("Reminders ({0})").format(len(data.reminders)))
        chosen = self.reminder_kind.currentData() or ""
        self.reminder_kind.blockSignals(True)
        self.reminder_kind.clear()
        self.reminder_kind.addItem(self.tr("All ({0})").format(len(data.reminders)), "")
        for kind, title in REMINDER_KINDS.items():
            count = sum(r.kind == kind for r in data.reminders)
            if count:
                self.reminder_kind.addItem(f"{self.tr(title)} ({count})", kind)
        self.reminder_kind.setCurrentIndex(max(0, self.reminder_kind.findData(chosen)))
        self.reminder_kind.blockSignals(False)
        self._filter_reminders()
        self.chart.set_figures(data.monthly)
        self.updated.emit()

    def _filter_reminders(self) -> None:
        """The reminders of the chosen kind, the first LISTED_AT_MOST of them: each entry wraps,
        so the list measures every one on the window's thread (9 s for 68,000 entries, the
        reviews due in a large archive); each tab's filters find them all."""
        if self.data is None:
            return
        kind = self.reminder_kind.currentData() or ""
        chosen = [r for r in self.data.reminders if not kind or r.kind == kind]
        self.reminder_list.clear()
        for reminder in chosen[:LISTED_AT_MOST]:
            entry = QListWidgetItem(reminder.text)
            entry.setData(Qt.ItemDataRole.UserRole, (reminder.kind, reminder.record_id))
            entry.setToolTip(reminder.text)
            self.reminder_list.addItem(entry)
        if len(chosen) > LISTED_AT_MOST:
            rest = len(chosen) - LISTED_AT_MOST
            more = QListWidgetItem(self.tr("{0} more not listed").format(f"{rest:,}"))
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)  # nothing to open
            tip = self.tr("Only the first {0} are listed; each tab's filters find them all")
            more.setToolTip(tip.format(f"{LISTED_AT_MOST:,}"))
            self.reminder_list.addItem(more)

    def _open_reminder(self, item: QListWidgetItem) -> None:
        if item.data(Qt.ItemDataRole.UserRole) is None:  # the line saying how many more
            return
        kind, record_id = item.data(Qt.ItemDataRole.UserRole)
        self.open_record.emit("family" if kind == "review" else "enterprise", record_id)

    def drill_down(self, key: str) -> DrillDownDialog:
        from ui.target_dialogs import DrillDownDialog

        metric = next(m for m in METRICS if m.key == key)
        dialog = DrillDownDialog(
            self.database, metric, self.year.value(), self.today or date.today(), self
        )
        dialog.open()
        return dialog

    def edit_goals(self) -> None:
        from ui.target_dialogs import GoalsDialog

        if GoalsDialog(self.database, self.year.value(), self).exec():
            self.refresh()
