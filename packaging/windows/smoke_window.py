"""Window smoke test for an installed copy (run by the Windows workflow with the installed Python).

    python.exe smoke_window.py INSTALL_FOLDER DATABASE

Starts the window as the Start-menu shortcut does (ui.app.start), waits until it is on screen and
the database is attached, then closes it and ends as ui.app.run does. Prints the times as JSON (seconds
from the interpreter's start) and exits 0, or 1 with the reason.
"""

from __future__ import annotations

import json
import sys
import time

STARTED = time.perf_counter()  # the interpreter itself is up: Python's own start is not counted
TIMEOUT = 120.0
SETTLE_MS = 1500  # before the backup and check the program starts 3 s after opening


def main() -> int:
    install, database = sys.argv[1], sys.argv[2]
    sys.path.insert(0, install)  # already there through python311._pth; explicit for clarity
    from PySide6.QtCore import QTimer

    from ui.app import release_widgets, start
    from ui.worker import Worker

    running = start(["--db", database])
    if running is None:
        print("the window did not start (the database is held by another copy)")
        return 1
    app, window = running.app, running.window
    app.processEvents()
    shown = time.perf_counter() - STARTED
    while getattr(window, "database", None) is None:
        if time.perf_counter() - STARTED > TIMEOUT:
            print(f"the database was not attached within {TIMEOUT:.0f} s")
            return 1
        app.processEvents()
        time.sleep(0.005)
    ready = time.perf_counter() - STARTED
    visible = window.isVisible()
    # Let the first tab finish loading, then close through the event loop as the clerk would.
    QTimer.singleShot(SETTLE_MS, window.close)
    app.exec()
    Worker.wait_all()
    release_widgets(app)
    if running.lock is not None:
        running.lock.release()
    print(json.dumps({"shown_s": round(shown, 3), "database_ready_s": round(ready, 3)}))
    return 0 if visible else 1


if __name__ == "__main__":
    sys.exit(main())
