"""Start-up: the window is on screen before the ORM loads, then gets its database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import answer, when_modal
from tests.unionapp.test_database import make_old_database
from ui.app import Startup
from ui.first_start import FirstStartDialog
from ui.guard import PasswordDialog
from ui.main_window import MainWindow
from unionapp.safety.encryption import change_password
from unionapp.schema.records import ENTERPRISE
from unionapp.services import records
from unionapp.services.settings import set_setting

ROOT = Path(__file__).resolve().parents[2]


def start(qtbot, target: str) -> tuple[MainWindow, Startup]:
    window = MainWindow(location=target)
    qtbot.addWidget(window)
    window.show()
    startup = Startup(window, target, Path(target), read_only=False)
    return window, startup


def test_the_window_modules_do_not_load_the_orm() -> None:
    """What the window needs to appear imports neither SQLAlchemy nor the models."""
    probe = (
        "import sys; import ui.app, ui.main_window, ui.record_tab, ui.overview_tab; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', "
        "'reportlab'}), 'unionapp.models' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert result.stdout.split() == ["[]", "False"]


def test_window_shows_at_once_and_fills_when_the_database_opens(
    qtbot, db, db_path, context_of
) -> None:
    with db.write() as session:
        set_setting(session, "union_name", "竹山街道总工会")
        records.create(
            session,
            ENTERPRISE,
            {"name": "启动测试企业", "union_status": "已建会"},
            context_of(session),
        )
    db.close()
    window, startup = start(qtbot, str(db_path))
    assert window.isVisible() and window.database is None
    assert not window.tabs.isEnabled()
    assert window.windowTitle() == db_path.name
    assert window.statusBar().currentMessage() == window.tr("Opening the database…")
    startup.begin()
    qtbot.waitUntil(lambda: window.database is not None, timeout=10_000)
    assert window.tabs.isEnabled() and window.statusBar().currentMessage() == ""
    assert "竹山街道总工会" in window.windowTitle()
    tab = window.record_tabs["enterprise"]
    window.tabs.setCurrentWidget(tab)
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, 0).data() == "启动测试企业"
    assert startup.exit_code is None
    window.close()


def test_a_file_that_is_no_database_is_named_and_the_program_ends(qtbot, tmp_path) -> None:
    broken = tmp_path / "工会.sqlite3"
    broken.write_bytes(b"\x00\x13 these bytes are not SQLite " * 200)
    window, startup = start(qtbot, str(broken))
    when_modal(answer(QMessageBox.StandardButton.Ok), QMessageBox)
    startup.begin()
    qtbot.waitUntil(lambda: startup.exit_code is not None, timeout=10_000)
    assert startup.exit_code == 1
    assert "不是 SQLite 数据库" in answer.last_text and "工会.sqlite3" in answer.last_text
    assert not window.isVisible() and window.database is None
    assert broken.read_bytes().startswith(b"\x00\x13")  # left as it was


def test_the_password_is_asked_before_the_window_gets_its_data(qtbot, db, db_path) -> None:
    db.close()
    change_password(db_path, None, "mima2024")
    window, startup = start(qtbot, str(db_path))
    seen = {}

    def give_up(dialog) -> None:
        assert isinstance(dialog, PasswordDialog)
        seen["enabled"] = window.tabs.isEnabled()
        dialog.reject()

    when_modal(give_up, PasswordDialog)
    startup.begin()
    qtbot.waitUntil(lambda: startup.exit_code is not None, timeout=10_000)
    assert seen == {"enabled": False}
    assert startup.exit_code == 0 and window.database is None and not window.isVisible()

    window, startup = start(qtbot, str(db_path))
    errors = []

    def wrong_then_right(dialog) -> None:
        errors.append(dialog.error.text())
        dialog.password.setText("mima2024" if len(errors) > 1 else "wrong")
        dialog.check()
        if len(errors) == 1:
            when_modal(wrong_then_right, PasswordDialog)
        else:  # opened: an empty database is a new office's first start
            when_modal(lambda first: first.reject(), FirstStartDialog)

    when_modal(wrong_then_right, PasswordDialog)
    startup.begin()
    qtbot.waitUntil(lambda: window.database is not None, timeout=15_000)
    # A wrong password is said to be wrong, and asked again: never taken for a damaged file.
    assert errors == ["", window.tr("Wrong password ({0} tries).").format(1)] or errors[1]
    assert startup.exit_code is None and window.tabs.isEnabled() and window.database.encrypted
    window.close()


def test_closing_the_window_while_the_database_opens_closes_it_again(qtbot, db_path) -> None:
    window, startup = start(qtbot, str(db_path))
    startup.begin()
    window.close()
    qtbot.waitUntil(lambda: not startup.worker.isRunning(), timeout=10_000)
    qtbot.wait(50)  # the worker's result is delivered to the closed window
    assert window.database is None and startup.exit_code is None


def test_an_older_database_is_upgraded_behind_the_window(qtbot, tmp_path) -> None:
    """The migration (and the copy taken before it) runs in the worker, the window waits."""
    path = tmp_path / "old.sqlite3"
    make_old_database(path)
    window, startup = start(qtbot, str(path))
    startup.begin()
    qtbot.waitUntil(lambda: window.database is not None, timeout=15_000)
    tab = window.record_tabs["enterprise"]
    window.tabs.setCurrentWidget(tab)
    assert tab.model.index(0, 0).data() == "老企业"
    assert len(list(tmp_path.glob("old.before-*.sqlite3"))) == 1
    window.close()
