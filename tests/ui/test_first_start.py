"""初次使用设置: asked at a new office's first start, not of a database with records."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import when_modal
from tests.ui.test_startup import start
from ui.first_start import FirstStartDialog
from unionapp.database import open_database
from unionapp.services.demo import generate
from unionapp.services.settings import DEFAULTS, get_setting


def test_a_new_office_is_asked_its_name_prefix_and_operator(qtbot, db_path: Path) -> None:
    seen: dict[str, object] = {}

    def answer(dialog) -> None:
        assert isinstance(dialog, FirstStartDialog)
        seen["blank"] = dialog.union_name.text()
        dialog.start.click()  # nothing typed: the name is asked for
        seen["problem"] = dialog.problems["union_name"].text()
        dialog.union_name.setText("秣陵街道工会")
        dialog.prefix.setText("ML")
        seen["example"] = dialog.example.text()
        dialog.operator.setText("王晓")
        dialog.start.click()

    when_modal(answer, FirstStartDialog)
    window, startup = start(qtbot, str(db_path))
    startup.begin()
    qtbot.waitUntil(lambda: "秣陵街道工会" in window.windowTitle(), timeout=10_000)
    assert seen["blank"] == ""  # never the built-in example name
    assert "不能为空" in str(seen["problem"])
    assert "ML-" in str(seen["example"])
    with window.database.read() as session:
        assert get_setting(session, "archive_prefix") == "ML"
        assert get_setting(session, "operator") == "王晓"
    assert window.database.operator == "王晓"


def test_later_saves_nothing_and_asks_again_next_time(qtbot, db_path: Path) -> None:
    asked = []
    when_modal(lambda dialog: (asked.append(1), dialog.reject()), FirstStartDialog)
    window, startup = start(qtbot, str(db_path))
    startup.begin()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    with window.database.read() as session:
        assert get_setting(session, "union_name") == DEFAULTS["union_name"]
        from unionapp.services.union_settings import first_start_needed

        assert first_start_needed(session)


def test_a_database_filled_by_demo_opens_straight_to_the_window(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    database = open_database(str(path))
    with database.write() as session:
        generate(session, enterprises=10, families=3, trainings=1, seed=2)
    database.close()
    window, startup = start(qtbot, str(path))
    startup.begin()
    qtbot.waitUntil(lambda: window.database is not None, timeout=10_000)
    qtbot.wait(200)
    from PySide6.QtWidgets import QApplication

    assert not isinstance(QApplication.activeModalWidget(), FirstStartDialog)


def test_first_start_is_in_the_tools_menu_later(qtbot, db) -> None:
    from ui.main_window import MainWindow

    with db.write() as session:
        from unionapp.services.settings import set_setting

        set_setting(session, "union_name", "东山街道工会")
    window = MainWindow(db)
    qtbot.addWidget(window)
    texts = [a.text() for m in window.menuBar().actions() for a in m.menu().actions()]
    assert any("First-time setup" in text or "初次使用设置" in text for text in texts)

    def check(dialog) -> None:
        seen.append(dialog.union_name.text())
        dialog.reject()

    seen: list[str] = []
    when_modal(check, FirstStartDialog)
    assert window.show_first_start() is False
    assert seen == ["东山街道工会"]  # a saved name is shown to change
