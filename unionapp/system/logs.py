"""One log file for the window and the command line, in the user's log folder.

Details of failures go here, never to the clerk's screen. Identity, phone and bank card numbers
are masked in every record before it is written (messages, arguments and tracebacks), so the
log can be sent to whoever supports the office.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from unionapp.system.folders import log_dir

LOG_FILE = "unionapp.log"
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
# 12 to 19 digits: bank cards (as the bank card field takes them), and with them a 15-digit
# first-generation ID number or one Excel cut short
_CARD = re.compile(r"(?<!\d)(\d{4})\d{4,11}(\d{4})(?!\d)")


def redact(text: str) -> str:
    """Mask ID numbers (18 digits, or 15 as first-generation cards had), mobiles and bank card
    numbers (12 to 19 digits) in free text."""
    text = _ID.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
    text = _CARD.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
    return _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(folder: Path | None = None) -> Path | None:
    """Send the program's log to ``unionapp.log`` (rotated at 1 MiB, 3 kept). Returns the file,
    or None when the folder cannot be written (the program runs on without a log)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "unionapp", False):
            return Path(handler.baseFilename)  # type: ignore[attr-defined]
    folder = folder or log_dir()
    path = folder / LOG_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1 << 20, backupCount=3, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.unionapp = True  # type: ignore[attr-defined]
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return path


def log_path() -> Path:
    return log_dir() / LOG_FILE
