"""Screenshots of syncing in the window, with real data on a private PostgreSQL district: the
sync dialog, the status bar, the conflicts dialog (an edit conflict, and one ID number entered
for two households) and the district's view of its offices.

Run: uv run python docs/make_sync_screenshots.py  (needs Debian's postgresql, as the tests do)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402

from tests import pg_server as postgres  # noqa: E402
from tests.conftest import pg_programs  # noqa: E402
from ui.app import make_application, release_widgets  # noqa: E402
from unionapp.database import Database, open_database  # noqa: E402
from unionapp.models import Enterprise  # noqa: E402
from unionapp.services.demo import generate  # noqa: E402
from unionapp.sync.district import add_office, init_server  # noqa: E402
from unionapp.sync.run import sync  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def shot(widget: QWidget, name: str) -> None:
    widget.show()
    QApplication.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(ROOT))


def wait(condition, ms: int = 30000) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    for _ in range(ms // 50):
        if condition():
            return
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def pc(folder: Path, name: str, seed: int) -> Database:
    database = open_database(str(folder / f"{name}.sqlite3"), operator=name)
    with database.write() as session:
        generate(session, enterprises=40, families=12, trainings=2, seed=seed)
    return database


def add_family(database: Database, name: str, id_number: str) -> None:
    from unionapp.schema.hardship import FAMILY
    from unionapp.services import records

    with database.write() as session:
        values = {"worker_name": name, "id_number": id_number, "category": "相对困难"}
        records.create(session, FAMILY, values, records.make_context(session))


def edit_address(database: Database, name: str, address: str) -> None:
    with database.write() as session:
        company = session.scalar(select(Enterprise).where(Enterprise.name == name))
        company.address = address


def main() -> None:
    server = postgres.start(pg_programs())
    try:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["XDG_CONFIG_HOME"] = folder
            server.create_database("district")
            url = server.url("district")
            init_server(url)
            jn = add_office(url, "JN", "江宁街道工会")
            ml = add_office(url, "ML", "秣陵街道工会")
            first = pc(Path(folder), "江宁-办公室", 11)
            second = open_database(str(Path(folder) / "江宁-笔记本.sqlite3"), operator="笔记本")
            sync(first, jn.url)
            sync(second, jn.url)
            sync(pc(Path(folder), "秣陵", 12), ml.url)
            with first.read() as session:
                name = session.scalars(select(Enterprise.name).order_by(Enterprise.id)).first()
            edit_address(first, name, "天元中路88号")
            edit_address(second, name, "天元东路12号")
            from unionapp.validation.idcard import id_check_char

            body = "32011519790315062"
            add_family(first, "孙丽华", body + id_check_char(body))
            sync(first, jn.url)
            add_family(second, "周敏", body + id_check_char(body))  # mistyped: one number twice

            app = make_application(sys.argv)
            QSettings().clear()
            from ui.conflicts_dialog import ConflictsDialog
            from ui.main_window import MainWindow
            from ui.sync_dialog import SyncDialog

            window = MainWindow(second)
            window.resize(1280, 800)
            window.show()
            window.syncing.set_address(jn.url, 15)
            dialog = SyncDialog(window.syncing, window)
            dialog.show()
            dialog.sync_now()
            wait(lambda: not window.syncing.running)
            shot(dialog, "sync-dialog")
            dialog.done(0)
            window.tabs.setCurrentWidget(window.record_tabs["enterprise"])
            QApplication.processEvents()
            shot(window.statusBar(), "sync-status-bar")
            conflicts = ConflictsDialog(window.syncing, window)
            shot(conflicts, "sync-conflicts")
            duplicate = next(i for i, c in enumerate(conflicts.conflicts) if c.kind == "duplicate")
            conflicts.list.setCurrentRow(duplicate)
            shot(conflicts, "sync-conflicts-duplicate")
            conflicts.done(0)
            window.close()

            district = open_database(url, operator="区总工会")
            view = MainWindow(district)
            view.resize(1280, 800)
            view.show()
            view.tabs.setCurrentWidget(view.overview_page)
            wait(lambda: getattr(view, "district_panel", None) is not None)
            wait(lambda: view.district_panel.figures is not None)
            wait(lambda: view.overview.data is not None)
            shot(view, "sync-district-overview")
            view.close()
            release_widgets(app)
            for database in (first, second, district):
                database.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
