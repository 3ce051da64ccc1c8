"""Make the README's screenshots: a demo database, the window offscreen, one PNG per tab.

Run: uv run python docs/make_screenshots.py  (works offscreen or under Xvfb)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ui.app import make_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.worker import Worker  # noqa: E402
from unionapp.database import open_database  # noqa: E402
from unionapp.services.demo import generate  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
GUIDE = ROOT / "resources" / "guide" / "images"  # the user guide shows some of them
IN_GUIDE = {"overview", "families"}
NAMES = ("overview", "enterprises", "congress", "families", "training", "service-units")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CONFIG_HOME"] = folder  # do not touch the user's saved layout
        database = open_database(str(Path(folder) / "demo.sqlite3"), operator="演示")
        with database.write() as session:
            generate(session, enterprises=600, families=120, trainings=30, seed=11)
        app = make_application(sys.argv)
        QSettings().clear()
        window = MainWindow(database)
        window.resize(1360, 820)
        window.show()
        for index, name in enumerate(NAMES):
            window.tabs.setCurrentIndex(index)
            tab = window.current_record_tab()
            if tab is not None:
                tab.view.selectRow(0 if name == "families" else 2)  # a household of five
            app.processEvents()
            deadline = time.monotonic() + 10
            while window.overview.data is None and time.monotonic() < deadline:
                app.processEvents()  # the overview's figures come from a worker thread
            path = OUT / f"{name}.png"
            picture = window.grab()
            picture.save(str(path))
            print(path.relative_to(ROOT))
            if name in IN_GUIDE:
                picture.save(str(GUIDE / f"{name}.png"))
        window.close()
        QApplication.processEvents()
        Worker.wait_all()
        database.close()


if __name__ == "__main__":
    main()
