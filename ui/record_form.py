"""The add/edit form for any record type, built from its description.

A record with sections (the family archive: 档案, 基本情况 …) shows one tab per section; a short
record (a yearly review, an assistance) is one compact page sized to its fields. Each field
shows the core's message for it as the clerk works: errors in red once the clerk has left the
field or tried to save (never "必填" on a field not yet touched), warnings in amber, and notes
(an employer linked to the survey) in green, each on a line kept for it. Derived values (gender,
birth date and age from the ID, income per head) are shown as the clerk types. Closing with
unsaved changes asks first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.editors import FieldEditor, wraps
from ui.form_conflict import Choice, EditGuard
from ui.form_parts import ERROR_COLOUR, Cell, Level, MessageLine, read_out, section_grid
from ui.form_parts import field_caption as caption
from ui.i18n import record_label
from unionapp.database import Database
from unionapp.db import DatabaseError
from unionapp.models import Enterprise
from unionapp.schema import FieldSpec, RecordSpec
from unionapp.schema.fields import Context, clean_record, clean_value, display
from unionapp.schema.notices import Notice, NoticeKind
from unionapp.services import archive, records
from unionapp.services.errors import RecordChanged
from unionapp.services.records import RecordInvalid, RefusedError, make_context
from unionapp.validation.common import ValidationError
from unionapp.validation.idcard import parse_id_number

SECTION_TITLES = {  # the core names sections in Chinese; the window shows them translated
    "档案": QT_TRANSLATE_NOOP("RecordForm", "Archive"),
    "基本情况": QT_TRANSLATE_NOOP("RecordForm", "Personal details"),
    "工作与保障": QT_TRANSLATE_NOOP("RecordForm", "Work and security"),
    "家庭收支": QT_TRANSLATE_NOOP("RecordForm", "Household income"),
    "困难情况": QT_TRANSLATE_NOOP("RecordForm", "Hardship"),
}
MONEY_INPUTS = (
    "household_size",
    "annual_income_fen",
    "medical_expense_fen",
    "schooling_expense_fen",
)
LIVE = ("gender", "birth_date", "income_per_head_fen")  # derived values followed as typed
WRAP_LINES = 3  # an address of 120 characters and more reads whole
# Room a form leaves around its pages on a screen (title bar, tabs, message line, buttons).
SCREEN_MARGIN = 40


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
        self.setObjectName(f"form_{spec.key}")
        self.editors: dict[str, FieldEditor] = {}
        self.messages: dict[str, MessageLine] = {}
        self.derived: dict[str, QLineEdit] = {}
        self._focused: str | None = None  # the field being worked on
        self.sections: list[tuple[str, QScrollArea, list[str]]] = []
        self.visited: set[str] = set()  # fields whose errors are shown
        self.tried_to_save = False
        self._first_show = True
        self._auto_focus: str | None = None
        self.errors: dict[str, str] = {}
        self.guard = EditGuard(self)  # the version opened; changes made elsewhere meanwhile
        self._build()
        self._load(initial or {})
        self._baseline = self.raw_values()
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.validate)
        for key, editor in self.editors.items():
            editor.changed.connect(self._timer.start)
            editor.left.connect(lambda reason, key=key: self._leave(key, reason))
            editor.entered.connect(lambda key=key: self._enter(key))
            if editor.spec.kind in ("bool", "choice", "multi"):  # chosen, not typed
                editor.changed.connect(lambda key=key: self.visited.add(key))
        self.validate()
        self.fit_to(self._available())

    # Layout ----------------------------------------------------------------
    def _build(self) -> None:
        with self.database.read() as session:
            context = make_context(session)
        groups: dict[str, list[Cell]] = {}
        for field in self.spec.fields:
            if field.derived and not self._shows_derived(field):
                continue
            groups.setdefault(field.group, []).append(self._cell(field, context))
        self.pages = QTabWidget() if len(groups) > 1 else None
        for group, cells in groups.items():
            page = QWidget()
            page.setObjectName(f"section_{group or 'main'}")
            page.setLayout(section_grid(self.spec, cells, None if self.pages is None else True))
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(page)
            self.sections.append((group, scroll, [c.spec.key for c in cells]))
            if self.pages is not None:
                self.pages.addTab(scroll, self.tr(SECTION_TITLES.get(group, group)) or group)
        self.confirm_code = QCheckBox(self.tr("Checked against the business licence; save anyway"))
        self.confirm_code.setObjectName("confirm_code")
        self.confirm_code.hide()
        self.confirm_code.toggled.connect(self.validate)
        self.detail = QLabel()  # the full text of the message of the field in focus
        self.detail.setObjectName("detail")
        self.detail.setWordWrap(True)
        self.detail.setFixedHeight(self.detail.fontMetrics().lineSpacing() * 2 + 6)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages if self.pages is not None else self.sections[0][1], 1)
        layout.addWidget(self.confirm_code)
        layout.addWidget(self.guard.notice)
        layout.addWidget(self.detail)
        layout.addWidget(self.buttons)
        if self.pages is not None:
            self.pages.setCurrentIndex(self._first_section())

    def _shows_derived(self, field: FieldSpec) -> bool:
        """Derived values worth showing: those that follow as the clerk types, and for a
        record on file what the archive keeps (last review, documents, size …)."""
        return field.key in LIVE or self.record_id is not None

    def _cell(self, field: FieldSpec, context: Context) -> Cell:
        message = MessageLine(field.key)
        if field.derived:
            widget = read_out(field)
            self.derived[field.key] = widget
            if field.key == "income_per_head_fen":  # the rule the category follows, in words
                rule = self.tr("(yearly income − rigid costs) ÷ 12 ÷ household size")
                message.show_message(rule, Level.INFO)
            return Cell(field, caption(field, derived=True), widget, message)
        choices = self.spec.choices_for(field, context)
        lines = WRAP_LINES if wraps(field, self.spec) else 0
        editor = FieldEditor(field, choices, self.database, lines)
        label = caption(field)
        label.setBuddy(editor.focus_widget())
        self.editors[field.key] = editor
        self.messages[field.key] = message
        return Cell(field, label, editor, message)

    def _first_section(self) -> int:
        """Open on the first section with a required field (the name and ID, not the archive
        number that is given by itself)."""
        for index, (_group, _scroll, keys) in enumerate(self.sections):
            if any(self.spec.field(key).required for key in keys):
                return index
        return 0

    def natural_size(self) -> tuple[int, int]:
        """The size that shows every section without scrolling."""
        widest = max(scroll.widget().sizeHint().width() for _g, scroll, _k in self.sections)
        tallest = max(scroll.widget().sizeHint().height() for _g, scroll, _k in self.sections)
        return widest, tallest

    def fit_to(self, available: QRect) -> None:
        """Size the form to its content, within ``available`` (the screen's free area): never
        wider than the screen, scrolling down only when a screen is too small for a section."""
        width, height = self.natural_size()
        bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        for _group, scroll, _keys in self.sections:
            scroll.setMinimumSize(min(width + bar, available.width() - 2 * SCREEN_MARGIN), 0)
            scroll.setMinimumHeight(height)
        chrome = self.sizeHint().height() - height
        fitted = min(height, available.height() - SCREEN_MARGIN - chrome)
        for _group, scroll, _keys in self.sections:
            scroll.setMinimumHeight(max(120, fitted))
        self.adjustSize()

    def _available(self) -> QRect:
        screen = self.screen() or QApplication.primaryScreen()
        return screen.availableGeometry()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """The cursor starts in the first field of the section shown."""
        super().showEvent(event)
        if self._first_show:
            self._first_show = False
            keys = self.sections[self.pages.currentIndex() if self.pages else 0][2]
            first = next((k for k in keys if k in self.editors), None)
            if first is not None:
                self._auto_focus = first  # put there, not chosen: leaving it says nothing yet
                self.editors[first].focus_widget().setFocus()

    # Loading ---------------------------------------------------------------
    def _load(self, initial: dict[str, Any]) -> None:
        if self.record_id is None:
            for editor in self.editors.values():
                if editor.spec.default is not None:  # 状态 starts 在档, 工作状态 在岗 …
                    editor.set_value(editor.spec.default)
            for key, value in initial.items():
                if key in self.editors:
                    self.editors[key].set_value(value)
                    self.visited.add(key)
            return
        with self.database.read() as session:
            obj = session.get(self.spec.model, self.record_id)
            if obj is None:
                raise RefusedError(self.tr("This record no longer exists."))
            self.guard.version = obj.version
            for key, editor in self.editors.items():
                value = getattr(obj, key)
                if editor.spec.kind == "enterprise":
                    company = session.get(Enterprise, value) if value else None
                    editor.set_value(None, company.name if company else "")
                else:
                    editor.set_value(value)
            for key, line in self.derived.items():
                line.setText(display(self.spec.field(key), getattr(obj, key), reveal=True))
            if getattr(obj, "credit_code_confirmed", False):
                self.confirm_code.setChecked(True)
        self.visited.update(self.editors)  # a record on file: what is wrong in it is shown

    # Validation ------------------------------------------------------------
    def raw_values(self) -> dict[str, Any]:
        return {key: editor.value() for key, editor in self.editors.items()}

    def is_dirty(self) -> bool:
        return self.raw_values() != self._baseline

    def _leave(self, key: str, reason: int = 0) -> None:
        """The clerk left ``key``: its errors show from now on. The field the cursor was put in
        at the start counts once the clerk worked in it or tabbed past it, not when the clerk
        simply clicked elsewhere to begin."""
        if key == self._auto_focus:
            self._auto_focus = None
            clicked_away = reason == Qt.FocusReason.MouseFocusReason.value
            if clicked_away and self.editors[key].value() == self._baseline.get(key):
                return
        if key not in self.visited:
            self.visited.add(key)
            self._timer.start()

    def validate(self) -> dict[str, str]:
        """Check the form against the core's rules; show each field's message. Returns every
        error, shown or not yet (a field not yet visited keeps its "必填" to itself)."""
        raw = self.raw_values()
        with self.database.read() as session:
            # Validated as if the check character were confirmed: a failing one then comes back
            # as a typed notice, and the form decides on its kind.
            context = make_context(session, allow_bad_credit_code=True)
            try:
                _values, warnings = records.validate(
                    session,
                    self.spec,
                    raw,
                    context,
                    own_id=self.record_id,
                    parent_id=self.parent_id,
                )
                errors: dict[str, str] = {}
            except RecordInvalid as invalid:
                errors = dict(invalid.errors)
                warnings = clean_record(self.spec, raw, context).warnings
            notes = self._notes(session, raw, errors)
        to_confirm = [k for k, n in warnings.items() if n.kind is NoticeKind.CHECK_CHARACTER]
        self.confirm_code.setVisible(bool(to_confirm))
        if not self.confirm_code.isChecked():
            for key in to_confirm:  # an error until the clerk has checked the licence
                errors.setdefault(key, warnings.pop(key).message)
        self.errors = errors
        self._show(errors, warnings, notes)
        self._show_derived(raw, context)
        return errors

    def _notes(self, session: Any, raw: dict[str, Any], errors: dict[str, str]) -> dict[str, str]:
        """What the clerk is told besides errors: whether a typed employer is the survey's."""
        notes: dict[str, str] = {}
        for key, editor in self.editors.items():
            if editor.spec.kind != "employer" or key in errors:
                continue
            name = " ".join(str(raw.get(key) or "").split())
            if not name:
                continue
            probe: dict[str, Any] = {"employer": name}
            archive.link_employer(session, probe)
            notes[key] = (
                self.tr("Linked to this enterprise in the survey register")
                if probe["enterprise_id"] is not None
                else self.tr("Not in the survey register: saved as typed")
            )
        return notes

    def _shows_error(self, key: str) -> bool:
        return self.tried_to_save or key in self.visited

    def _show(self, errors: dict[str, str], warnings: dict[str, Notice], notes: dict[str, str]):  # type: ignore[no-untyped-def]
        for key, line in self.messages.items():
            if key in errors and self._shows_error(key):
                line.show_message(errors[key], Level.ERROR)
            elif key in warnings:
                line.show_message(warnings[key].message, Level.WARNING)
            elif key in notes and key not in errors:
                line.show_message(notes[key], Level.INFO)
            else:
                line.clear_message()
        if self.pages is not None:
            for index, (group, _scroll, keys) in enumerate(self.sections):
                shown = sum(1 for k in keys if k in errors and self._shows_error(k))
                title = self.tr(SECTION_TITLES.get(group, group)) or group
                self.pages.setTabText(index, f"{title} ({shown})" if shown else title)
                colour = QColor(ERROR_COLOUR) if shown else QColor()
                self.pages.tabBar().setTabTextColor(index, colour)
        self._show_detail()

    def _enter(self, key: str) -> None:
        self._focused = key
        self._show_detail()

    def _show_detail(self) -> None:
        """Under the fields, the full text of the message of the field being worked on (or
        what is wrong with the record as a whole)."""
        text, colour = "", ERROR_COLOUR
        line = self.messages.get(self._focused or "")
        if line is not None and line.is_shown() and line.level is not None:
            text, colour = line.full_text, line.level.value
        elif self.tried_to_save:
            text = self.errors.get("_record", "")
        self.detail.setStyleSheet(f"color: {colour};")
        self.detail.setText(text)

    def _show_derived(self, raw: dict[str, Any], context: Context) -> None:
        """Gender, birth date and age from the ID number; income per head from the income,
        rigid costs and household size: as they are typed."""
        if "gender" in self.derived or "birth_date" in self.derived:
            try:
                info = parse_id_number(raw.get("id_number", ""))
            except ValueError:
                gender = born = ""
            else:
                gender = info.gender
                age = info.age_on(date.today())
                born = self.tr("{0} (aged {1})").format(info.birth_date.isoformat(), age)
            for key, text in (("gender", gender), ("birth_date", born)):
                if key in self.derived:
                    self.derived[key].setText(text)
        if "income_per_head_fen" in self.derived:
            self.derived["income_per_head_fen"].setText(self._per_head(raw, context))

    def _per_head(self, raw: dict[str, Any], context: Context) -> str:
        values: dict[str, Any] = {}
        for key in MONEY_INPUTS:
            if key not in self.editors:
                return ""
            try:
                values[key] = clean_value(self.spec.field(key), raw[key], context, self.spec)
            except ValidationError:
                return ""
        field = self.spec.field("income_per_head_fen")
        return display(field, archive.income_per_head_fen(values))

    # Saving ----------------------------------------------------------------
    def save(self) -> bool:
        self.tried_to_save = True
        errors = self.validate()
        if errors:
            self._go_to(next(iter(errors)))
            return False
        raw = self.raw_values()
        try:
            with self.database.write() as session:
                context = make_context(session, allow_bad_credit_code=self.confirm_code.isChecked())
                if self.record_id is None:
                    obj = records.create(session, self.spec, raw, context, self.parent_id)
                else:
                    obj = records.update(
                        session,
                        self.spec,
                        self.record_id,
                        raw,
                        context,
                        expected_version=self.guard.version,
                    )
                self.saved_id = obj.id
        except RecordChanged:  # someone else saved or deleted it since the form opened
            return self.guard.ask() is Choice.OVERWRITE and self.save()
        except RecordInvalid as invalid:  # changed by someone else since the check above
            self.errors = dict(invalid.errors)
            self._show(self.errors, {}, {})
            self._go_to(next(iter(self.errors)))
            return False
        except (DatabaseError, RefusedError) as error:
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
            return False
        self._baseline = raw
        self.saved.emit(self.saved_id)
        self.accept()
        return True

    def reload_record(self) -> None:
        """Show the record as it is now, dropping the clerk's edits."""
        self._load({})
        self._baseline = self.raw_values()
        self.guard.notice.hide()
        self.validate()

    def merge_latest(self) -> None:
        """Take the record as it is now under the fields the clerk left alone; the fields the
        clerk edited keep what was typed (those go over the other clerk's version)."""
        typed = self.raw_values()
        edited = {k: v for k, v in typed.items() if v != self._baseline.get(k)}
        self._load({})
        self._baseline = self.raw_values()
        for key, value in edited.items():
            self.editors[key].set_value(value)

    def mark_unchanged(self) -> None:
        """What is typed counts as kept: closing asks nothing (the record is gone)."""
        self._baseline = self.raw_values()

    def discard(self) -> None:
        """Close without asking about unsaved edits (there is nothing left to save them to)."""
        self.mark_unchanged()
        super().reject()

    def done(self, result: int) -> None:
        self.guard.release()
        super().done(result)

    def _go_to(self, key: str) -> None:
        """Show the section holding ``key`` and put the cursor in it."""
        editor = self.editors.get(key)
        if editor is None:
            self._show_detail()
            return
        for index, (_group, scroll, keys) in enumerate(self.sections):
            if key in keys:
                if self.pages is not None:
                    self.pages.setCurrentIndex(index)
                scroll.ensureWidgetVisible(editor)
        editor.focus_widget().setFocus()
        self._enter(key)

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
