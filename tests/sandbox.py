"""Imported first by the test suite: everything the program keeps in the user's folders
(settings, audit anchors, the log, parsed fonts, the default database) goes to one temporary
folder, for the subprocesses the tests start too. ``SANDBOX`` is that folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SANDBOX = Path(tempfile.mkdtemp(prefix="unionapp-tests-"))
FOLDERS = {
    "HOME": "home",
    "USERPROFILE": "home",
    "APPDATA": "appdata",
    "LOCALAPPDATA": "localappdata",
    "XDG_CONFIG_HOME": "config",
    "XDG_CACHE_HOME": "cache",
    "XDG_DATA_HOME": "data",
    "XDG_STATE_HOME": "state",
    "UNIONAPP_CONFIG_DIR": "unionapp/config",
    "UNIONAPP_CACHE_DIR": "unionapp/cache",
    "UNIONAPP_DATA_DIR": "unionapp/data",
    "UNIONAPP_LOG_DIR": "unionapp/log",
}

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for variable, folder in FOLDERS.items():
    (SANDBOX / folder).mkdir(parents=True, exist_ok=True)
    os.environ[variable] = str(SANDBOX / folder)
for variable in ("UNIONAPP_DB", "UNIONAPP_PASSWORD"):
    os.environ.pop(variable, None)
