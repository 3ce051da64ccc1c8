"""Start the program: Qt application, fonts, language, database, main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.i18n import install_translator
from ui.main_window import MainWindow
from unionapp import APP_NAME
from unionapp.db import DatabaseError, open_database

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
UI_FONT_FILE = "wqy-microhei.ttc"


def register_fonts() -> str | None:
    """Register the bundled CJK font so the window looks the same on any PC."""
    font_id = QFontDatabase.addApplicationFont(str(FONTS / UI_FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def make_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    app.setOrganizationName("unionapp")
    app.setApplicationName("unionapp")
    app.setApplicationDisplayName(APP_NAME)
    family = register_fonts()
    if family:
        app.setFont(QFont(family, 10))
    install_translator(app)
    return app  # type: ignore[return-value]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description=APP_NAME)
    parser.add_argument("--db", metavar="PATH_OR_URL", help="database file or SQLAlchemy URL")
    parser.add_argument("--read-only", action="store_true", help="open without saving changes")
    return parser.parse_args(list(argv))


def run(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    app = make_application([sys.argv[0], *argv])
    try:
        database = open_database(args.db, read_only=args.read_only)
    except DatabaseError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    window = MainWindow(database)
    window.show()
    return app.exec()
