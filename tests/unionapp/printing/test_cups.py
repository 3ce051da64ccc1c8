"""``print NAME`` through a real CUPS scheduler: the queue receives the PDF itself (not a page
bitmap), with the copies, sides and paper asked for; refusals exit 1 with a one-line reason."""

from __future__ import annotations

import sys
from pathlib import Path

import pymupdf
import pytest

from tests.cups_server import LPADMIN, CupsServer
from unionapp.audit.reading import history
from unionapp.cli.main import main
from unionapp.database import open_database

LIMIT = 10 * 1024 * 1024  # a hundred forms must not become a hundred page images


@pytest.fixture(scope="module")
def hundred_families(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    code = main(["--db", str(path), "demo", "--enterprises", "20", "--families", "100"])
    assert code == 0
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def job_id(out: str) -> str:
    assert out.startswith("已送交打印机，打印任务 "), out
    return out.split()[-1]


def test_a_hundred_forms_reach_the_queue_as_the_pdf_itself(
    capsys, cups: CupsServer, queue: str, hundred_families: Path
) -> None:
    code, out, err = run(
        capsys,
        "--db",
        str(hundred_families),
        "print",
        "hardship-form",
        "--printer",
        queue,
        "--copies",
        "2",
        "--duplex",
        "long-edge",
    )
    assert code == 0, err
    job = cups.job(job_id(out))
    assert job.data.startswith(b"%PDF-") and len(job.data) < LIMIT
    assert job.copies == 2
    options = job.options.split()
    assert "sides=two-sided-long-edge" in options and "media=A4" in options
    assert "collate" in options  # CUPS writes a true boolean option as its bare name
    assert job.title == "困难职工帮扶救助申请审批表"
    with pymupdf.open(stream=job.data, filetype="pdf") as document:
        assert len(document) >= 100
        text = document[0].get_text()
        assert "困难职工帮扶救助申请审批表" in text  # text, not an image of text
        assert not document[0].get_images()


def test_full_numbers_printed_are_audited(
    capsys, cups: CupsServer, queue: str, hundred_families: Path
) -> None:
    code, out, err = run(
        capsys,
        "--db",
        str(hundred_families),
        "print",
        "relief-signoff",
        "--with-bank",
        "--printer",
        queue,
    )
    assert code == 0, err
    job = cups.job(job_id(out))
    assert "sides=one-sided" in job.options.split()
    database = open_database(str(hundred_families))
    with database.read() as session:
        assert [entry.action for entry in history(session, "family")][:1] == ["disclose"]
    database.close()


def test_an_unknown_printer_is_named_and_nothing_is_sent(
    capsys, cups: CupsServer, queue: str, hundred_families: Path
) -> None:
    before = sorted(cups.out.iterdir())
    code, out, err = run(
        capsys, "--db", str(hundred_families), "print", "hardship-form", "--printer", "nope"
    )
    assert code == 1 and out == ""
    assert err.strip() == "错误：没有名为“nope”的打印机"
    assert sorted(cups.out.iterdir()) == before


def test_no_default_printer_says_how_to_choose_one(
    capsys, cups: CupsServer, hundred_families: Path
) -> None:
    code, _, err = run(capsys, "--db", str(hundred_families), "print", "hardship-form")
    assert code == 1
    assert "没有默认打印机" in err and "--printer" in err


def test_the_default_printer_is_used_when_none_is_named(
    capsys, cups: CupsServer, hundred_families: Path
) -> None:
    cups.add_queue("frontdesk", default=True)
    try:
        code, out, err = run(capsys, "--db", str(hundred_families), "print", "hardship-form")
        assert code == 0, err
        assert job_id(out).startswith("frontdesk-")
        assert cups.job(job_id(out)).data.startswith(b"%PDF-")
    finally:
        cups.run(LPADMIN, "-x", "frontdesk")


def test_a_queue_refusing_jobs_gives_the_print_systems_reason(
    capsys, cups: CupsServer, queue: str, hundred_families: Path
) -> None:
    cups.run("cupsreject", "-r", "toner empty", queue)
    code, out, err = run(
        capsys, "--db", str(hundred_families), "print", "hardship-form", "--printer", queue
    )
    assert code == 1 and out == ""
    assert err.startswith("错误：打印系统拒绝了这个打印任务：") and "\n" not in err.strip()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has its own print system")
def test_without_a_print_system_the_clerk_is_told_to_install_one(
    capsys, tmp_path: Path, hundred_families: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = run(
        capsys, "--db", str(hundred_families), "print", "hardship-form", "--printer", "x"
    )
    assert code == 1
    assert "找不到打印系统" in err
