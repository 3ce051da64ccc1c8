"""Window-test helpers: an isolated QSettings folder and answering modal dialogs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ui.worker import Worker

os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="unionapp-qsettings-")
QStandardPaths.setTestModeEnabled(True)  # printouts go to a test folder, not ~/Documents


@pytest.fixture(scope="session", autouse=True)
def release_widgets_at_the_end(qapp):
    """Delete leftover windows while Qt is alive (PySide6 can crash finalising them later)."""
    yield
    from ui.app import release_widgets

    Worker.wait_all()
    release_widgets(qapp)


@pytest.fixture
def db(db):
    """The core's database fixture, closed only after every background job has finished."""
    yield db
    Worker.wait_all()


@pytest.fixture(autouse=True)
def fresh_settings(qapp, qtbot):  # qtbot first: its widgets are closed after the wait below
    qapp.setOrganizationName("unionapp-tests")
    qapp.setApplicationName("unionapp-tests")
    QSettings().clear()
    yield
    Worker.wait_all()  # no background job may outlive its test
    QSettings().clear()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """A form a test left with changes would ask "save?" when qtbot closes it, and the modal
    question would hang the run (a failing test leaves one): its changes are dropped first."""
    from ui.record_form import RecordForm

    qapp = QApplication.instance()
    for widget in qapp.topLevelWidgets() if qapp is not None else ():
        for form in [widget, *widget.findChildren(RecordForm)]:
            if isinstance(form, RecordForm):
                form._baseline = form.raw_values()
    return (yield)


def when_modal(
    callback: Callable[[QWidget], None], kind: type | None = None, timeout_ms: int = 8000
) -> None:
    """Run ``callback`` on the next modal dialog (of ``kind``) once it is shown.

    Dialogs block in exec(), so the test schedules its answer before opening one. If no such
    dialog appears in time, any open modal is closed so the test fails instead of hanging.
    """
    waited = {"ms": 0}

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.isVisible() and (kind is None or isinstance(widget, kind)):
            try:
                callback(widget)
            except BaseException:
                give_up(widget)  # a failing answer must not leave the test waiting forever
                raise
            return
        waited["ms"] += 20
        if waited["ms"] < timeout_ms:
            QTimer.singleShot(20, poll)
        elif widget is not None:
            widget.close()

    QTimer.singleShot(20, poll)


def give_up(widget: QWidget) -> None:
    """Close a modal dialog without any question it would ask (unsaved changes)."""
    from ui.record_form import RecordForm

    if isinstance(widget, RecordForm):
        widget._baseline = widget.raw_values()
    if isinstance(widget, QDialog):
        widget.done(QDialog.DialogCode.Rejected)
    else:
        widget.close()


def answer(button: QMessageBox.StandardButton) -> Callable[[QWidget], None]:
    def click(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox), type(widget)
        answer.last_text = widget.text()  # type: ignore[attr-defined]
        widget.button(button).click()

    return click


def close_dialog(widget: QWidget) -> None:
    assert isinstance(widget, QDialog)
    widget.reject()


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type as a clerk would: ASCII by key clicks, Chinese committed by the input method."""
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
