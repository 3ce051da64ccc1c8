"""Preview a PDF inside the program and print it through QPrintDialog (pages rendered by PDFium)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMarginsF,
    QObject,
    QRect,
    QSize,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPixmap,
    QShortcut,
    QWheelEvent,
)
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

SCREEN_SCALE = 96 / 72  # pixels per PDF point at 100 %
PRINT_DPI = 300  # pages go to the printer as images; finer would take hundreds of MiB a page
ZOOM_STEP = 1.25
SCALES = (0.3, 5.0)  # the smallest and largest pixels per point


def render_page(document: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    page = document[index]
    bitmap = page.render(scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_BGRx)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGB32)  # fmt: skip
    return image.copy()  # own the pixels before PDFium frees them


class PreviewDialog(QDialog):
    """The printed pages, fitted to the window's width unless the clerk zooms."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.document = pdfium.PdfDocument(str(self.path))
        self.setWindowTitle(self.tr("Preview — {0}").format(self.path.name))
        self.sizes = [self.document[i].get_size() for i in range(len(self.document))]
        self.scale = SCREEN_SCALE
        self.fit_width = True
        self.pages: list[QLabel] = []
        self.rendered: set[int] = set()
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for _size in self.sizes:
            label = QLabel()
            label.setStyleSheet("background: white; border: 1px solid #999;")
            column_layout.addWidget(label)
            self.pages.append(label)
        self.scroll = QScrollArea()
        self.scroll.setWidget(column)
        self.scroll.setWidgetResizable(True)
        self.scroll.setStyleSheet("QScrollArea { background: #666; }")
        self.scroll.verticalScrollBar().valueChanged.connect(self._render_visible)
        self.scroll.viewport().installEventFilter(self)
        self.count = QLabel(self.tr("{0} pages").format(len(self.document)))
        self.zoom = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.count)
        for text, tip, slot in (("−", self.tr("Zoom out"), lambda: self.zoom_by(1 / ZOOM_STEP)),
                                ("+", self.tr("Zoom in"), lambda: self.zoom_by(ZOOM_STEP)),
                                (self.tr("Fit width"), "", self.fit_to_width)):  # fmt: skip
            button = QPushButton(text)
            button.setToolTip(tip)
            if len(text) == 1:
                button.setFixedWidth(button.sizeHint().height() + 8)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addWidget(self.zoom, 1)
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
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, lambda: self.zoom_by(ZOOM_STEP)),
                           (QKeySequence.StandardKey.ZoomOut, lambda: self.zoom_by(1 / ZOOM_STEP)),
                           (QKeySequence("Ctrl+0"), self.fit_to_width),
                           (QKeySequence.StandardKey.Print, self.print_document)):  # fmt: skip
            QShortcut(QKeySequence(keys), self, slot)
        widest = max((width for width, _height in self.sizes), default=595)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(int(widest * SCREEN_SCALE) + 80, int(screen.width() * 0.9)),
                    int(screen.height() * 0.9))  # fmt: skip
        self._set_scale(SCREEN_SCALE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+wheel over the pages zooms instead of scrolling."""
        if (event.type() == QEvent.Type.Wheel and isinstance(event, QWheelEvent)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):  # fmt: skip
            self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self.fit_width:
            self.fit_to_width()
        else:
            self._render_visible()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        if self.fit_width and self.isVisible():
            self.fit_to_width()

    def fit_to_width(self) -> None:
        self.fit_width = True
        widest = max((width for width, _height in self.sizes), default=595)
        # the page, its frame and the column's margins beside the vertical scroll bar
        room = self.scroll.width() - self.scroll.verticalScrollBar().sizeHint().width() - 40
        self._set_scale(room / widest)

    def zoom_by(self, factor: float) -> None:
        self.fit_width = False
        self._set_scale(self.scale * factor)

    def _set_scale(self, scale: float) -> None:
        scale = min(SCALES[1], max(SCALES[0], scale))
        self.zoom.setText(f"{scale / SCREEN_SCALE:.0%}")
        if self.rendered and abs(scale - self.scale) < 0.005:
            return
        self.scale = scale
        for label, (width, height) in zip(self.pages, self.sizes, strict=True):
            label.setFixedSize(QSize(int(width * scale), int(height * scale)))
            label.clear()
        self.rendered.clear()
        self._render_visible()

    def _render_visible(self) -> None:
        top = self.scroll.verticalScrollBar().value()
        visible = QRect(0, top, self.scroll.viewport().width(), self.scroll.viewport().height())
        for index, label in enumerate(self.pages):
            if index in self.rendered:
                continue
            if label.geometry().intersects(visible.adjusted(0, -400, 0, 400)) or index == 0:
                label.setPixmap(QPixmap.fromImage(render_page(self.document, index, self.scale)))
                self.rendered.add(index)

    def make_printer(self) -> QPrinter:
        """A printer set to the document: its name, all its pages, A4 in its orientation."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.path.stem)
        printer.setFromTo(1, len(self.document))
        width, height = self.sizes[0] if self.sizes else (595, 842)
        landscape = width > height
        printer.setPageLayout(QPageLayout(
            QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point),
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0)))  # fmt: skip
        return printer

    def print_document(self) -> bool:
        printer = self.make_printer()
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
    """Render each page chosen and send it to the printer, as many copies as asked for (the
    forms say 一式两份) when the driver does not make the copies itself."""
    first = max(1, printer.fromPage() or 1)
    last = min(len(document), printer.toPage() or len(document))
    pages = list(range(first, last + 1))
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if printer.collateCopies():
        sequence = pages * copies
    else:
        sequence = [page for page in pages for _copy in range(copies)]
    progress = QProgressDialog(QCoreApplication.translate("Printing", "Printing…"),
                               QCoreApplication.translate("Printing", "Cancel"), 0, len(sequence),
                               parent)  # fmt: skip
    progress.setMinimumDuration(300)
    painter = QPainter()
    if not painter.begin(printer):
        QMessageBox.warning(parent, QCoreApplication.translate("Printing", "Printing"),
                            QCoreApplication.translate("Printing",
                                                       "The printer could not be started."))  # fmt: skip
        return False
    scale = min(printer.resolution(), PRINT_DPI) / 72
    image, drawn = QImage(), 0
    try:
        for done, number in enumerate(sequence):
            if progress.wasCanceled():
                printer.abort()
                return False
            if done:
                printer.newPage()
            if number != drawn:  # uncollated copies reuse the page just drawn
                image, drawn = render_page(document, number - 1, scale), number
            target = painter.viewport()
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), size), image)
            progress.setValue(done + 1)
    finally:
        painter.end()
        progress.close()
    return True
