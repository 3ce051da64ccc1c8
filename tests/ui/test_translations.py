"""Simplified Chinese by default through Qt Linguist files; every string translated."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

from ui.i18n import TRANSLATIONS, install_translator
from ui.main_window import MainWindow

TS = TRANSLATIONS / "unionapp_zh_CN.ts"
ROOT = Path(__file__).resolve().parents[2]


def unfinished(path: Path) -> list[str]:
    return [
        message.findtext("source") or ""
        for message in ET.parse(path).iter("message")
        if message.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
        or not message.findtext("translation")
    ]


def test_every_string_in_the_window_code_is_translated(tmp_path: Path) -> None:
    """lupdate over ui/ finds no string the committed .ts lacks a translation for."""
    copy = tmp_path / TS.name
    shutil.copyfile(TS, copy)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").glob("*.py"))
    subprocess.run(["pyside6-lupdate", *sources, "-no-obsolete", "-ts", str(copy)], cwd=ROOT,
                   check=True, capture_output=True)  # fmt: skip
    assert unfinished(copy) == []
    # a string lupdate cannot tie to a class lands in an unnamed context and is never found
    assert all(context.findtext("name") for context in ET.parse(copy).iter("context"))
    assert len(list(ET.parse(copy).iter("message"))) > 80


def test_built_qm_matches_the_ts(tmp_path: Path) -> None:
    built = tmp_path / "check.qm"
    subprocess.run(["pyside6-lrelease", str(TS), "-qm", str(built)], check=True,
                   capture_output=True)  # fmt: skip
    assert built.read_bytes() == TS.with_suffix(".qm").read_bytes()


def test_window_speaks_chinese_by_default_and_english_when_chosen(qtbot, qapp, db) -> None:
    translators = install_translator(qapp, "zh_CN")
    assert len(translators) == 2  # Qt's own and the program's
    try:
        window = MainWindow(db)
        qtbot.addWidget(window)
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert titles == ["概览", "企业普查", "职代会", "困难职工", "培训", "优惠服务单位"]
        window.tabs.setCurrentWidget(window.record_tabs["enterprise"])
        assert window.record_tabs["enterprise"].search.placeholderText().startswith("搜索")
        assert window.record_tabs["enterprise"].view.copy_action.text() == "复制"
        assert header_of(window) == "企业名称"
    finally:
        for translator in translators:
            QCoreApplication.removeTranslator(translator)
    assert install_translator(qapp, "en") == []
    try:
        window = MainWindow(db)
        qtbot.addWidget(window)
        assert window.tabs.tabText(1) == "Enterprise survey"
        assert header_of(window) == "Name"
    finally:
        for restored in install_translator(qapp, "zh_CN"):  # back to the default for others
            QCoreApplication.removeTranslator(restored)


def test_qts_own_buttons_and_menus_speak_chinese(qtbot, qapp) -> None:
    """Yes/No, Save/Discard/Cancel, Close and a text box's menu: qtbase_zh_CN.qm, loaded itself."""
    translators = install_translator(qapp, "zh_CN")
    try:
        buttons = QMessageBox.StandardButton
        box = QMessageBox(QMessageBox.Icon.Question, "", "", buttons.Yes | buttons.No)
        qtbot.addWidget(box)
        assert [box.button(b).text() for b in (buttons.Yes, buttons.No)] == ["是(&Y)", "否(&N)"]
        kept = QDialogButtonBox.StandardButton
        row = QDialogButtonBox(kept.Save | kept.Discard | kept.Cancel | kept.Close)
        qtbot.addWidget(row)
        texts = {button.text() for button in row.buttons()}
        assert texts == {"保存", "丢弃", "取消", "关闭"}
        edit = QLineEdit()
        qtbot.addWidget(edit)
        menu = edit.createStandardContextMenu()
        assert any(action.text().startswith("复制") for action in menu.actions())
        assert QLocale().language() == QLocale.Language.Chinese
    finally:
        for translator in translators:
            QCoreApplication.removeTranslator(translator)


def header_of(window: MainWindow) -> str:
    model = window.record_tabs["enterprise"].model
    return model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
