"""The add/edit form for any record type, built from its description.

Each field shows its own message from the core's validation as the clerk types; Save stays
disabled while anything is wrong. Closing with unsaved changes asks first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.editors import FieldEditor
from ui.i18n import field_label, record_label
from unionapp.database import Database
from unionapp.db import DatabaseError
from unionapp.models import Enterprise
from unionapp.schema import RecordSpec
from unionapp.services import records
from unionapp.services.records import RecordInvalid, RefusedError, make_context
from unionapp.validation.idcard import parse_id_number

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #a35200;"


class RecordForm(QDialog):
    saved = Signal(int)

    def __init__(
        self,
        database: Database,
        spec: RecordSpec,
        record_id: int | None = None,
        parent_id: int | None = None,
        parent: QWidget | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.spec = spec
        self.record_id = record_id
        self.parent_id = parent_id
        self.saved_id: int | None = None
        verb = self.tr("Edit") if record_id else self.tr("New")
        self.setWindowTitle(f"{verb} · {record_label(spec)}")
        self.editors: dict[str, FieldEditor] = {}
        self.messages: dict[str, QLabel] = {}
        self._build()
        self._load(initial or {})
        self._baseline = self.raw_values()
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.validate)
        for editor in self.editors.values():
            editor.changed.connect(self._timer.start)
        self.validate()

    # Layout ----------------------------------------------------------------
    def _build(self) -> None:
        with self.database.read() as session:
            context = make_context(session)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        row = col = 0
        for field in self.spec.editable:
            editor = FieldEditor(field, self.spec.choices_for(field, context), self.database)
            label = QLabel(field_label(field) + ("*" if field.required else ""))
            label.setBuddy(editor.focus_widget())
            message = QLabel()
            message.setObjectName(f"message_{field.key}")
            message.setStyleSheet(ERROR_STYLE)
            message.setWordWrap(True)
            message.hide()
            wide = field.kind in ("longtext", "multi")
            if wide and col:
                row, col = row + 2, 0
            grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            span = 3 if wide else 1
            grid.addWidget(editor, row, col + 1, 1, span)
            grid.addWidget(message, row + 1, col + 1, 1, span)
            self.editors[field.key] = editor
            self.messages[field.key] = message
            if wide or col:
                row, col = row + 2, 0
            else:
                col = 2
        self.derived = QLabel()
        self.derived.setObjectName("derived")
        self.confirm_code = QCheckBox(self.tr("Checked against the business licence; save anyway"))
        self.confirm_code.setObjectName("confirm_code")
        self.confirm_code.hide()
        self.confirm_code.toggled.connect(self.validate)
        self.record_message = QLabel()
        self.record_message.setStyleSheet(ERROR_STYLE)
        self.record_message.setWordWrap(True)
        self.record_message.hide()

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(grid)
        body_layout.addWidget(self.derived)
        body_layout.addWidget(self.confirm_code)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.record_message)
        layout.addWidget(self.buttons)
        wide_form = len(self.spec.editable) > 8
        self.resize(860 if wide_form else 560, 640 if wide_form else 360)

    def _load(self, initial: dict[str, Any]) -> None:
        if self.record_id is None:
            for key, value in initial.items():
                if key in self.editors:
                    self.editors[key].set_value(value)
            return
        with self.database.read() as session:
            obj = session.get(self.spec.model, self.record_id)
            if obj is None:
                raise RefusedError(self.tr("This record no longer exists."))
            for key, editor in self.editors.items():
                value = getattr(obj, key)
                if editor.spec.kind == "enterprise":
                    company = session.get(Enterprise, value) if value else None
                    editor.set_value(None, company.name if company else "")
                else:
                    editor.set_value(value)
            if getattr(obj, "credit_code_confirmed", False):
                self.confirm_code.setChecked(True)

    # Validation ------------------------------------------------------------
    def raw_values(self) -> dict[str, Any]:
        return {key: editor.value() for key, editor in self.editors.items()}

    def is_dirty(self) -> bool:
        return self.raw_values() != self._baseline

    def validate(self) -> dict[str, str]:
        raw = self.raw_values()
        warnings: dict[str, str] = {}
        with self.database.read() as session:
            context = make_context(session, allow_bad_credit_code=self.confirm_code.isChecked())
            try:
                _values, warnings = records.validate(
                    session, self.spec, raw, context, own_id=self.record_id
                )
                errors: dict[str, str] = {}
            except RecordInvalid as invalid:
                errors = invalid.errors
        for key, label in self.messages.items():
            text = errors.get(key) or warnings.get(key) or ""
            label.setText(text)
            label.setStyleSheet(ERROR_STYLE if key in errors else WARNING_STYLE)
            label.setVisible(bool(text))
        code_problem = errors.get("credit_code", "") + warnings.get("credit_code", "")
        self.confirm_code.setVisible("校验位" in code_problem)
        other = errors.get("_record", "")
        self.record_message.setText(other)
        self.record_message.setVisible(bool(other))
        self._show_derived(raw)
        self.save_button.setEnabled(not errors)
        return errors

    def _show_derived(self, raw: dict[str, Any]) -> None:
        if "id_number" not in raw:
            self.derived.hide()
            return
        try:
            info = parse_id_number(raw["id_number"])
        except ValueError:
            self.derived.setText(self.tr("Gender, birth date and age follow from the ID number."))
        else:
            self.derived.setText(
                self.tr("Gender: {0}    Birth date: {1}    Age: {2}").format(
                    info.gender, info.birth_date.isoformat(), info.age_on(date.today())
                )
            )
        self.derived.show()

    # Saving ----------------------------------------------------------------
    def save(self) -> bool:
        if self.validate():
            return False
        raw = self.raw_values()
        try:
            with self.database.write() as session:
                context = make_context(session, allow_bad_credit_code=self.confirm_code.isChecked())
                if self.record_id is None:
                    obj = records.create(session, self.spec, raw, context, self.parent_id)
                else:
                    obj = records.update(session, self.spec, self.record_id, raw, context)
                self.saved_id = obj.id
        except RecordInvalid as invalid:
            for key, message in invalid.errors.items():
                label = self.messages.get(key, self.record_message)
                label.setText(message)
                label.show()
            return False
        except (DatabaseError, RefusedError) as error:
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
            return False
        self._baseline = raw
        self.saved.emit(self.saved_id)
        self.accept()
        return True

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("Unsaved changes"),
                self.tr("Save the changes to this record?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
        super().reject()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.result() == QDialog.DialogCode.Accepted or not self.is_dirty():
            event.accept()
            return
        event.ignore()
        self.reject()
