"""The user's folders for the program (platformdirs), each overridable by an environment
variable so tests and portable installs can point them elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir, user_log_dir

APP = "unionapp"
_OVERRIDES = {
    "data": "UNIONAPP_DATA_DIR",
    "config": "UNIONAPP_CONFIG_DIR",
    "cache": "UNIONAPP_CACHE_DIR",
    "log": "UNIONAPP_LOG_DIR",
}


def _folder(kind: str, default: str) -> Path:
    override = os.environ.get(_OVERRIDES[kind])
    return Path(override) if override else Path(default)


def data_dir() -> Path:
    return _folder("data", user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    return _folder("config", user_config_dir(APP, appauthor=False))


def cache_dir() -> Path:
    return _folder("cache", user_cache_dir(APP, appauthor=False))


def log_dir() -> Path:
    return _folder("log", user_log_dir(APP, appauthor=False))
