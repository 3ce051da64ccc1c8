"""The import check as the clerk reads it: errors and reminders together, every reason whole,
the report saved to a file, a blank template for the same kind."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.conftest import when_modal
from tests.ui.test_spreadsheets import choose_file, write
from ui.sheet_dialogs import ImportDialog
from unionapp.spreadsheets.importer import plan_import

LONG = "困难情况说明" * 20


def checked(db, tmp_path: Path) -> ImportDialog:
    path = write(
        tmp_path / "名册 2024.xlsx",
        [
            ["企业名称", "建会情况", "职工人数", "备注"],
            ["甲公司😀", "已建会", 3, "=cmd|' /C calc'!A0"],  # a formula: the file lies
            ["乙公司", "不知道", 4, LONG],
        ],
    )
    with db.read() as session:
        report = plan_import(session, "enterprises", path)
    dialog = ImportDialog(db, "enterprises", path, report)
    return dialog


def test_errors_and_reminders_are_listed_whole(qtbot, db, tmp_path: Path) -> None:
    dialog = checked(db, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.problems
    kinds = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert kinds == ["Error", "Error", "Reminder"]  # errors first; a reminder does not stop it
    reasons = [table.item(row, 5) for row in range(table.rowCount())]
    for item, problem in zip(
        reasons, [*dialog.report.problems, *dialog.report.warnings], strict=True
    ):
        assert item.text() == problem.reason and item.toolTip() == problem.reason  # never cut
    assert table.wordWrap()
    assert not dialog.import_button.isEnabled()


def test_the_report_is_saved_for_excel_with_the_files_values_defused(
    qtbot, db, tmp_path: Path
) -> None:
    dialog = checked(db, tmp_path)
    qtbot.addWidget(dialog)
    target = tmp_path / "报告 文件夹" / "检查报告.csv"
    target.parent.mkdir()
    when_modal(choose_file(target), QFileDialog)
    assert dialog.save_report() == target
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel in China reads UTF-8 with a BOM
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["类别", "工作表", "行", "列", "值", "原因"]
    assert [row[0] for row in rows[1:]] == ["错误", "错误", "提醒"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_report_that_cannot_be_written_is_a_message(qtbot, db, tmp_path: Path) -> None:
    dialog = checked(db, tmp_path)
    qtbot.addWidget(dialog)
    shown: list[str] = []
    missing = tmp_path / "没有这个文件夹" / "报告.csv"
    when_modal(
        lambda d: (
            choose_file(missing)(d),
            when_modal(lambda b: (shown.append(b.text()), b.accept()), QMessageBox),
        ),
        QFileDialog,
    )
    assert dialog.save_report() is None
    assert shown and "找不到文件或文件夹" in shown[0]


def test_a_blank_template_for_the_same_kind(qtbot, db, tmp_path: Path) -> None:
    from ui.sheet_dialogs import save_template

    target = tmp_path / "模板 企业.xlsx"
    when_modal(choose_file(target), QFileDialog)
    assert save_template(None, db, "enterprises") == target
    book = openpyxl.load_workbook(target)
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert any(str(h).startswith("企业名称") for h in headers)
