"""Run the installer's own Python and packages under Wine set up as a Chinese Windows.

The installer is unpacked with 7z (its 32-bit NSIS stub would need wine32) into
%LOCALAPPDATA%\\Programs\\unionapp of a fresh Wine prefix started with LANG=zh_CN.UTF-8, so
Python's ANSI code page is 936 as on the clerk's PC. Then, on a database in a Windows path with
Chinese characters and spaces: init, demo, a hardship-form PDF (read back here: pages, embedded
fonts, the text), export and import an xlsx, backup, restore, check, a stale lock left by a
killed process; and `tests/unionapp` with the test packages in a separate folder (never in the
installer). Wine 8 lacks one DLL every Windows 10 has (bcryptprimitives.dll): wine_shims.py puts
a stand-in into the prefix's system32. Prints one line per step; exits 1 if any step failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import prune
import wheels
import wine_shims
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA_FOLDER = "用户 数据"  # C:\用户 数据\u.db, as the brief of issue 15 asks
CODE_PAGE = "cp936"  # how Windows Python writes to a pipe on a Chinese system


def run_to_files(
    args: list[str], env: dict[str, str], timeout: float, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run a Wine program and take its output without waiting for the pipes to close: Wine's
    background processes (wineserver, winedevice.exe started by the program) inherit the
    handles and keep a pipe open long after the program ended, so reading it to its end
    waited for the timeout (an hour) although the tests had finished in minutes. (Windows
    Python under Wine cannot start with a regular file as its output: pipes it is.)"""
    process = subprocess.Popen(
        args, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    taken: dict[str, list[bytes]] = {"out": [], "err": []}

    def drain(stream: Any, into: list[bytes]) -> None:
        for chunk in iter(lambda: stream.read1(65536), b""):
            into.append(chunk)

    readers = [
        threading.Thread(target=drain, args=(process.stdout, taken["out"]), daemon=True),
        threading.Thread(target=drain, args=(process.stderr, taken["err"]), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    for reader in readers:
        reader.join(timeout=5)  # what the program wrote is in the pipe already
    return subprocess.CompletedProcess(
        args, process.returncode, b"".join(taken["out"]), b"".join(taken["err"])
    )


@dataclass
class Wine:
    prefix: Path
    install: Path = field(init=False)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTHON"))}
        env.update(WINEPREFIX=str(self.prefix), WINEDEBUG="-all", LANG="zh_CN.UTF-8")
        env.update(LC_ALL="zh_CN.UTF-8", WINEDLLOVERRIDES="mscoree,mshtml=")
        return env

    def start(self) -> None:
        booted = run_to_files(["wineboot", "-i"], self.env(), 600)
        if booted.returncode != 0:
            raise subprocess.CalledProcessError(booted.returncode, booted.args, booted.stdout)
        subprocess.run(["wineserver", "-w"], env=self.env(), check=True)
        local = self.run_text(["cmd", "/c", "echo", "%LOCALAPPDATA%"]).strip()
        self.install = self.unix(local) / "Programs" / "unionapp"
        wine_shims.install(self.unix("C:\\windows\\system32"))

    def unix(self, windows_path: str) -> Path:
        out = subprocess.run(
            ["winepath", "-u", windows_path], env=self.env(), check=True, capture_output=True
        )
        return Path(out.stdout.decode("utf-8").strip())

    def run_text(self, args: list[str], timeout: float = 900) -> str:
        out = run_to_files(["wine", *args], self.env(), timeout)
        if out.returncode != 0:
            raise subprocess.CalledProcessError(out.returncode, out.args, out.stdout, out.stderr)
        return out.stdout.decode(CODE_PAGE, errors="replace")

    def python(
        self, args: list[str], timeout: float = 1800, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        out = run_to_files(
            ["wine", str(self.install / "python.exe"), *args], self.env(), timeout, cwd
        )
        return subprocess.CompletedProcess(
            out.args,
            out.returncode,
            out.stdout.decode(CODE_PAGE, errors="replace"),
            out.stderr.decode(CODE_PAGE, errors="replace"),
        )

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.python(["-m", "unionapp", "--db", DB, *args])


DB = f"C:\\{DATA_FOLDER}\\u.db"
SECOND_DB = f"C:\\{DATA_FOLDER}\\第二 个.db"


def windows(name: str) -> str:
    return f"C:\\{DATA_FOLDER}\\{name}"


class Steps:
    def __init__(self) -> None:
        self.failed: list[str] = []

    def run(self, name: str, step: Callable[[], str]) -> None:
        started = time.monotonic()
        try:
            detail = step()
            status = "ok  "
        except Exception as error:  # one failing step must not hide the others
            detail = f"{type(error).__name__}: {error}"
            status = "FAIL"
            self.failed.append(name)
        print(f"{status} {name} ({time.monotonic() - started:.0f} s) {detail}", flush=True)


def expect(result: subprocess.CompletedProcess[str], code: int = 0) -> str:
    if result.returncode != code:
        raise AssertionError(
            f"exit {result.returncode}, expected {code}\n--- stdout\n{result.stdout}"
            f"\n--- stderr\n{result.stderr}"
        )
    return (result.stdout.strip().splitlines() or [""])[-1]


def check_pdf(path: Path) -> str:
    """A sound PDF: it parses, has pages, every font is embedded, the text copies out."""
    reader = PdfReader(path)
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = bool(descriptor) and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font.get("/BaseFont"))] = embedded
    text = "".join(page.extract_text() for page in reader.pages)
    if not reader.pages or not fonts or not all(fonts.values()):
        raise AssertionError(f"pages {len(reader.pages)}, fonts embedded {fonts}")
    if "困难职工" not in text:
        raise AssertionError("the form's title does not copy out of the PDF")
    return f"{len(reader.pages)} pages, {len(fonts)} fonts, all embedded"


def xlsx_rows(path: Path) -> int:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).worksheets[0]
    return sum(1 for row in sheet.iter_rows(min_row=2, values_only=True) if any(row))


def stale_lock(wine: Wine) -> str:
    """A program holding the lock is killed; the next one must take the lock over."""
    holder = subprocess.Popen(
        ["wine", str(wine.install / "python.exe"), "-c"]
        + [
            "import time, pathlib; from unionapp.safety.lock import InstanceLock; "
            f"assert InstanceLock(pathlib.Path(r'{DB}')).acquire() is None; "
            "print('held', flush=True); time.sleep(600)"
        ],
        env=wine.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert holder.stdout is not None
    if holder.stdout.readline().strip() != b"held":
        raise AssertionError(f"the lock holder did not start: {holder.stderr.read()!r}")
    refused = wine.cli("restore", windows("备份 1.sqlite3"))
    if refused.returncode != 1 or holder.poll() is not None:
        holder.kill()
        raise AssertionError(
            "a restore while another program holds the lock was not refused "
            f"(exit {refused.returncode}, holder {'gone' if holder.poll() is not None else 'alive'}"
            f"): {refused.stderr.strip()}"
        )
    os.killpg(holder.pid, signal.SIGKILL)  # as a power cut or the task manager would
    holder.wait()
    lock = wine.unix(DB + ".lock")
    if not lock.exists():
        raise AssertionError("the killed program left no lock file to test with")
    return expect(wine.cli("restore", windows("备份 1.sqlite3")))


def run_tests(wine: Wine, work: Path, test_wheels: Path) -> str:
    """tests/unionapp with the installer's Python and packages, test packages kept apart."""
    site = work / "test-packages"
    site.mkdir()
    requirements = HERE / "requirements-tests.txt"
    wheels.download(requirements, test_wheels, "3.11")
    for wheel in wheels.pinned_files(requirements, test_wheels):
        wheels.unpack(wheel, site)
    tree = work / "tree"  # the tests and the pytest settings, without the sources they test
    shutil.copytree(ROOT / "tests", tree / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "pyproject.toml", tree / "pyproject.toml")
    bootstrap = (
        "import sys; sys.dont_write_bytecode = True; "
        f"sys.path.insert(0, r'{wine_path(site)}'); import pytest; "
        "sys.exit(pytest.main(['tests/unionapp', '-q', '-p', 'no:cacheprovider', "
        "'-W', 'ignore::pytest.PytestConfigWarning']))"
    )
    result = wine.python(["-c", bootstrap], timeout=3600, cwd=tree)
    summary = (result.stdout.strip().splitlines() or [""])[-1]
    print(result.stdout[-20000:], flush=True)
    if result.returncode != 0:
        raise AssertionError(summary + "\n" + result.stderr[-3000:])
    return summary


def wine_path(path: Path) -> str:
    return "Z:" + str(path).replace("/", "\\")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("installer", type=Path)
    parser.add_argument(
        "--test-wheels", type=Path, default=ROOT / "build" / "windows" / "downloads" / "tests"
    )
    parser.add_argument("--skip-tests", action="store_true", help="only the command line steps")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="unionapp-wine-") as tmp:
        work = Path(tmp)
        wine = Wine(work / "prefix")
        wine.start()
        steps = Steps()
        steps.run("unpack the installer with 7z", lambda: unpack(args.installer, wine.install))
        data = wine.unix(f"C:\\{DATA_FOLDER}")
        data.mkdir(parents=True)
        steps.run("code page", lambda: code_page(wine))
        steps.run("pruned Qt: every DLL the window loads", lambda: pruned_tree(wine.install))
        steps.run("init", lambda: expect(wine.cli("init")))
        steps.run("demo", lambda: expect(wine.cli("demo", "--enterprises", "60", "--seed", "7")))
        steps.run(
            "report hardship-form",
            lambda: (
                expect(wine.cli("report", "hardship-form", "--out", windows("申请 表.pdf")))
                + " — "
                + check_pdf(data / "申请 表.pdf")
            ),
        )
        steps.run("export and import an xlsx", lambda: round_trip(wine, data))
        steps.run("backup", lambda: expect(wine.cli("backup", "--out", windows("备份 1.sqlite3"))))
        steps.run("restore", lambda: expect(wine.cli("restore", windows("备份 1.sqlite3"))))
        steps.run("check", lambda: expect(wine.cli("check")))
        steps.run("stale lock left by a killed process", lambda: stale_lock(wine))
        steps.run("unionapp-cli.exe on the default database", lambda: default_database(wine))
        if not args.skip_tests:
            steps.run("tests/unionapp", lambda: run_tests(wine, work, args.test_wheels))
        subprocess.run(["wineserver", "-k"], env=wine.env(), check=False)
    print(f"Wine check took {time.monotonic() - started:.0f} s", flush=True)
    if steps.failed:
        sys.exit(f"failed under Wine: {', '.join(steps.failed)}")


def unpack(installer: Path, install: Path) -> str:
    install.mkdir(parents=True)
    subprocess.run(
        ["7z", "x", "-y", f"-o{install}", str(installer.resolve())],
        check=True,
        capture_output=True,
    )
    shutil.rmtree(install / "$PLUGINSDIR", ignore_errors=True)  # the installer's own helpers
    count = sum(1 for path in install.rglob("*") if path.is_file())
    return f"{count} files in {install}"


def pruned_tree(install: Path) -> str:
    """Static check of the installed tree: each Qt module the window imports and its DLLs."""
    modules = prune.window_qt_modules(prune.program_sources(ROOT))
    wheel_folder = ROOT / "build" / "windows" / "downloads" / "wheels"
    requirements = HERE / "requirements.txt"
    wheels.download(requirements, wheel_folder, "3.11")
    shipped = set()
    for wheel in wheels.pinned_files(requirements, wheel_folder):
        with zipfile.ZipFile(wheel) as archive:
            shipped |= {
                PurePosixPath(n).name.lower() for n in archive.namelist() if n.endswith(".dll")
            }
    problems = prune.unresolved(install, modules, shipped)
    if problems:
        raise AssertionError("; ".join(problems))
    return f"{', '.join(sorted(modules))} and their DLLs are all there"


def code_page(wine: Wine) -> str:
    probe = "import locale, sys; print(locale.getpreferredencoding(False), sys.version.split()[0])"
    line = expect(wine.python(["-c", probe]))
    if not line.startswith(CODE_PAGE):
        raise AssertionError(f"not a Chinese Windows: {line}")
    return line


def round_trip(wine: Wine, data: Path) -> str:
    expect(wine.cli("export", "enterprises", "--out", windows("企业 名单.xlsx"), "--full"))
    exported = xlsx_rows(data / "企业 名单.xlsx")
    second = ["-m", "unionapp", "--db", SECOND_DB]
    expect(wine.python([*second, "init"]))
    expect(wine.python([*second, "import", "enterprises", windows("企业 名单.xlsx")]))
    expect(wine.python([*second, "export", "enterprises", "--out", windows("再 导出.xlsx")]))
    again = xlsx_rows(data / "再 导出.xlsx")
    if exported == 0 or again != exported:
        raise AssertionError(f"exported {exported} rows, imported and exported again {again}")
    return f"{exported} enterprises out, in and out again"


def default_database(wine: Wine) -> str:
    result = run_to_files(
        ["wine", str(wine.install / "bin" / "unionapp-cli.exe"), "init"], wine.env(), 600
    )
    text = result.stdout.decode(CODE_PAGE, errors="replace").strip()
    if result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {text} {result.stderr[-2000:]!r}")
    local = wine.unix(wine.run_text(["cmd", "/c", "echo", "%LOCALAPPDATA%"]).strip())
    if not (local / "unionapp" / "unionapp.sqlite3").is_file():
        raise AssertionError(f"no database in %LOCALAPPDATA%\\unionapp: {text}")
    return text


if __name__ == "__main__":
    main()
