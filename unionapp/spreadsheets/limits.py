"""How large a spreadsheet may be, and the typed refusal every reader raises.

The limits sit far above any sheet a street union keeps (Excel itself stops at 1,048,576 rows
and 16,384 columns) and far below what would exhaust the clerk's PC: a file that declares or
inflates to more is refused before anything reads it.
"""

from __future__ import annotations

from enum import Enum

MiB = 1 << 20

MAX_FILE_BYTES = 512 * MiB  # the file on disk
MAX_ZIP_ENTRIES = 10_000  # a workbook has tens; a few hundred with many sheets and pictures
MAX_CENTRAL_DIRECTORY = 4 * MiB
MAX_PART_BYTES = 1024 * MiB  # one inflated part (a 1,048,576-row sheet is about 1 GB of XML)
MAX_INFLATED_BYTES = 1536 * MiB  # every part together, as declared
MAX_SMALL_PART_BYTES = 64 * MiB  # workbook.xml, relationships, styles, content types
MAX_RATIO = 200  # deflate can reach 1032:1; real sheet XML stays below 30:1
RATIO_FLOOR = 16 * MiB  # parts smaller than this may compress as well as they like
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELLS = 40_000_000  # cells present; the reader's memory estimate decides below this
MAX_SHARED_STRINGS = 10_000_000
MAX_ROW_BYTES = 32 * MiB  # one row of sheet XML

# The reader process: its address space is capped at READER_LIMIT; a sheet whose estimated
# footprint in the reader exceeds READER_BUDGET is not given to it.
READER_LIMIT = 480 * MiB
READER_BUDGET = 360 * MiB
READER_TIMEOUT = 120.0  # seconds the reader may go without sending anything
CHECK_TIMEOUT = 600.0  # seconds it may take to check a file (up to MAX_INFLATED_BYTES of parts)


class Refusal(Enum):
    """Why a file was refused, for decisions and tests (the message is for the clerk)."""

    MISSING = "missing"
    NOT_A_FILE = "not_a_file"  # a folder, FIFO, device or socket
    UNREADABLE = "unreadable"
    EMPTY = "empty"
    UNSUPPORTED = "unsupported"
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    TOO_LARGE = "too_large"  # real content beyond the limits
    BOMB = "bomb"  # declared sizes or counts beyond what the file holds
    READER_FAILED = "reader_failed"  # the reader process died or ran out of memory
    ENCODING = "encoding"


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why, in Chinese."""

    def __init__(self, message: str, kind: Refusal = Refusal.CORRUPT, detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.detail = detail  # technical detail for the log, never shown as the reason


def megabytes(size: int) -> str:
    """A size as the clerk reads it: 1,024 MB, 597 KB, 196 字节."""
    if size >= MiB:
        return f"{size / MiB:,.0f} MB"
    return f"{size / 1024:,.0f} KB" if size >= 1024 else f"{size} 字节"
