"""Fetch the pinned win_amd64 wheels (hashes checked by pip) and unpack them into pkgs/."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

PLATFORM = "win_amd64"


def download(requirements: Path, into: Path, python_minor: str, *, wheels: bool = True) -> None:
    """`pip download --require-hashes`: pip refuses any file whose sha256 is not listed."""
    into.mkdir(parents=True, exist_ok=True)
    if wheels:
        target = ["--only-binary", ":all:", "--platform", PLATFORM, "--implementation", "cp"]
        target += ["--python-version", python_minor]
    else:
        target = ["--no-binary", ":all:"]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes"]
        + [*target, "-r", str(requirements), "-d", str(into)],
        check=True,
    )


def pinned_files(requirements: Path, folder: Path) -> list[Path]:
    """The downloaded files the requirements name (a folder may hold older ones too)."""
    wanted = set()
    for line in requirements.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            wanted.add((normal(name), version.split()[0]))
    files = sorted(path for path in folder.iterdir() if normal_key(path.name) in wanted)
    if len(files) != len(wanted):
        raise FileNotFoundError(f"{folder}: {len(files)} files for {len(wanted)} requirements")
    return files


def normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def normal_key(filename: str) -> tuple[str, str]:
    name, version = filename.removesuffix(".tar.gz").split("-")[:2]
    return normal(name), version


def unpack(wheel: Path, pkgs: Path) -> None:
    """Unpack one wheel as pip would install it into `pkgs` (purelib and platlib merged)."""
    with zipfile.ZipFile(wheel) as archive:
        for info in sorted(archive.infolist(), key=lambda item: item.filename):
            if info.is_dir():
                continue
            parts = PurePosixPath(info.filename).parts
            if ".." in parts or parts[0].startswith("/"):
                raise ValueError(f"{wheel.name}: unsafe path {info.filename}")
            if parts[0].endswith(".data"):
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue  # scripts, headers, data: nothing the program imports
                parts = parts[2:]
            destination = pkgs.joinpath(*parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.read(info))
