"""Long work (printing batches, imports, backups) off the GUI thread, with progress by signal.

The job runs in a QThread and opens its own database session there (one session per thread);
it reports progress through signals, and only the GUI thread touches widgets.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from unionapp.db import DatabaseError
from unionapp.jobs import Cancelled
from unionapp.printing.options import PrintError
from unionapp.services.errors import RecordInvalid, RefusedError
from unionapp.system.files import describe_os_error

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
EXPECTED = (DatabaseError, RefusedError, RecordInvalid, PrintError, ValueError)
log = logging.getLogger(__name__)


class Worker(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    was_cancelled = Signal()
    # A running worker keeps itself alive: no widget owns it, so closing a window can never
    # destroy a thread that is still working. It lets go when its thread has finished.
    _running: ClassVar[set[Worker]] = set()

    def __init__(self, job: Job) -> None:
        super().__init__()  # deliberately no parent (see _running)
        self.job = job
        self._cancel = threading.Event()
        self.finished.connect(self._forget)

    def start(self, *args: Any) -> None:
        Worker._running.add(self)
        super().start(*args)

    def _forget(self) -> None:
        Worker._running.discard(self)

    @classmethod
    def wait_all(cls, timeout_ms: int | None = None) -> None:
        """Let every running job finish (before the program, or a test, ends); with a timeout,
        stop waiting then (what is left is a partial file the next start removes)."""
        deadline = None if timeout_ms is None else time.monotonic() + timeout_ms / 1000
        # Their last signals, delivered below, may start other jobs (a refresh after a
        # change): wait for those too, or a thread would still run when the program ends.
        for _round in range(20):
            for worker in list(cls._running):
                with contextlib.suppress(RuntimeError):  # the C++ object may already be gone
                    if deadline is None:
                        worker.wait()
                    else:
                        worker.wait(max(0, int((deadline - time.monotonic()) * 1000)))
            QCoreApplication.processEvents()  # deliver their last signals
            still = [w for w in list(cls._running) if _is_running(w)]
            if not still or (deadline is not None and time.monotonic() >= deadline):
                return

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self.job(
                lambda done, total: self.progressed.emit(done, total), self._cancel.is_set
            )
        except Cancelled:
            self.was_cancelled.emit()
        except OSError as error:  # a file: say what is wrong with it and what to do
            log.warning("file error in a background job: %s", error)
            self.failed.emit(describe_os_error(error))
        except EXPECTED as error:
            self.failed.emit(str(error))
        except Exception as error:  # keep the window alive; say what happened, log the rest
            from ui.errors import explain

            log.exception("background job failed")
            self.failed.emit(explain(error))
        else:
            self.succeeded.emit(result)


def run_with_progress(parent: QWidget | None, title: str, label: str, job: Job) -> Any:
    """Run ``job`` in a worker thread behind a cancellable progress dialog.

    Returns the job's result, or ``None`` when it was cancelled or failed (the failure is shown).
    """
    cancel = QCoreApplication.translate("Printing", "Cancel")
    dialog = QProgressDialog(label, cancel, 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    worker = Worker(job)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)

    worker.progressed.connect(progressed)
    worker.succeeded.connect(lambda result: outcome.update(result=result))
    worker.failed.connect(lambda message: outcome.update(error=message))
    worker.was_cancelled.connect(lambda: outcome.update(cancelled=True))
    worker.finished.connect(loop.quit)
    dialog.canceled.connect(worker.cancel)
    worker.start()
    if worker.isRunning():
        loop.exec()
    worker.wait()
    dialog.close()
    if "error" in outcome:
        QMessageBox.warning(parent, title, outcome["error"])
    return outcome.get("result")


def _is_running(worker: Worker) -> bool:
    try:
        return worker.isRunning()
    except RuntimeError:  # the C++ object is gone: nothing runs
        return False
