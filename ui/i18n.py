"""Language: Simplified Chinese by default, English selectable (Qt Linguist files)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from unionapp.schema import FieldSpec, RecordSpec

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
_state = {"language": "zh_CN"}


def current_language() -> str:
    return _state["language"]


def qt_translations() -> Path:
    """Where Qt's own translations are (PySide6 ships them with its libraries)."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def install_translator(app: QCoreApplication, language: str | None = None) -> list[QTranslator]:
    """Load the chosen language (QSettings, default zh_CN): the program's strings and Qt's own
    (buttons, file dialogs, a text box's menu). English is the source language. In
    PySide6-Essentials ``qt_zh_CN.qm`` is only a stub naming ``qtbase_zh_CN.qm``, so that file
    is loaded itself."""
    language = language or str(QSettings().value("language", "zh_CN"))
    if language not in LANGUAGES:
        language = "zh_CN"
    _state["language"] = language
    chinese = language == "zh_CN"
    locale = (
        QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        if chinese
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    )
    QLocale.setDefault(locale)
    if not chinese:
        return []
    installed = []
    for folder, name in ((qt_translations(), "qtbase"), (TRANSLATIONS, "unionapp")):
        translator = QTranslator(app)
        if translator.load(str(folder / f"{name}_{language}.qm")):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def field_label(spec: FieldSpec) -> str:
    """Field labels live in the core's record descriptions, in both languages."""
    return spec.english if current_language() == "en" else spec.label


def record_label(spec: RecordSpec) -> str:
    return spec.english if current_language() == "en" else spec.label
