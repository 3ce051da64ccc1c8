"""PySide6's import hook, made to read files instead of parsing them.

Once shiboken6 is loaded it replaces ``__import__`` and asks, for every module imported after
it, whether the module uses PySide (``shibokensupport.feature._mod_uses_pyside``): it calls
``inspect.getsource``, which tokenizes the module and keeps all its lines in ``linecache`` for
the life of the process. The window imports SQLAlchemy, the models and the services after
PySide6 (they load in the start-up worker while the window is already shown), so that hook cost
about 19 MiB of kept source text and tokenizer garbage, and time. The question it asks (does
the source mention "PySide6"?) is answered here by reading the file's bytes, which keeps
nothing. A module without a .py file gets the hook's own answer. A PySide6 without that
function (a later version) is left alone.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

_MARK = "_unionapp_reads_files"


def _reading_files(original: Callable[..., bool]) -> Callable[..., bool]:
    def uses_pyside(module: ModuleType, *more: object, **named: object) -> bool:
        path = getattr(module, "__file__", None)
        if more or named or not isinstance(path, str) or not path.endswith(".py"):
            return original(module, *more, **named)  # a call this was not written for
        try:
            return b"PySide6" in Path(path).read_bytes()
        except (OSError, MemoryError):
            return original(module)

    setattr(uses_pyside, _MARK, True)
    return uses_pyside


def quicken_import_hook() -> bool:
    """Install the file-reading check; True when it is in place (now or before)."""
    import shiboken6  # noqa: F401  (loads shibokensupport, before PySide6 scans sys.modules)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None:
        return False
    if not getattr(original, _MARK, False):
        feature._mod_uses_pyside = _reading_files(original)  # type: ignore[union-attr]
    return True
