"""Keep a CSV export from running as a formula when opened in Excel, and read it back.

OWASP's advice for CSV injection: a cell that starts with = + - @, a tab or a carriage return
gets a leading single quote, so Excel shows it as text instead of evaluating
``=cmd|' /C calc'!A0``. A leading minus is left alone when the whole cell is a number
(-5, -1.5e3). The import takes the quote off again, so an export imports as it was.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIRST_CHARACTERS = frozenset("=+-@\t\r'")  # text starting otherwise is never escaped
_NUMBER = re.compile(r"-(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def escape_formula(text: str) -> str:
    """``=1+2`` → ``'=1+2``; ``-5`` stays. Text that already starts with quotes before such
    a character gets one more, so that the import's unescaping gives it back unchanged."""
    if text.lstrip("'").startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """The inverse: ``'=1+2`` → ``=1+2``, ``''=x`` → ``'=x``; other text unchanged."""
    if text[:1] == "'" and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text
