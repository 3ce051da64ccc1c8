"""Printing from the window: the print dialog, the worker thread, the preview, the printer."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from tests.ui.conftest import when_modal
from ui.main_window import MainWindow
from ui.preview import PreviewDialog
from ui.print_dialog import PrintDialog, print_in_background
from ui.send_dialog import SendDialog, send_in_background
from unionapp.audit.reading import history
from unionapp.printing import Duplex, PrintOptions
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


# --- To the printer: the PDF itself, through a real CUPS queue (tests/cups_server.py) ---------


def forms(db, tmp_path: Path, request: ReportRequest | None = None) -> Path:
    demo(db)
    request = request or ReportRequest("hardship-form", ids=[1, 2, 3])
    return print_in_background(None, db, request, tmp_path / "forms.pdf")


def test_the_preview_sends_the_pdf_itself_with_the_clerks_choices(
    qtbot, db, tmp_path: Path, cups, queue
) -> None:
    source = forms(db, tmp_path)
    preview = PreviewDialog(source, title="困难职工帮扶救助申请审批表")
    qtbot.addWidget(preview)
    told: list[str] = []

    def choose(dialog) -> None:
        assert isinstance(dialog, SendDialog)
        dialog.printer.setCurrentIndex(dialog.printer.findData(queue))
        dialog.copies.setValue(2)
        dialog.duplex.setCurrentIndex(dialog.duplex.findData(Duplex.LONG_EDGE))
        dialog.some_pages.setChecked(True)
        dialog.first.setValue(2)
        dialog.last.setValue(3)
        when_modal(lambda box: (told.append(box.text()), box.accept()), QMessageBox)
        dialog.accept()

    when_modal(choose, SendDialog)
    job_id = preview.print_document()
    assert job_id and job_id.startswith(f"{queue}-")
    assert told and queue in told[0] and job_id in told[0]
    job = cups.job(job_id)
    assert job.data == source.read_bytes()  # the PDF itself: text and outlines, not pictures
    assert job.copies == 2 and job.title == "困难职工帮扶救助申请审批表"
    options = job.options.split()
    assert "sides=two-sided-long-edge" in options and "page-ranges=2-3" in options


def test_the_last_choices_are_offered_again_for_the_same_document(qtbot, cups, queue) -> None:
    first = SendDialog("慰问金发放签领表", 4, landscape=True)
    qtbot.addWidget(first)
    first.printer.setCurrentIndex(first.printer.findData(queue))
    first.copies.setValue(3)
    first.duplex.setCurrentIndex(first.duplex.findData(Duplex.SHORT_EDGE))
    first.accept()
    again = SendDialog("慰问金发放签领表", 4, landscape=True)
    qtbot.addWidget(again)
    options = again.options()
    assert (options.printer, options.copies, options.duplex) == (queue, 3, Duplex.SHORT_EDGE)
    assert options.landscape and options.pages is None
    other = SendDialog("培训签到表", 1)
    qtbot.addWidget(other)
    assert other.options().copies == 1  # each document has its own


def test_a_queue_refusing_the_job_is_a_message_not_a_crash(
    qtbot, db, tmp_path: Path, cups, queue
) -> None:
    source = forms(db, tmp_path)
    cups.run("cupsreject", "-r", "paper jam", queue)
    shown: list[str] = []
    when_modal(lambda box: (shown.append(box.text()), box.accept()), QMessageBox)
    options = PrintOptions(printer=queue, title="审批表")
    assert send_in_background(None, source, options) is None
    assert shown and shown[0].startswith("打印系统拒绝了这个打印任务")


def test_without_a_print_system_the_dialog_says_so_and_cannot_print(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    dialog = SendDialog("审批表", 1)
    qtbot.addWidget(dialog)
    assert dialog.printer.count() == 0
    assert "找不到打印系统" in dialog.note.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_full_bank_numbers_are_a_choice_and_are_audited(qtbot, db, tmp_path: Path) -> None:
    demo(db)
    dialog = PrintDialog("family", None, [], [1, 2])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.with_bank.isVisible()
    dialog.report.setCurrentIndex(dialog.report.findData("relief-signoff"))
    assert dialog.with_bank.isVisible() and not dialog.with_bank.isChecked()
    assert dialog.request().with_bank is False
    dialog.with_bank.setChecked(True)
    dialog.kind.setCurrentIndex(0)  # all kinds
    request = dialog.request()
    assert request.with_bank is True
    assert print_in_background(None, db, request, tmp_path / "sheet.pdf") is not None
    with db.read() as session:
        latest = history(session, "family", limit=1)[0]
    assert latest.action == "disclose" and "银行卡号" in latest.changes
