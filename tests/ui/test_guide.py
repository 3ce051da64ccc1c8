"""帮助 > 使用说明: the guide shipped with the program, complete and readable without a network."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from ui.guide import GUIDE, INDEX, GuideDialog
from ui.main_window import MainWindow

HTML = INDEX.read_text(encoding="utf-8")


def test_every_picture_and_link_of_the_guide_is_there() -> None:
    pictures = re.findall(r'<img src="([^"]+)"', HTML)
    assert pictures and all((GUIDE / picture).is_file() for picture in pictures)
    anchors = re.findall(r'href="#([^"]+)"', HTML)
    ids = set(re.findall(r'id="([^"]+)"', HTML))
    assert anchors and set(anchors) <= ids
    assert not re.search(r'(href|src)="(https?:|//)', HTML)  # nothing online


def test_the_guide_covers_the_offices_work() -> None:
    for topic in ("初次使用设置", "一户一档", "打印", "导入", "备份", "换新电脑", "密码", "年审"):
        assert topic in HTML


def test_f1_opens_the_guide_beside_the_window(qtbot, db) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(GuideDialog)
    assert guide is not None and guide.isVisible() and not guide.isModal()
    text = guide.browser.toPlainText()
    assert "工会工作台 使用说明" in text
    picture = guide.browser.document().resource(
        QTextDocument.ResourceType.ImageResource,
        guide.browser.source().resolved("images/overview.png"),
    )
    assert picture is not None and not picture.isNull()  # pictures load from the folder
    guide.close()
