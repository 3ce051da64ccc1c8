"""The command line: demo then stats checked against a hand count, check, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from unionapp.cli.main import main
from unionapp.database import open_database
from unionapp.models import Assistance, CongressMeeting, Enterprise, HardshipFamily, TrainingSession
from unionapp.validation import is_valid_credit_code, parse_id_number

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_prints_where_the_database_is(capsys, tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    code, out, _ = run(capsys, "--db", str(path), "init")
    assert code == 0 and out.strip() == str(path)
    assert path.exists()


def test_demo_then_stats_matches_a_hand_count(capsys, tmp_path: Path) -> None:
    path = str(tmp_path / "demo.sqlite3")
    code, out, _ = run(
        capsys,
        "--db",
        path,
        "demo",
        "--enterprises",
        "400",
        "--families",
        "60",
        "--trainings",
        "15",
        "--seed",
        "7",
    )
    assert code == 0 and "企业 400" in out
    year = date.today().year
    code, out, _ = run(capsys, "--db", path, "stats", "--year", str(year), "--json")
    assert code == 0
    figures = json.loads(out)

    database = open_database(path)
    with database.read() as session:
        companies = list(session.query(Enterprise))
        congresses = list(session.query(CongressMeeting))
        families = list(session.query(HardshipFamily))
        aid = list(session.query(Assistance))
        trainings = list(session.query(TrainingSession))
        unionised = [c for c in companies if c.union_status == "已建会"]
        in_force = [
            c
            for c in unionised
            if c.wage_signed
            and c.wage_signed <= date(year, 12, 31)
            and (c.wage_expiry is None or c.wage_expiry >= date(year, 1, 1))
        ]
        above = [c for c in companies if c.above_scale]
        held = {m.enterprise_id for m in congresses if m.year == year and m.status == "已召开"}
        active = {f.id for f in families if f.status == "在档"}
        helped = {a.family_id for a in aid if a.given_on.year == year} & active
        assert all(is_valid_credit_code(c.credit_code) for c in companies)
        assert all(parse_id_number(f.id_number).number == f.id_number for f in families)
    database.close()

    assert figures["enterprises"] == 400
    assert figures["unionised"] == len(unionised)
    assert figures["unions_founded"] == sum(
        1 for c in unionised if c.union_founded and c.union_founded.year == year
    )
    assert figures["wage_signed"] == len(in_force)
    assert figures["wage_rate"] == round(len(in_force) / len(unionised), 4)
    assert figures["above_scale"] == len(above)
    assert figures["congress_held"] == sum(1 for c in above if c.id in held)
    assert figures["affairs_public"] == sum(1 for c in above if c.affairs_public)
    assert figures["trainings"] == sum(1 for t in trainings if t.held_on.year == year)
    assert figures["handbooks"] == sum(t.handbooks for t in trainings if t.held_on.year == year)
    assert figures["families"] == len(active)
    assert figures["families_helped"] == len(helped)
    assert figures["assistance_fen"] == sum(a.amount_fen for a in aid if a.given_on.year == year)
    # The demo spreads over three years up to today, so this year has data.
    assert figures["unions_founded"] > 0 and figures["families_helped"] > 0


def test_stats_as_text(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "stats", "--year", "2024")
    assert code == 0 and "2024年统计" in out and "建会率：0.0%" in out


def test_check_on_a_sound_database(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "check")
    assert code == 0 and "完好" in out


def test_refusals_exit_1_with_a_one_line_reason(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"PK\x03\x04 a zip file, not a database")
    code, out, err = run(capsys, "--db", str(bad), "check")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "不是 SQLite 数据库" in err
    code, _, err = run(capsys, "--db", str(tmp_path / "missing.sqlite3"), "stats")
    assert code == 1 and "不存在" in err


def test_wrong_usage_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["no-such-command"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["demo", "--enterprises", "-5"])
    assert caught.value.code == 2


def test_module_entry_point_runs_as_a_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "unionapp", "--db", str(tmp_path / "p.sqlite3"), "init"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("p.sqlite3")
