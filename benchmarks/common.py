"""Helpers for the benchmark scripts: a cached 100,000-enterprise database and timing."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("UNIONAPP_BENCH_DIR", Path(tempfile.gettempdir()) / "unionapp-bench"))


def compile_once() -> None:
    """Write .pyc files for the environment once: a clerk's PC keeps them after the first start,
    but this machine sets PYTHONDONTWRITEBYTECODE, which would make every run recompile."""
    import compileall
    import sysconfig

    compileall.compile_dir(sysconfig.get_paths()["purelib"], quiet=2, workers=2)
    compileall.compile_dir(str(ROOT / "unionapp"), quiet=1)
    compileall.compile_dir(str(ROOT / "ui"), quiet=1)


def interpreter() -> str:
    """Which Python the figures are for: builds differ by a tenth or more in this code (one
    without profile-guided optimisation, as pyenv makes by default, is the slowest)."""
    import sysconfig

    flags = str(sysconfig.get_config_var("CONFIG_ARGS") or "")
    built = ", built with --enable-optimizations" if "--enable-optimizations" in flags else ""
    return f"Python {sys.version.split()[0]} ({sys.executable}{built})"


compile_once()
if not os.environ.get("UNIONAPP_BENCH_SHOWN"):  # not again in each worker a benchmark starts
    os.environ["UNIONAPP_BENCH_SHOWN"] = "1"
    print(interpreter(), flush=True)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run a command from the project root; return (seconds, stdout)."""
    started = time.perf_counter()
    result = subprocess.run(
        args,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return time.perf_counter() - started, result.stdout


def big_database(enterprises: int = 100_000, families: int = 2_000) -> Path:
    """A demo database of the given size, made once and reused between runs."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{enterprises}-{families}.sqlite3"
    if not path.exists():
        run(
            sys.executable,
            "-m",
            "unionapp",
            "--db",
            str(path),
            "demo",
            "--enterprises",
            str(enterprises),
            "--families",
            str(families),
            "--seed",
            "1",
        )
    return path


BENCH_PASSWORD = "bench-密码-2024"


def time_imports(kind: str, label: str, folder: Path, sheet: Path, show: bool = False) -> None:
    """Print how long ``import KIND sheet`` takes as the clerk runs it: five times into a new
    plain database each, then five into an encrypted one (the benchmark's password); with
    ``show``, the command's last output too."""
    for encrypted in (False, True):
        times = []
        out = ""
        env = {"UNIONAPP_PASSWORD": BENCH_PASSWORD} if encrypted else {}
        for attempt in range(5):
            name = f"import-{kind}-{attempt}-{'encrypted' if encrypted else 'plain'}.sqlite3"
            db = folder / name
            run(sys.executable, "-m", "unionapp", "--db", str(db), "init")
            if encrypted:
                from unionapp.safety.encryption import change_password

                change_password(db, None, BENCH_PASSWORD)
            command = [sys.executable, "-m", "unionapp", "--db", str(db), "import", kind]
            seconds, out = run(*command, str(sheet), env=env)
            times.append(seconds)
        what = "into an encrypted database" if encrypted else "(plain database)"
        print(f"import {label} {what}, whole process: {best_of(times)} (goal under 1.5 s)")
        if show:
            print(f"  {out.strip()}")


def encrypted_copy(path: Path) -> Path:
    """The same database encrypted with ``BENCH_PASSWORD`` (made once and reused)."""
    target = path.with_name(path.stem + "-encrypted" + path.suffix)
    if not target.exists():
        import shutil

        sys.path.insert(0, str(ROOT))
        from unionapp.safety.encryption import change_password

        partial = target.with_name(target.name + ".making")
        shutil.copyfile(path, partial)
        change_password(partial, None, BENCH_PASSWORD)
        partial.rename(target)
    return target


def best_of(times: list[float]) -> str:
    return f"best {min(times):.3f} s, median {sorted(times)[len(times) // 2]:.3f} s"
