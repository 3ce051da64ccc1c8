"""Import… and Export… for a tab: the dry-run report first, then the import; both off the GUI
thread with progress."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.worker import run_with_progress
from unionapp.database import Database
from unionapp.schema.filters import ListQuery
from unionapp.spreadsheets.catalog import EXPORT_FOR_TAB, IMPORT_FOR_TAB
from unionapp.system.files import describe_os_error

if TYPE_CHECKING:
    from unionapp.spreadsheets.importer import ImportReport
SHEET_FILTER = "表格 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)"
ERROR, REMINDER = "#b00020", "#b26a00"  # red stops an import, amber does not


def plan_in_background(
    parent: QWidget | None,
    database: Database,
    kind: str,
    path: Path,
    update: bool,
    session_id: int | None,
) -> ImportReport | None:
    from unionapp.spreadsheets.importer import plan_import

    def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
        with database.read() as session:
            return plan_import(session, kind, path, update=update, session_id=session_id)

    return run_with_progress(
        parent, QCoreApplication.translate("Spreadsheets", "Import"), path.name, job
    )


def import_in_background(
    parent: QWidget | None,
    database: Database,
    kind: str,
    path: Path,
    update: bool,
    session_id: int | None,
) -> ImportReport | None:
    """Check again and write in one transaction: all rows or none."""
    from unionapp.spreadsheets.applying import apply_import
    from unionapp.spreadsheets.importer import plan_import

    def job(_progress, _cancelled):  # type: ignore[no-untyped-def]
        with database.write() as session:
            report = plan_import(session, kind, path, update=update, session_id=session_id)
            if report.ok:
                report.result = apply_import(session, report)  # type: ignore[attr-defined]
            return report

    return run_with_progress(
        parent, QCoreApplication.translate("Spreadsheets", "Import"), path.name, job
    )


class ImportDialog(QDialog):
    """Shows what a file would do (the dry run) and imports it when the clerk agrees."""

    def __init__(
        self,
        database: Database,
        kind: str,
        path: Path,
        report: ImportReport,
        session_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.kind, self.path, self.session_id = database, kind, path, session_id
        self.report = report
        self.imported: ImportReport | None = None
        self.setWindowTitle(self.tr("Import {0}").format(path.name))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.update_box = QCheckBox(self.tr("Update records already on file"))
        self.update_box.toggled.connect(self._recheck)
        # Problems (red, they stop the import) and reminders (amber, they do not), each in
        # full: long reasons wrap, every cell shows its whole text when pointed at.
        self.problems = QTableWidget(0, 6)
        self.problems.setHorizontalHeaderLabels(
            [
                self.tr("Kind"),
                self.tr("Sheet"),
                self.tr("Row"),
                self.tr("Column"),
                self.tr("Value"),
                self.tr("Reason"),
            ]
        )
        header = self.problems.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.problems.setWordWrap(True)
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.save_report_button = QPushButton(self.tr("Save this report…"))
        self.save_report_button.clicked.connect(self.save_report)
        template = QPushButton(self.tr("Blank template…"))
        template.setToolTip(self.tr("A sheet with the right headings and an example row"))
        template.clicked.connect(lambda: save_template(self, self.database, self.kind))
        tools = QHBoxLayout()
        tools.addWidget(self.save_report_button)
        tools.addWidget(template)
        tools.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("Import"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.update_box)
        layout.addWidget(self.problems, 1)
        layout.addLayout(tools)
        layout.addWidget(self.buttons)
        self.resize(960, 560)
        self._show(report)

    def _show(self, report: ImportReport) -> None:
        self.report = report
        self.summary.setText(report.summary())
        self.summary.setStyleSheet("color: #b00020;" if report.problems else "")
        entries = [(self.tr("Error"), ERROR, p) for p in report.problems]
        entries += [(self.tr("Reminder"), REMINDER, w) for w in report.warnings]
        self.problems.setRowCount(len(entries))
        for row, (label, colour, problem) in enumerate(entries):
            cells = (
                label,
                problem.sheet,
                str(problem.row or ""),
                problem.column,
                problem.value,
                problem.reason,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 0:
                    item.setForeground(QColor(colour))
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.problems.setItem(row, column, item)
        self.problems.resizeRowsToContents()
        self.problems.setVisible(bool(entries))
        self.save_report_button.setEnabled(bool(entries))
        self.import_button.setEnabled(report.ok and bool(report.additions or report.updates))

    def save_report(self) -> Path | None:
        from unionapp.spreadsheets.writing import write_report

        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save this report"),
            str(Path.home() / f"{self.path.stem}-检查报告.csv"),
            "CSV (*.csv)",
        )
        if not name:
            return None
        try:
            return write_report(self.report, Path(name).with_suffix(".csv"))
        except OSError as error:
            QMessageBox.warning(self, self.tr("Not saved"), describe_os_error(error))
            return None

    def _recheck(self) -> None:
        report = plan_in_background(
            self, self.database, self.kind, self.path, self.update_box.isChecked(), self.session_id
        )
        if report is not None:
            self._show(report)

    def _import(self) -> None:
        report = import_in_background(
            self, self.database, self.kind, self.path, self.update_box.isChecked(), self.session_id
        )
        if report is None:
            return
        if not report.ok:  # the data changed since the dry run
            self._show(report)
            return
        self.imported = report
        self.accept()


def save_template(parent: QWidget | None, database: Database, kind: str) -> Path | None:
    """A blank import sheet for ``kind``, saved where the clerk chooses."""
    from unionapp.services.settings import ownership_types
    from unionapp.spreadsheets.kinds import KINDS
    from unionapp.spreadsheets.writing import write_template

    title = QCoreApplication.translate("Spreadsheets", "Blank template")
    name, _ = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / f"{KINDS[kind].label}模板.xlsx"), "Excel (*.xlsx)"
    )
    if not name:
        return None
    with database.read() as session:
        choices = {"ownership": tuple(ownership_types(session))}
    try:
        return write_template(kind, Path(name).with_suffix(".xlsx"), choices)
    except OSError as error:
        QMessageBox.warning(parent, title, describe_os_error(error))
        return None


def start_import(
    parent: QWidget, database: Database, record_key: str, selected_session: int | None = None
) -> ImportReport | None:
    """File dialog, dry run, report, import. Returns the finished import, if any."""
    kind = IMPORT_FOR_TAB[record_key]
    name, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("Spreadsheets", "Import"), str(Path.home()), SHEET_FILTER
    )
    if not name:
        return None
    session_id = None
    if kind == "trainings" and selected_session is not None:
        answer = QMessageBox.question(
            parent,
            QCoreApplication.translate("Spreadsheets", "Import"),
            QCoreApplication.translate(
                "Spreadsheets",
                "Add the people in this file to the selected training session?\n"
                "(No: the file names each person's session in its own columns.)",
            ),
        )
        session_id = selected_session if answer == QMessageBox.StandardButton.Yes else None
    report = plan_in_background(parent, database, kind, Path(name), False, session_id)
    if report is None:
        return None
    dialog = ImportDialog(database, kind, Path(name), report, session_id, parent)
    if dialog.exec() and dialog.imported is not None:
        return dialog.imported
    return None


def start_export(
    parent: QWidget, database: Database, record_key: str, query: ListQuery, sensitive: bool
) -> Path | None:
    """Save dialog, then write the rows as filtered in the window, off the GUI thread."""
    from unionapp.spreadsheets.writing import export_list

    kind = EXPORT_FOR_TAB[record_key]
    name, chosen = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("Spreadsheets", "Export"),
        str(Path.home() / f"{kind}.xlsx"),
        "Excel (*.xlsx);;CSV (*.csv)",
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
    reveal = False
    if sensitive:
        answer = QMessageBox.question(
            parent,
            QCoreApplication.translate("Spreadsheets", "Export"),
            QCoreApplication.translate(
                "Spreadsheets",
                "Export full ID and phone numbers? (No keeps them masked; a masked file "
                "cannot be imported again.)",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        reveal = answer == QMessageBox.StandardButton.Yes
    snapshot = copy.deepcopy(query)

    def job(progress, _cancelled):  # type: ignore[no-untyped-def]
        from unionapp.services.disclosure import record_disclosure, refuse_if_read_only

        if reveal:
            refuse_if_read_only(database)
        with database.read() as session:
            count = export_list(session, kind, path, snapshot, reveal=reveal, progress=progress)
        if reveal:
            record_disclosure(
                database, path, table=record_key, what="完整身份证号和电话（导出）", count=count
            )
        return count

    count = run_with_progress(
        parent, QCoreApplication.translate("Spreadsheets", "Export"), path.name, job
    )
    if count is None:
        return None
    QMessageBox.information(
        parent,
        QCoreApplication.translate("Spreadsheets", "Export"),
        QCoreApplication.translate("Spreadsheets", "{0} records written to {1}").format(
            count, path
        ),
    )
    return path
