"""The pruned PySide6 still holds every file the window's Qt modules load (static PE check).

Uses the real win_amd64 wheels the installer ships, fetched here by pip with their hashes
checked (into this test's temporary folder), unpacked and pruned as the build does.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import prune
import pytest
import wheels

from tests.packaging.test_pins import pinned, requirements

ROOT = Path(__file__).resolve().parents[2]
QT_WHEELS = ("pyside6-essentials", "shiboken6")


@pytest.fixture(scope="session")
def qt_wheels(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("wheels")
    listed = requirements("requirements.txt")
    lines = [f"{name}=={listed[name][0]} --hash={listed[name][1][0]}\n" for name in QT_WHEELS]
    wanted = folder / "qt-requirements.txt"
    wanted.write_text("".join(lines), encoding="utf-8")
    subprocess.run(
        ["uv", "tool", "run", "--from", f"pip=={pinned()['pip']}", "pip", "download"]
        + ["--quiet", "--no-deps", "--require-hashes", "--no-cache-dir", "--only-binary", ":all:"]
        + ["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp"]
        + ["-r", str(wanted), "-d", str(folder)],
        check=True,
    )
    return wheels.pinned_files(wanted, folder)


@pytest.fixture(scope="session")
def unpruned(qt_wheels: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("unpruned")
    for wheel in qt_wheels:
        wheels.unpack(wheel, tree / "pkgs")
    return tree


@pytest.fixture(scope="session")
def window_modules() -> set[str]:
    return prune.window_qt_modules(prune.program_sources(ROOT))


@pytest.fixture(scope="session")
def pruned(
    unpruned: Path, window_modules: set[str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    tree = tmp_path_factory.mktemp("pruned") / "tree"
    shutil.copytree(unpruned, tree)
    prune.prune(tree / "pkgs", window_modules)
    return tree


def shipped(tree: Path) -> set[str]:
    return {path.name.lower() for path in (tree / "pkgs").rglob("*.dll")}


def size(tree: Path) -> int:
    return sum(path.stat().st_size for path in tree.rglob("*") if path.is_file())


def test_the_window_imports_core_gui_and_widgets(window_modules: set[str]) -> None:
    assert {"QtCore", "QtGui", "QtWidgets"} <= window_modules
    # Printing hands the PDF to the print system itself (unionapp/printing): no Qt print module.
    assert "QtPrintSupport" not in window_modules


def test_every_dll_the_window_loads_is_still_there(
    unpruned: Path, pruned: Path, window_modules: set[str]
) -> None:
    assert prune.unresolved(pruned, window_modules, shipped(unpruned)) == []
    qt = pruned / "pkgs" / "PySide6"
    assert (qt / "translations" / "qtbase_zh_CN.qm").is_file()
    for plugin in prune.KEPT_PLUGINS:
        assert (qt / "plugins" / plugin).is_file()


def test_what_the_window_never_loads_is_gone(unpruned: Path, pruned: Path) -> None:
    qt = pruned / "pkgs" / "PySide6"
    for gone in ("opengl32sw.dll", "Qt6Quick.dll", "Qt6Qml.dll", "QtQml.pyd", "designer.exe"):
        assert (unpruned / "pkgs" / "PySide6" / gone).exists()
        assert not (qt / gone).exists(), gone
    assert not (qt / "qml").exists()
    assert sorted(p.name for p in (qt / "translations").iterdir()) == ["qtbase_zh_CN.qm"]
    assert size(pruned) < size(unpruned) / 3


def test_a_pruned_dll_the_window_needs_is_named(
    unpruned: Path, pruned: Path, window_modules: set[str], tmp_path: Path
) -> None:
    broken = tmp_path / "tree"
    shutil.copytree(pruned, broken)
    (broken / "pkgs" / "PySide6" / "Qt6Gui.dll").unlink()
    problems = prune.unresolved(broken, window_modules, shipped(unpruned))
    assert any("imports Qt6Gui.dll, which was pruned" in problem for problem in problems)


def test_a_module_the_window_starts_importing_is_kept(
    unpruned: Path, tmp_path: Path, window_modules: set[str]
) -> None:
    source = tmp_path / "svg_user.py"
    source.write_text("import PySide6.QtSvg\nfrom PySide6 import QtNetwork\n", encoding="utf-8")
    modules = window_modules | prune.window_qt_modules([source])
    assert {"QtSvg", "QtNetwork"} <= modules
    tree = tmp_path / "tree"
    shutil.copytree(unpruned, tree)
    prune.prune(tree / "pkgs", modules)
    assert (tree / "pkgs" / "PySide6" / "Qt6Svg.dll").is_file()
    assert prune.unresolved(tree, modules, shipped(unpruned)) == []
