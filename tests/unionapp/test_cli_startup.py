"""The command line's start-up: what start-up loads is frozen out of the collector's sight, and
an import's bulk work runs with the collector paused, only in a process that is the command;
and what a command preloads exists."""

from __future__ import annotations

import gc
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from unionapp.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc
from unionapp.cli.startup import paused, settled

before = gc.get_freeze_count()
with settled():
    assert not gc.isenabled()  # paused while loading
    kept = [[n] for n in range(1000)]
assert gc.isenabled() and gc.get_freeze_count() >= before + 1000
gc.disable()
with settled():
    pass
assert not gc.isenabled()  # a collector switched off stays off
gc.enable()
with paused():
    assert not gc.isenabled()
with paused(False):
    assert gc.isenabled()
assert gc.isenabled()
gc.disable()
with paused():
    pass
assert not gc.isenabled()
print("ok")
"""


def test_settled_pauses_the_collector_then_freezes_what_was_loaded() -> None:
    """In a process of its own: freezing would keep this test process's objects for good."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["report", "hardship-form", "--out", "x.pdf"],
        ["print", "relief-signoff", "--with-bank"],
    ],
)
def test_every_module_a_command_preloads_imports(args: list[str]) -> None:
    """A renamed module in a preload list would fail the command before it starts."""
    parsed = build_parser().parse_args(args)
    assert parsed.preload
    for name in parsed.preload:
        importlib.import_module(name)


def test_a_command_called_in_process_leaves_the_collector_alone(tmp_path: Path, capsys) -> None:
    from unionapp.cli.main import main

    frozen, pace = gc.get_freeze_count(), gc.get_threshold()
    assert main(["--db", str(tmp_path / "x.sqlite3"), "init"]) == 0
    assert gc.get_freeze_count() == frozen and gc.get_threshold() == pace
    sheet = tmp_path / "企业.csv"
    sheet.write_text("企业名称,建会情况\n甲,未建会\n", encoding="utf-8")
    assert main(["--db", str(tmp_path / "x.sqlite3"), "import", "enterprises", str(sheet)]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == frozen and gc.get_threshold() == pace


def test_the_command_as_a_process_still_prints_a_form(tmp_path: Path) -> None:
    database, out = tmp_path / "d.sqlite3", tmp_path / "form.pdf"
    for args in (
        ["--db", str(database), "demo", "--enterprises", "3", "--families", "2"],
        ["--db", str(database), "report", "hardship-form", "--out", str(out), "--id", "1"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "unionapp", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            # a pipe on Chinese Windows is code page 936 unless the child is told otherwise
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
