"""The cycle collector while a command-line process starts.

Starting a command makes a few hundred thousand objects that live until the process ends:
SQLAlchemy's and ReportLab's modules, the mapped classes, the command's own modules. None of
them is garbage, yet Python's collector walked every one of them again on each full
collection: 0.15 s of the 0.9 s a 100-form print spent besides drawing. While they load the
collector pauses; afterwards ``gc.freeze()`` moves them out of its sight, so later collections
look only at what the command itself makes.

The command's own work then runs at a slower collector pace: a print keeps its whole document
until it writes it, and at Python's default pace every full collection walked that document
again (1.2 s of the 7.9 s a 1,000-form print took; peak memory the same either way).

Only for a process that is the command (``python -m unionapp``): freezing keeps whatever is
tracked at that moment for the rest of the process, which a test calling ``main()`` between
other tests must not do to its neighbours' objects.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
from collections.abc import Iterable, Iterator


@contextlib.contextmanager
def paused(active: bool = True) -> Iterator[None]:
    """The collector paused (when ``active``) for a bounded bulk job of a command process: an
    import's check and write make hundreds of thousands of rows, values and dictionaries and no
    cycles, and walking them again on each young collection cost 0.05 s of a 10,000-family
    import."""
    was_enabled = gc.isenabled()
    if active:
        gc.disable()
    try:
        yield
    finally:
        if active and was_enabled:
            gc.enable()


@contextlib.contextmanager
def settled() -> Iterator[None]:
    """Load what lives until the process ends: the collector pauses, then leaves it alone."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


# The young generation collected every 5,000 allocations (not 700), the old one after 100
# collections of the middle one (not 10).
COMMAND_THRESHOLDS = (5000, 10, 100)


def command_pace() -> None:
    """The collector's pace for a command's bulk work (after start-up, see above)."""
    gc.set_threshold(*COMMAND_THRESHOLDS)


def preload(modules: Iterable[str]) -> None:
    """Import the modules a command would import on its first use anyway."""
    for name in modules:
        importlib.import_module(name)
