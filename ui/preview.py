"""Preview a PDF inside the program and print it through QPrintDialog (pages rendered by PDFium)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

PREVIEW_SCALE = 1.4  # pixels per PDF point on screen
A4_WIDTH = 595  # points


def render_page(document: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    page = document[index]
    bitmap = page.render(scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_BGRx)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGB32)  # fmt: skip
    return image.copy()  # own the pixels before PDFium frees them


class PreviewDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.document = pdfium.PdfDocument(str(self.path))
        self.setWindowTitle(self.tr("Preview — {0}").format(self.path.name))
        self.pages: list[QLabel] = []
        self.rendered: set[int] = set()
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for index in range(len(self.document)):
            width, height = self.document[index].get_size()
            label = QLabel()
            label.setFixedSize(QSize(int(width * PREVIEW_SCALE), int(height * PREVIEW_SCALE)))
            label.setStyleSheet("background: white; border: 1px solid #999;")
            column_layout.addWidget(label)
            self.pages.append(label)
        self.scroll = QScrollArea()
        self.scroll.setWidget(column)
        self.scroll.setWidgetResizable(True)
        self.scroll.setStyleSheet("QScrollArea { background: #666; }")
        self.scroll.verticalScrollBar().valueChanged.connect(self._render_visible)
        self.count = QLabel(self.tr("{0} pages").format(len(self.document)))
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        for text, slot in ((self.tr("Print…"), self.print_document),
                           (self.tr("Save as…"), self.save_as),
                           (self.tr("Open in system viewer"), self.open_external),
                           (self.tr("Close"), self.accept)):  # fmt: skip
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        self.resize(int(A4_WIDTH * PREVIEW_SCALE) + 80, 900)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self._render_visible()

    def _render_visible(self) -> None:
        top = self.scroll.verticalScrollBar().value()
        visible = QRect(0, top, self.scroll.viewport().width(), self.scroll.viewport().height())
        for index, label in enumerate(self.pages):
            if index in self.rendered:
                continue
            if label.geometry().intersects(visible.adjusted(0, -400, 0, 400)) or index == 0:
                label.setPixmap(QPixmap.fromImage(render_page(self.document, index, PREVIEW_SCALE)))
                self.rendered.add(index)

    def print_document(self) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.path.stem)
        printer.setFromTo(1, len(self.document))
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return print_pdf(self.document, printer, self)

    def save_as(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), self.path.name,
                                                "PDF (*.pdf)")  # fmt: skip
        if target:
            try:
                shutil.copyfile(self.path, target)
            except OSError as error:
                QMessageBox.warning(self, self.tr("Not saved"), str(error))

    def open_external(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def done(self, result: int) -> None:
        self.document.close()
        super().done(result)


def print_pdf(document: pdfium.PdfDocument, printer: QPrinter, parent: QWidget | None) -> bool:
    """Render each page at the printer's resolution and send it to the printer."""
    first = max(1, printer.fromPage() or 1)
    last = min(len(document), printer.toPage() or len(document))
    progress = QProgressDialog(QCoreApplication.translate("Printing", "Printing…"),
                               QCoreApplication.translate("Printing", "Cancel"), first - 1, last,
                               parent)  # fmt: skip
    progress.setMinimumDuration(300)
    painter = QPainter()
    if not painter.begin(printer):
        QMessageBox.warning(parent, QCoreApplication.translate("Printing", "Printing"),
                            QCoreApplication.translate("Printing",
                                                       "The printer could not be started."))  # fmt: skip
        return False
    try:
        for number in range(first, last + 1):
            if progress.wasCanceled():
                printer.abort()
                return False
            if number > first:
                printer.newPage()
            target = painter.viewport()
            scale = printer.resolution() / 72
            image = render_page(document, number - 1, scale)
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), size), image)
            progress.setValue(number)
    finally:
        painter.end()
        progress.close()
    return True
