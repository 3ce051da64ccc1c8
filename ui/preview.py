"""Preview a PDF inside the program (pages rendered by PDFium), save it, or send it to a printer."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import (
    QEvent,
    QObject,
    QRect,
    QSize,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPixmap,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

SCREEN_SCALE = 96 / 72  # pixels per PDF point at 100 %
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

    def __init__(self, path: Path, parent: QWidget | None = None, title: str = "") -> None:
        super().__init__(parent)
        self.path = Path(path)
        # the print job's name in the printer's queue: the document's, without the time stamp
        self.title = title or re.sub(r"-\d{8}-\d{6}$", "", self.path.stem)
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

    def print_document(self) -> str | None:
        """Choose the printer, copies, sides and pages; the PDF itself goes to the printer."""
        from ui.send_dialog import SendDialog, send_in_background

        width, height = self.sizes[0] if self.sizes else (595, 842)
        dialog = SendDialog(self.title, len(self.document), landscape=width > height, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return send_in_background(self, self.path, dialog.options())

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
