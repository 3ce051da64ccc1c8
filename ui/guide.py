"""帮助 > 使用说明: the office's user guide, shipped in resources/guide and shown in the
program (no browser, no network)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

GUIDE = Path(__file__).resolve().parent.parent / "resources" / "guide"
INDEX = GUIDE / "index.html"


class GuideDialog(QDialog):
    """The guide beside the window: its contents list, back and forward, links inside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("User guide"))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)  # the guide has no links out; nothing online
        self.browser.setSearchPaths([str(GUIDE)])
        self.browser.setSource(QUrl.fromLocalFile(str(INDEX)))
        back = QPushButton(self.tr("Back"))
        back.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(back.setEnabled)
        back.setEnabled(False)
        home = QPushButton(self.tr("Contents"))
        home.clicked.connect(self.browser.home)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        for button in (back, home):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self, self.browser.backward)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(900, int(screen.width() * 0.8)), int(screen.height() * 0.85))
