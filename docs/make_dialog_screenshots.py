"""Screenshots of the dialogs around printing: 设置's pages (the union, the 审批表's wording),
the print dialog and the printer dialog, in Chinese as the clerk sees them.

Run: uv run python docs/make_dialog_screenshots.py  (offscreen or under Xvfb)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ui.app import make_application, release_widgets  # noqa: E402
from unionapp.database import open_database  # noqa: E402
from unionapp.services.demo import generate  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
GUIDE = ROOT / "resources" / "guide" / "images"  # the user guide shows some of them
IN_GUIDE = {"settings-form", "print-dialog", "send-dialog", "first-start", "overview", "families"}


def shot(widget: QWidget, name: str) -> None:
    widget.show()
    widget.adjustSize()
    QApplication.processEvents()
    path = OUT / f"{name}.png"
    picture = widget.grab()
    picture.save(str(path))
    print(path.relative_to(ROOT))
    if name in IN_GUIDE:
        picture.save(str(GUIDE / f"{name}.png"))


def printers(folder: Path):  # type: ignore[no-untyped-def]
    """Office printers on a private CUPS scheduler (tests/cups_server.py), when CUPS is here."""
    import shutil

    if not Path("/usr/sbin/cupsd").exists() or shutil.which("lp") is None:
        return None
    from tests.cups_server import start

    server = start(folder / "cups", Path("/usr/sbin/cupsd"))
    os.environ["CUPS_SERVER"] = server.socket
    server.add_queue("HP-LaserJet-M1136-办公室", default=True)
    server.add_queue("Canon-LBP2900-档案室")
    return server


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CONFIG_HOME"] = folder
        database = open_database(str(Path(folder) / "demo.sqlite3"), operator="演示")
        with database.write() as session:
            generate(session, enterprises=60, families=20, trainings=3, seed=11)
        app = make_application(sys.argv)
        QSettings().clear()
        from ui.first_start import FirstStartDialog
        from ui.print_dialog import PrintDialog
        from ui.send_dialog import SendDialog
        from ui.settings_dialog import SettingsDialog

        first = FirstStartDialog(database)
        first.union_name.setText("秣陵街道工会")
        first.prefix.setText("ML")
        first.operator.setText("王晓")
        shot(first, "first-start")
        first.close()
        settings = SettingsDialog(database)
        shot(settings, "settings-union")
        settings.pages.setCurrentIndex(1)
        shot(settings, "settings-form")
        settings.close()
        choose = PrintDialog("family", 3, [3, 5], list(range(1, 21)))
        choose.report.setCurrentIndex(choose.report.findData("relief-signoff"))
        shot(choose, "print-dialog")
        choose.close()
        server = printers(Path(folder))  # a private queue, so the dialog shows a printer
        send = SendDialog("困难职工帮扶救助申请审批表", 12)
        send.copies.setValue(2)
        shot(send, "send-dialog")
        send.close()
        if server is not None:
            server.stop()
        del settings, choose, send, first
        release_widgets(app)
        database.close()


if __name__ == "__main__":
    main()
