"""Remove from the unpacked PySide6 what the window never loads (QML, Quick, tools, OpenGL …).

What is kept is derived, not listed by hand: the Qt modules the program's source imports
(`window_qt_modules`), the few plugins the window loads by name (`KEPT_PLUGINS`), and every DLL
those need, followed through their PE import tables (`dll_closure`). Everything else under
`PySide6/` and `shiboken6/` that is a DLL, an extension, a tool or a data folder goes.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterable
from pathlib import Path

from pe_imports import read_imports

QT = "PySide6"
SHIBOKEN = "shiboken6"
# Plugins Qt loads at run time by name, not through an import table.
KEPT_PLUGINS = (
    "platforms/qwindows.dll",  # the window on Windows
    "styles/qmodernwindowsstyle.dll",  # the native Windows 10/11 look
    "imageformats/qico.dll",  # the program's .ico icon
    "imageformats/qjpeg.dll",  # pictures pasted or opened in dialogs
    "imageformats/qgif.dll",
)
KEPT_TRANSLATIONS = ("qtbase_zh_CN.qm",)  # Qt's own dialog buttons in Chinese
# Folders of PySide6 the window never reads: QML and Quick, headers, tools, WebEngine's ICU data.
DROPPED_FOLDERS = ("qml", "metatypes", "include", "lib", "typesystems", "glue", "doc")
DROPPED_FOLDERS += ("resources", "scripts")
BINARY_SUFFIXES = (".dll", ".pyd", ".exe", ".lib")


def window_qt_modules(sources: Iterable[Path]) -> set[str]:
    """Names such as `QtWidgets` of every PySide6 module the given .py files import."""
    modules: set[str] = set()
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
                if node.module == QT:
                    names = [f"{QT}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == QT and len(parts) > 1:
                    modules.add(parts[1])
    return modules


def program_sources(root: Path) -> list[Path]:
    return sorted([root / "main.py", *root.glob("ui/**/*.py"), *root.glob("unionapp/**/*.py")])


def roots(pkgs: Path, modules: Iterable[str]) -> list[Path]:
    """The binaries the program loads directly: Qt modules, Shiboken, the kept plugins."""
    qt = pkgs / QT
    found = [qt / f"{module}.pyd" for module in sorted(modules)]
    found += [pkgs / SHIBOKEN / "Shiboken.pyd"]
    found += [qt / "plugins" / plugin for plugin in KEPT_PLUGINS]
    return found


def shipped_dlls(folders: Iterable[Path]) -> dict[str, Path]:
    """Every .dll under the folders, by lower-case name (Windows matches DLL names so)."""
    dlls: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.dll")):
            dlls.setdefault(path.name.lower(), path)
    return dlls


def dll_closure(start: Iterable[Path], available: dict[str, Path]) -> set[str]:
    """Lower-case names of the shipped DLLs `start` needs, directly or through one another."""
    needed: set[str] = set()
    queue = list(start)
    while queue:
        for name in read_imports(queue.pop()).all:
            key = name.lower()
            if key in available and key not in needed:
                needed.add(key)
                queue.append(available[key])
    return needed


def prune(pkgs: Path, modules: Iterable[str]) -> int:
    """Prune pkgs/PySide6 and pkgs/shiboken6 in place; return the bytes removed."""
    qt, shiboken = pkgs / QT, pkgs / SHIBOKEN
    start = roots(pkgs, modules)
    missing = [path for path in start if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"not in the PySide6 wheel: {', '.join(map(str, missing))}")
    needed = dll_closure(start, shipped_dlls([qt, shiboken]))
    keep = {path.resolve() for path in start}
    removed = 0
    for folder in (qt / name for name in DROPPED_FOLDERS):
        if folder.is_dir():
            removed += sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
            shutil.rmtree(folder)
    for path in sorted([*qt.rglob("*"), *shiboken.rglob("*")]):
        if not path.is_file():
            continue
        relative = path.relative_to(qt) if path.is_relative_to(qt) else None
        drop = (
            path.suffix.lower() in BINARY_SUFFIXES
            and path.resolve() not in keep
            and path.name.lower() not in needed
        )
        drop |= path.suffix == ".pyi"
        drop |= bool(
            relative and relative.parts[0] == "translations" and path.name not in KEPT_TRANSLATIONS
        )
        if drop:
            removed += path.stat().st_size
            path.unlink()
    for folder in sorted(qt.rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return removed


def unresolved(tree: Path, modules: Iterable[str], shipped: set[str]) -> list[str]:
    """What the window would miss in an installed tree: one line per missing file.

    `shipped` holds the lower-case names of every DLL the unpruned wheels and the embeddable
    Python brought; an import of a DLL among them must still be in the tree. Other imports
    (KERNEL32.dll, icuuc.dll, the UCRT's api-ms-win-*) are Windows' own.
    """
    pkgs = tree / "pkgs"
    problems = [f"missing {path}" for path in roots(pkgs, modules) if not path.is_file()]
    if problems:
        return problems
    present = shipped_dlls([pkgs / QT, pkgs / SHIBOKEN])
    present.update({path.name.lower(): path for path in tree.glob("*.dll")})
    present.update({path.name.lower(): path for path in tree.glob("*.pyd")})
    queue, seen = roots(pkgs, modules), set()
    while queue:
        binary = queue.pop()
        for name in read_imports(binary).all:
            key = name.lower()
            if key in present and key not in seen:
                seen.add(key)
                queue.append(present[key])
            elif key in shipped and key not in present:
                problems.append(f"{binary.name} imports {name}, which was pruned")
    for translation in KEPT_TRANSLATIONS:
        if not (pkgs / QT / "translations" / translation).is_file():
            problems.append(f"missing translations/{translation}")
    return problems
