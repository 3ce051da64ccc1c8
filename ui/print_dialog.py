"""Choose a document and what goes in it, print it off the GUI thread, then preview it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from ui.i18n import current_language
from ui.worker import run_with_progress
from unionapp.database import Database
from unionapp.reports.catalog import CATALOG, PRINTABLE_FOR_TAB, disclosed_by
from unionapp.reports.font_cache import FontCache, default_cache_dir
from unionapp.reports.fonts import FontLibrary
from unionapp.reports.registry import ReportRequest, print_report
from unionapp.schema.records import ASSISTANCE_KINDS

YEARLY = {"survey", "congress", "relief-signoff", "student-aid", "hardship-form", "annual"}
PER_RECORD = {"training-signin", "training-attendance"}


_FONTS: list[FontLibrary] = []


def window_fonts() -> FontLibrary:
    """The window's font library: the font files are parsed at the first print, then reused."""
    if not _FONTS:
        _FONTS.append(FontLibrary(cache=FontCache(default_cache_dir())))
    return _FONTS[0]


def output_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(documents or Path.home()) / "工会工作台打印"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class PrintDialog(QDialog):
    """What to print: the document, the records (current, selected, filtered, all), the year."""

    def __init__(
        self,
        record_key: str,
        current: int | None,
        selected: list[int],
        filtered: list[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print / export PDF"))
        self.current, self.selected, self.filtered = current, selected, filtered
        english = current_language() == "en"
        self.report = QComboBox()
        self.report.setObjectName("report")
        for name in PRINTABLE_FOR_TAB[record_key]:
            kind = CATALOG[name]
            self.report.addItem(kind.english if english else kind.label, name)
        self.scope = QComboBox()
        self.scope.setObjectName("scope")
        self.year = QSpinBox()
        self.year.setRange(2000, date.today().year + 1)
        self.year.setValue(date.today().year)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("All kinds"), None)
        for kind_name in ASSISTANCE_KINDS:
            self.kind.addItem(kind_name, kind_name)
        self.kind.setCurrentIndex(1)
        self.with_bank = QCheckBox(self.tr("Print bank card numbers in full (recorded in the log)"))
        self.with_bank.setObjectName("with_bank")
        self.with_bank.setToolTip(
            self.tr("For payment in the worker's own name; otherwise only the last digits print.")
        )
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Document"), self.report)
        form.addRow(self.tr("Records"), self.scope)
        form.addRow(self.tr("Year"), self.year)
        form.addRow(self.tr("Assistance kind"), self.kind)
        form.addRow("", self.with_bank)
        form.addRow(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Print to PDF"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.report.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        name = self.report.currentData()
        self.scope.clear()
        if name == "hardship-form":
            if self.current is not None:
                self.scope.addItem(self.tr("Current record"), [self.current])
            if len(self.selected) > 1:
                self.scope.addItem(
                    self.tr("Selected records ({0})").format(len(self.selected)), self.selected
                )
            self.scope.addItem(
                self.tr("Filtered records ({0})").format(len(self.filtered)), self.filtered
            )
            self.scope.addItem(self.tr("All families on file"), None)
        elif name in PER_RECORD and self.current is not None:
            self.scope.addItem(self.tr("Current record"), [self.current])
        self.scope.setEnabled(self.scope.count() > 0)
        self.year.setEnabled(name in YEARLY)
        self.kind.setEnabled(name == "relief-signoff")
        self.with_bank.setVisible(name == "relief-signoff")
        ok = name not in PER_RECORD or self.current is not None
        self.note.setText("" if ok else self.tr("Select a training session first."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def request(self) -> ReportRequest:
        name = self.report.currentData()
        ids = self.scope.currentData() if self.scope.count() else None
        return ReportRequest(
            name,
            year=self.year.value() if name in YEARLY else None,
            ids=ids,
            kind=self.kind.currentData() if name == "relief-signoff" else None,
            with_bank=name == "relief-signoff" and self.with_bank.isChecked(),
        )


def print_in_background(
    parent: QWidget | None, database: Database, request: ReportRequest, target: Path | None = None
) -> Path | None:
    """Write the PDF in a worker thread (its own session) behind a progress dialog."""
    label = CATALOG[request.name].label
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = target or output_folder() / f"{label}-{stamp}.pdf"

    # An example family (the settings' preview) discloses nobody.
    discloses = "" if request.sample else disclosed_by(request.name, with_bank=request.with_bank)

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        from unionapp.services.disclosure import record_disclosure, refuse_if_read_only

        if discloses:
            refuse_if_read_only(database)
        with database.read() as session:
            path = print_report(
                session, request, target, window_fonts(), progress=progress, cancelled=cancelled
            )
        if discloses:
            record_disclosure(
                database,
                path,
                table="family",
                what=discloses,
                count=len(request.ids) if request.ids else 0,
            )
        return path

    title = QCoreApplication.translate("Printing", "Printing")
    return run_with_progress(parent, title, label, job)
