"""One error handler for the window: whatever no code expected is written to the log file with
its details, and the clerk reads what happened and what to do, in Chinese; the program goes on.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from unionapp import APP_NAME
from unionapp.system.logs import log_path, setup_logging

log = logging.getLogger("unionapp.window")


class _Relay(QObject):
    """Carries a failure from any thread to the GUI thread, which alone may show a message."""

    failed = Signal(str)


def explain(error: BaseException) -> str:
    """What the clerk reads for an unexpected failure."""
    from unionapp.db.errors import DatabaseError

    if isinstance(error, DatabaseError):
        return str(error)
    if isinstance(error, MemoryError):
        return QApplication.translate(
            "Errors",
            "The computer ran out of memory. Nothing was "
            "saved by the step that failed; close other programs "
            "and try again.",
        )
    if isinstance(error, OSError):
        from unionapp.system.files import describe_os_error

        return describe_os_error(error)
    return QApplication.translate(
        "Errors",
        "Something went wrong inside the program ({0}). What was already saved is "
        "safe. The details are in the log file:\n{1}",
    ).format(type(error).__name__, log_path())


def install_error_handler() -> None:
    """Route uncaught exceptions (GUI thread and others) to the log and a message box."""
    setup_logging()
    relay = _Relay()
    relay.failed.connect(_show, Qt.ConnectionType.QueuedConnection)

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.error("uncaught error", exc_info=(kind, error, tb))
        relay.failed.emit(explain(error))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
    _state["relay"] = relay


_state: dict[str, _Relay] = {}


def _show(message: str) -> None:
    parent = QApplication.activeWindow()
    QMessageBox.warning(parent, APP_NAME, message)
