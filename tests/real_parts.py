"""Real parts the tests start themselves (a CUPS queue, PostgreSQL): missing on a developer's
machine they are skipped with the package to install; in CI (``UNIONAPP_REAL_PARTS=required``,
set by ``.ci/run`` after it installed them) a missing part fails the run."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest


def required() -> bool:
    # The Windows build's own test run (under Wine) has no CUPS or PostgreSQL to start.
    return os.environ.get("UNIONAPP_REAL_PARTS") == "required" and sys.platform != "win32"


def tool(name: str, package: str, *folders: str) -> Path:
    """The path of ``name`` (looked up in PATH, then in ``folders``), or skip/fail."""
    found = shutil.which(name) or next(
        (str(Path(f) / name) for f in folders if (Path(f) / name).is_file()), None
    )
    if found:
        return Path(found)
    message = f"{name} not found: install the Debian package {package}"
    if required():
        pytest.fail(message)
    pytest.skip(message)


def under_wine() -> bool:
    """The Windows build's own test run: Windows Python under Wine, which lacks a few things
    every real Windows has (memory limits on job objects)."""
    if sys.platform != "win32":
        return False
    import ctypes

    return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
