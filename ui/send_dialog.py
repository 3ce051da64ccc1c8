"""Sending a finished PDF to a printer: the clerk chooses the printer, copies, two-sided and the
pages; the core hands the PDF itself to the print system (CUPS, or PDFium into the Windows
printer's device context), off the GUI thread. The last choices per document are remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from ui.worker import run_with_progress
from unionapp.printing import (
    Duplex,
    PrintError,
    PrintOptions,
    default_printer,
    printers,
    submit,
)


class SendDialog(QDialog):
    """Printer, copies, sides and page range for one PDF of ``page_count`` pages."""

    def __init__(
        self,
        title: str,
        page_count: int,
        landscape: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print"))
        self.title, self.page_count, self.landscape = title, page_count, landscape
        self.printer = QComboBox()
        self.printer.setObjectName("printer")
        self.copies = QSpinBox()
        self.copies.setRange(1, 99)
        self.copies.setSuffix(self.tr(" copies"))
        self.duplex = QComboBox()
        self.duplex.addItem(self.tr("One-sided"), Duplex.ONE_SIDED)
        self.duplex.addItem(self.tr("Two-sided, flip on long edge"), Duplex.LONG_EDGE)
        self.duplex.addItem(self.tr("Two-sided, flip on short edge"), Duplex.SHORT_EDGE)
        self.some_pages = QCheckBox(self.tr("Only pages"))
        self.first = QSpinBox()
        self.last = QSpinBox()
        for box in (self.first, self.last):
            box.setRange(1, max(1, page_count))
            box.setEnabled(False)
        self.last.setValue(max(1, page_count))
        self.some_pages.toggled.connect(self.first.setEnabled)
        self.some_pages.toggled.connect(self.last.setEnabled)
        self.first.valueChanged.connect(lambda value: self.last.setMinimum(value))
        pages = QHBoxLayout()
        pages.addWidget(self.some_pages)
        pages.addWidget(self.first)
        pages.addWidget(QLabel(self.tr("to")))
        pages.addWidget(self.last)
        pages.addStretch(1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("note")
        form = QFormLayout(self)
        form.addRow(self.tr("Printer"), self.printer)
        form.addRow(self.tr("Copies"), self.copies)
        form.addRow(self.tr("Sides"), self.duplex)
        form.addRow(self.tr("Pages"), pages)
        form.addRow(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Print"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._fill_printers()
        self._restore()

    def _fill_printers(self) -> None:
        try:
            names, default = printers(), default_printer()
        except PrintError as error:
            names, default = [], None
            self.note.setText(str(error))
        for name in names:
            label = self.tr("{0} (default)").format(name) if name == default else name
            self.printer.addItem(label, name)
        if default in names:
            self.printer.setCurrentIndex(names.index(default))
        if not names and not self.note.text():
            self.note.setText(self.tr("No printer is set up here: add one, or save the PDF."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(names))

    def _key(self) -> str:
        return f"printing/{self.title}"

    def _restore(self) -> None:
        settings = QSettings()
        index = self.printer.findData(settings.value(f"{self._key()}/printer", ""))
        if index >= 0:
            self.printer.setCurrentIndex(index)
        self.copies.setValue(int(settings.value(f"{self._key()}/copies", 1) or 1))
        index = self.duplex.findData(Duplex(settings.value(f"{self._key()}/duplex", "one-sided")))
        self.duplex.setCurrentIndex(max(index, 0))

    def _remember(self) -> None:
        settings = QSettings()
        settings.setValue(f"{self._key()}/printer", self.printer.currentData())
        settings.setValue(f"{self._key()}/copies", self.copies.value())
        settings.setValue(f"{self._key()}/duplex", self.duplex.currentData().value)

    def options(self) -> PrintOptions:
        pages = (self.first.value(), self.last.value()) if self.some_pages.isChecked() else None
        return PrintOptions(
            printer=self.printer.currentData(),
            copies=self.copies.value(),
            duplex=self.duplex.currentData(),
            title=self.title,
            landscape=self.landscape,
            pages=pages,
        )

    def accept(self) -> None:
        self._remember()
        super().accept()


def send_in_background(parent: QWidget | None, pdf: Path, options: PrintOptions) -> str | None:
    """Hand ``pdf`` to the printer in a worker thread; say where it went. Returns the job id."""
    title = QCoreApplication.translate("Printing", "Printing")

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        return submit(pdf, options)

    job_id = run_with_progress(parent, title, options.title, job)
    if job_id:
        QMessageBox.information(
            parent,
            title,
            QCoreApplication.translate("Printing", "Sent to the printer “{0}” (job {1}).").format(
                options.printer, job_id
            ),
        )
    return job_id
