"""Screenshots of the hardship archive at 1366×768: the family form (each section, and a new
form after a save with fields missing), the family tab with its lists, and the leave and
reopen dialogs. The family shown is a real-looking one: fifteen members, a 127-character
address, names in Uyghur and Tibetan and with 𠇔, texts at their maximum length.

Run: uv run python docs/make_archive_screenshots.py  (offscreen)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QRect, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from tests.ui.families import real_looking_family  # noqa: E402
from ui.app import add_fallback_fonts, make_application, register_fonts  # noqa: E402
from ui.archive_actions import ArchiveDialog  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.record_form import RecordForm  # noqa: E402
from ui.worker import Worker  # noqa: E402
from unionapp.database import open_database  # noqa: E402
from unionapp.schema.records import FAMILY  # noqa: E402
from unionapp.services import attachments  # noqa: E402
from unionapp.services.archive import family_label  # noqa: E402
from unionapp.services.demo import generate  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SCREEN = QRect(0, 0, 1366, 728)  # 1366×768 less the taskbar
SECTIONS = ("archive", "person", "work", "income", "hardship")


def save(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(ROOT), f"{widget.width()}×{widget.height()}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CONFIG_HOME"] = folder  # do not touch the user's saved layout
        database = open_database(str(Path(folder) / "demo.sqlite3"), operator="演示")
        with database.write() as session:
            generate(session, enterprises=60, families=40, trainings=0, seed=11)
        family_id = real_looking_family(database)
        for name, data in (("收入证明.pdf", b"%PDF-1.4\n" * 4000), ("低保证.jpg", b"\xff" * 90000)):
            (Path(folder) / name).write_bytes(data)
            with database.write() as session:
                attachments.add_file(session, family_id, Path(folder) / name, "2024年度")
        app = make_application(sys.argv)
        add_fallback_fonts(app, register_fonts())
        QSettings().clear()

        form = RecordForm(database, FAMILY, record_id=family_id)
        form.fit_to(SCREEN)
        form.show()
        for index, name in enumerate(SECTIONS):
            form.pages.setCurrentIndex(index)
            save(form, f"archive-form-{index + 1}-{name}")
        form.done(0)
        empty = RecordForm(database, FAMILY)
        empty.fit_to(SCREEN)
        empty.show()
        empty.editors["worker_name"].set_value("阿依古丽·买买提")
        empty.save()  # nothing else filled in: what is missing is shown
        save(empty, "archive-form-new-missing")
        empty._baseline = empty.raw_values()
        empty.done(0)

        window = MainWindow(database)
        window.resize(1366, 768)
        window.show()
        tab = window.record_tabs["family"]
        window.tabs.setCurrentWidget(tab)
        tab.search.setText("")
        tab.model.reload()
        tab.select_id(family_id)
        for index, name in ((1, "members"), (3, "reviews"), (4, "documents")):
            tab.details.setCurrentIndex(index)
            save(window, f"archive-tab-{name}")

        with database.read() as session:
            family = session.get(FAMILY.model, family_id)
            who = family_label(family.archive_no, family.worker_name)
        leave = ArchiveDialog(database, True, who, window)
        leave.editors["status"].set_value("已脱困")
        leave.editors["reason"].set_value(
            "本人再就业，家庭月人均收入已超过低保线两倍，经入户核实脱困"
        )
        leave.show()
        save(leave, "archive-leave-dialog")
        leave.done(0)
        reopen = ArchiveDialog(database, False, who, window)
        reopen.show()
        reopen.ok_button.click()  # nothing given: the reason is asked for
        save(reopen, "archive-reopen-dialog")
        reopen.done(0)
        window.close()
        QApplication.processEvents()
        Worker.wait_all()
        database.close()


if __name__ == "__main__":
    main()
