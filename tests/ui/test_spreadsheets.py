"""Import and export from the window: file dialog, dry-run report, import, export."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox
from sqlalchemy import func, select

from tests.ui.conftest import when_modal
from ui.main_window import MainWindow
from ui.sheet_dialogs import ImportDialog
from unionapp.models import Enterprise
from unionapp.services.demo import generate


def choose_file(path: Path):
    def pick(dialog) -> None:
        assert isinstance(dialog, QFileDialog), type(dialog)
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))  # typed, as a clerk would
        dialog.accept()

    return pick


def write(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def window_on(qtbot, db, key: str) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.record_tabs[key])
    return window


def test_import_shows_problems_first_and_writes_nothing(qtbot, db, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.xlsx", [["企业名称", "建会情况", "职工人数"],
                                         ["甲公司", "已建会", 3], ["乙公司", "不知道", 4]])  # fmt: skip
    window = window_on(qtbot, db, "enterprise")
    seen = {}

    def look(dialog) -> None:
        assert isinstance(dialog, ImportDialog)
        seen["summary"] = dialog.summary.text()
        seen["cells"] = [dialog.problems.item(0, c).text() for c in range(6)]
        seen["enabled"] = dialog.import_button.isEnabled()
        dialog.reject()

    when_modal(lambda d: (choose_file(path)(d), when_modal(look, ImportDialog)), QFileDialog)
    window.record_tabs["enterprise"].import_records()
    assert seen["summary"].startswith("发现 1 个问题") and not seen["enabled"]
    assert seen["cells"][2:5] == ["3", "建会情况", "不知道"]
    with db.read() as session:
        assert session.scalar(select(func.count(Enterprise.id))) == 0


def test_import_then_find_the_rows_in_the_table(qtbot, db, tmp_path: Path) -> None:
    path = write(tmp_path / "good.xlsx", [["企业名称", "建会情况", "职工人数"],
                                          ["甲公司", "已建会", 3], ["乙公司", "未建会", 4]])  # fmt: skip
    window = window_on(qtbot, db, "enterprise")
    tab = window.record_tabs["enterprise"]

    def agree(dialog) -> None:
        assert (
            isinstance(dialog, ImportDialog) and dialog.summary.text() == "将新增 2 条，更新 0 条"
        )
        dialog.import_button.click()

    when_modal(lambda d: (choose_file(path)(d), when_modal(agree, ImportDialog)), QFileDialog)
    tab.import_records()
    assert tab.model.rowCount() == 2
    assert window.count_label.text().endswith("2")


def test_export_the_filtered_rows_masked_by_default(qtbot, db, tmp_path: Path) -> None:
    with db.write() as session:
        generate(session, enterprises=30, families=6, trainings=0, seed=2)
    window = window_on(qtbot, db, "family")
    tab = window.record_tabs["family"]
    combo = tab.filters["category"]
    combo.setCurrentIndex(combo.findData("相对困难"))
    shown = tab.model.rowCount()
    target = tmp_path / "families.xlsx"

    def keep_masked(box) -> None:
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.No).click()
        when_modal(lambda done: done.accept(), QMessageBox)  # "N records written"

    when_modal(
        lambda d: (choose_file(target)(d), when_modal(keep_masked, QMessageBox)), QFileDialog
    )
    assert tab.export_records() == target
    sheet = openpyxl.load_workbook(target)["困难职工"]
    assert sheet.max_row == shown + 1
    headings = [cell.value for cell in sheet[1]]
    id_column = headings.index("身份证号") + 1
    assert "********" in sheet.cell(row=2, column=id_column).value
