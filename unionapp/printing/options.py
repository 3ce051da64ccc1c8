"""What a print job asks for, and why a job can be refused (typed: the window and the command
line decide on the kind)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Duplex(enum.Enum):
    ONE_SIDED = "one-sided"
    LONG_EDGE = "long-edge"  # pages turn like a book (portrait forms)
    SHORT_EDGE = "short-edge"  # pages turn like a calendar (landscape sheets)


@dataclass(frozen=True)
class PrintOptions:
    printer: str | None = None  # None: the system's default printer
    copies: int = 1
    duplex: Duplex = Duplex.ONE_SIDED
    title: str = "工会工作台"
    landscape: bool = False
    pages: tuple[int, int] | None = None  # first and last page (from 1), None: all of them

    def __post_init__(self) -> None:
        if not 1 <= self.copies <= 99:
            raise ValueError("份数应在 1 到 99 之间")
        if self.pages is not None and not 1 <= self.pages[0] <= self.pages[1]:
            raise ValueError("页码范围应从第 1 页起，且起始页不大于结束页")

    def page_indexes(self, count: int) -> range:
        """The pages of a ``count``-page document this job prints, from 0."""
        if self.pages is None:
            return range(count)
        return range(min(self.pages[0], count + 1) - 1, min(self.pages[1], count))


class PrintError(Exception):
    """The print system did not take the job; the message says why, in Chinese."""


class PrintSystemMissing(PrintError):
    """No print system to hand the job to (no CUPS, no spooler)."""


class UnknownPrinter(PrintError):
    """The printer named does not exist (or there is no default printer)."""
