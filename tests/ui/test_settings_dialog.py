"""设置: the union's settings on their pages, problems beside their fields, the 审批表's wording
previewed on an example family before it is saved."""

from __future__ import annotations

import pymupdf
from PySide6.QtWidgets import QDialog

from tests.ui.conftest import when_modal
from ui.preview import PreviewDialog
from ui.settings_dialog import SettingsDialog
from unionapp.audit.reading import history
from unionapp.models import HardshipFamily
from unionapp.services.settings import DEFAULTS, get_setting


def test_a_refused_value_is_named_beside_its_field_on_its_page(qtbot, db) -> None:
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.union_name.setText("秣陵街道工会")
    dialog.form_levels.setPlainText("一级\n二级\n三级\n四级\n五级")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    problem = dialog.problems["form_levels"]
    assert problem.isVisible() and "1 到 4 级" in problem.text()
    assert dialog.pages.currentIndex() == 1  # turned to the page with the problem
    assert not dialog.problems["union_name"].isVisible()
    with db.read() as session:
        assert get_setting(session, "union_name") == DEFAULTS["union_name"]  # nothing saved
    dialog.form_levels.setPlainText("社区工会意见\n街道工会意见")
    dialog.dibao.setText("1050")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with db.read() as session:
        assert get_setting(session, "union_name") == "秣陵街道工会"
        assert get_setting(session, "dibao_line_fen") == "105000"


def test_the_prefix_shows_what_numbers_will_look_like(qtbot, db) -> None:
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    assert "DA-" in dialog.prefix_example.text()
    dialog.prefix.setText("JN")
    assert "JN-" in dialog.prefix_example.text()


def test_the_wording_is_previewed_on_an_example_before_saving(qtbot, db) -> None:
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.form_title.setText("困难职工生活救助审批表")
    dialog.form_levels.setPlainText("社区工会意见\n街道工会审批意见")
    dialog.form_note.setPlainText("注：本表一式三份。")
    seen: dict[str, str] = {}

    def look(preview) -> None:
        assert isinstance(preview, PreviewDialog)
        with pymupdf.open(preview.path) as document:
            seen["text"] = document[0].get_text()
        seen["title"] = preview.title
        preview.accept()

    when_modal(look, PreviewDialog)
    assert dialog.preview_form() is not None
    assert "困难职工生活救助审批表" in seen["text"] and "社区工会意见" in seen["text"]
    assert "一式三份" in seen["text"] and "示例" in seen["text"]
    assert seen["title"] == "困难职工生活救助审批表"
    with db.read() as session:
        assert get_setting(session, "form_title") == DEFAULTS["form_title"]  # not saved
        assert session.query(HardshipFamily).count() == 0
        assert not [e for e in history(session) if e.action == "disclose"]  # nobody disclosed
    dialog.usual_wording()
    assert dialog.form_title.text() == DEFAULTS["form_title"]
    assert dialog.form_note.toPlainText() == DEFAULTS["form_note"]


def test_a_preview_with_a_problem_shows_the_problem_instead(qtbot, db) -> None:
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form_title.setText("")
    assert dialog.preview_form() is None
    assert dialog.problems["form_title"].isVisible()
