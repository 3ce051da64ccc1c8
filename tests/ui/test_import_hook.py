"""PySide6's import hook answers "does this module use PySide?" from the file's bytes: the same
answer as before, and no module's source is kept in linecache."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest

from ui.import_hook import quicken_import_hook


def _module(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_modules_imported_after_pyside_are_judged_without_keeping_their_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import PySide6.QtCore  # noqa: F401  (the hook is active once PySide6 is loaded)

    assert quicken_import_hook()
    assert quicken_import_hook()  # installing twice wraps once
    feature = sys.modules["shibokensupport.feature"]
    folder = tmp_path / "模块 目录"
    folder.mkdir()
    qt_user = _module(folder, "hook_probe_qt", "from PySide6.QtCore import QObject\n")
    plain = _module(folder, "hook_probe_plain", "VALUE = '工会'\n" + "# filler\n" * 5000)
    monkeypatch.syspath_prepend(str(folder))
    try:
        exec("import hook_probe_qt, hook_probe_plain")  # an import statement: the hook sees it
        assert feature.pyside_feature_dict["hook_probe_qt"] == 0  # uses PySide: no feature
        assert feature.pyside_feature_dict["hook_probe_plain"] == -1  # ignored by features
        assert str(qt_user) not in linecache.cache
        assert str(plain) not in linecache.cache
    finally:
        for name in ("hook_probe_qt", "hook_probe_plain"):
            sys.modules.pop(name, None)
            feature.pyside_feature_dict.pop(name, None)


def test_the_window_packages_core_imports_keep_no_source(tmp_path: Path) -> None:
    """In a fresh process: importing the core after the window's Qt keeps no source lines."""
    import subprocess

    probe = (
        "import linecache, ui, PySide6.QtWidgets, unionapp.database, unionapp.services.listing\n"
        "kept = [f for f in linecache.cache if f.endswith('.py')]\n"
        "print(len(kept))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) <= 3  # shiboken's own and enum at most, not the core's
