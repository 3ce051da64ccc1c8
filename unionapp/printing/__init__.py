"""Handing a finished PDF to the print system: CUPS (Linux, macOS) takes the PDF itself; on
Windows PDFium renders each page into the printer's device context, so text reaches the printer
as text and vector outlines, never as a colour bitmap of the page."""

from __future__ import annotations

import sys
from pathlib import Path

from unionapp.printing.options import (
    Duplex,
    PrintError,
    PrintOptions,
    PrintSystemMissing,
    UnknownPrinter,
)

__all__ = [
    "Duplex",
    "PrintError",
    "PrintOptions",
    "PrintSystemMissing",
    "UnknownPrinter",
    "default_printer",
    "printers",
    "resolve",
    "submit",
]


def submit(pdf: Path, options: PrintOptions) -> str:
    """Send ``pdf`` to the printer; returns the print system's job id once it accepted it."""
    if sys.platform == "win32":
        from unionapp.printing import windows

        return windows.submit(pdf, options)
    from unionapp.printing import cups

    return cups.submit(pdf, options)


def resolve(name: str | None) -> str:
    """The printer a job would go to (``None``: the default), checked before any work is done."""
    if sys.platform == "win32":
        from unionapp.printing import windows

        return windows.resolve(name)
    from unionapp.printing import cups

    return cups.resolve(name)


def printers() -> list[str]:
    if sys.platform == "win32":
        from unionapp.printing import windows

        return windows.printers()
    from unionapp.printing import cups

    return cups.printers()


def default_printer() -> str | None:
    if sys.platform == "win32":
        from unionapp.printing import windows

        return windows.default_printer()
    from unionapp.printing import cups

    return cups.default_printer()
