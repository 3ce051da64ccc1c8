"""Language: Simplified Chinese by default, English selectable (Qt Linguist files)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

from unionapp.schema import FieldSpec, RecordSpec

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
_state = {"language": "zh_CN"}


def current_language() -> str:
    return _state["language"]


def install_translator(app: QCoreApplication, language: str | None = None) -> QTranslator | None:
    """Load the chosen language (QSettings, default zh_CN); English is the source language."""
    language = language or str(QSettings().value("language", "zh_CN"))
    if language not in LANGUAGES:
        language = "zh_CN"
    _state["language"] = language
    QLocale.setDefault(QLocale(QLocale.Language.Chinese if language == "zh_CN" else
                               QLocale.Language.English))  # fmt: skip
    if language == "en":
        return None
    translator = QTranslator(app)
    if translator.load(str(TRANSLATIONS / f"unionapp_{language}.qm")):
        app.installTranslator(translator)
        return translator
    return None


def field_label(spec: FieldSpec) -> str:
    """Field labels live in the core's record descriptions, in both languages."""
    return spec.english if current_language() == "en" else spec.label


def record_label(spec: RecordSpec) -> str:
    return spec.english if current_language() == "en" else spec.label
