"""Printing from the window: the print dialog, the worker thread, the preview, the printer."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from tests.ui.conftest import when_modal
from ui.main_window import MainWindow
from ui.preview import PreviewDialog, print_pdf
from ui.print_dialog import PrintDialog, print_in_background
from unionapp.reports.registry import ReportRequest
from unionapp.services.demo import generate


def demo(db) -> None:
    with db.write() as session:
        generate(session, enterprises=40, families=9, trainings=3, seed=4)


def test_print_filtered_families_through_dialog_worker_and_preview(qtbot, db) -> None:
    demo(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    tab = window.record_tabs["family"]
    window.tabs.setCurrentWidget(tab)
    combo = tab.filters["category"]
    combo.setCurrentIndex(combo.findData("相对困难"))
    expected = len(tab.model.ids)
    assert 0 < expected < 9
    seen: dict[str, object] = {}

    def choose(dialog) -> None:
        assert isinstance(dialog, PrintDialog)
        dialog.scope.setCurrentIndex(
            dialog.scope.findText(f"({expected})", flags=Qt.MatchFlag.MatchContains)
        )
        seen["request"] = dialog.request()
        when_modal(look_at_preview)
        dialog.accept()

    def look_at_preview(preview) -> None:
        assert isinstance(preview, PreviewDialog)
        seen["pages"] = len(preview.document)
        seen["rendered"] = bool(preview.rendered)
        preview.accept()

    when_modal(choose)
    path = tab.print_records()
    assert path is not None and path.exists()
    assert seen["request"].ids == tab.model.ids
    assert seen["pages"] == expected == len(PdfReader(path).pages)
    assert seen["rendered"]


def test_background_printing_reports_refusals_without_a_file(qtbot, db, tmp_path: Path) -> None:
    target = tmp_path / "none.pdf"

    def dismiss(box) -> None:
        assert "1999年没有" in box.text()
        box.accept()

    when_modal(dismiss)
    result = print_in_background(None, db, ReportRequest("relief-signoff", year=1999), target)
    assert result is None and not target.exists()


def test_printing_to_a_printer_sends_every_page(qtbot, db, tmp_path: Path) -> None:
    demo(db)
    source = print_in_background(None, db, ReportRequest("hardship-form", ids=[1, 2, 3]),
                                 tmp_path / "forms.pdf")  # fmt: skip
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a file stands in for paper
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    document = pdfium.PdfDocument(str(source))
    assert print_pdf(document, printer, None)
    document.close()
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 3


def test_training_documents_need_a_current_session(qtbot) -> None:
    dialog = PrintDialog("training", None, [], [1, 2])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled() and dialog.note.text()
    dialog = PrintDialog("training", 2, [2], [1, 2])
    qtbot.addWidget(dialog)
    assert dialog.request().ids == [2]
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_preview_fits_a_landscape_sheet_to_its_width_and_zooms(qtbot, db, tmp_path) -> None:
    demo(db)
    source = print_in_background(None, db, ReportRequest("relief-signoff", kind="送温暖"),
                                 tmp_path / "signoff.pdf")  # fmt: skip
    preview = PreviewDialog(source)
    qtbot.addWidget(preview)
    preview.resize(900, 700)
    preview.show()
    qtbot.waitUntil(lambda: 0 in preview.rendered)
    page = preview.pages[0]
    room = preview.scroll.viewport().width()
    assert page.width() > page.height() and room - 60 < page.width() <= room  # all of it, wide
    preview.zoom_by(1.25)
    assert not preview.fit_width and page.width() > room  # zoomed in: wider than the window
    assert preview.zoom.text().endswith("%")
    preview.fit_to_width()
    assert page.width() <= room and 0 in preview.rendered  # drawn again at the new size


def test_a_landscape_sheet_prints_landscape(qtbot, db, tmp_path: Path) -> None:
    demo(db)
    source = print_in_background(None, db, ReportRequest("relief-signoff", kind="送温暖"),
                                 tmp_path / "signoff.pdf")  # fmt: skip
    preview = PreviewDialog(source)
    qtbot.addWidget(preview)
    printer = preview.make_printer()
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a file stands in for paper
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(100)
    assert print_pdf(preview.document, printer, None)
    box = PdfReader(tmp_path / "printed.pdf").pages[0].mediabox
    assert box.width > box.height  # on landscape paper, not shrunk onto a portrait page


def test_a_fine_printer_gets_pages_at_a_bounded_resolution(qtbot, db, tmp_path: Path) -> None:
    """A 1200 dpi printer would otherwise get 550 MiB images, one per page."""
    demo(db)
    source = print_in_background(None, db, ReportRequest("hardship-form", ids=[1]),
                                 tmp_path / "form.pdf")  # fmt: skip
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(1200)
    document = pdfium.PdfDocument(str(source))
    assert print_pdf(document, printer, None)
    document.close()
    images = list(PdfReader(tmp_path / "printed.pdf").pages[0].images)
    assert images and max(image.image.width for image in images) <= 2481  # A4 at 300 dpi


def test_copies_are_printed_when_the_driver_does_not_make_them(qtbot, db, tmp_path: Path) -> None:
    """本表一式两份: two copies of two forms, collated and not."""
    demo(db)
    source = print_in_background(None, db, ReportRequest("hardship-form", ids=[1, 2]),
                                 tmp_path / "forms.pdf")  # fmt: skip
    document = pdfium.PdfDocument(str(source))
    order = {}
    for collate in (True, False):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # makes no copies itself
        printer.setOutputFileName(str(tmp_path / f"printed-{collate}.pdf"))
        printer.setResolution(72)
        printer.setCopyCount(2)
        printer.setCollateCopies(collate)
        assert not printer.supportsMultipleCopies()
        assert print_pdf(document, printer, None)
        pages = PdfReader(tmp_path / f"printed-{collate}.pdf").pages
        order[collate] = [hash(page.images[0].data) for page in pages]
    document.close()
    one, two = order[False][0], order[False][2]
    assert one != two
    assert order[True] == [one, two, one, two] and order[False] == [one, one, two, two]


def test_preview_zooms_with_the_keyboard_and_ctrl_wheel(qtbot, db, tmp_path) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    demo(db)
    source = print_in_background(None, db, ReportRequest("hardship-form", ids=[1]),
                                 tmp_path / "form.pdf")  # fmt: skip
    preview = PreviewDialog(source)
    qtbot.addWidget(preview)
    preview.show()
    preview.activateWindow()
    qtbot.waitUntil(preview.isActiveWindow)
    fitted = preview.scale
    qtbot.keyClick(preview, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert preview.scale > fitted and not preview.fit_width
    qtbot.keyClick(preview, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert preview.fit_width and abs(preview.scale - fitted) < 0.01
    viewport = preview.scroll.viewport()
    wheel = QWheelEvent(QPointF(50, 50), QPointF(viewport.mapToGlobal(QPoint(50, 50))),
                        QPoint(), QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(viewport, wheel)
    assert preview.scale < fitted  # Ctrl+wheel down zooms out instead of scrolling
