"""Report fixtures: a demo database with fixed data, and PDF reading helpers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from unionapp.reports.fonts import FontLibrary
from unionapp.reports.registry import ReportRequest, print_report
from unionapp.services.demo import generate

TODAY = date(2024, 11, 20)


@pytest.fixture(scope="session")
def fonts() -> FontLibrary:
    return FontLibrary()


@pytest.fixture
def demo_db(db):
    with db.write() as session:
        generate(session, enterprises=60, families=12, trainings=6, seed=21, today=TODAY)
    return db


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF uses, and whether its program is embedded."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = bool(descriptor) and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


@pytest.fixture
def render(tmp_path, fonts):
    def run(db, name: str, **kwargs) -> Path:
        target = tmp_path / f"{name}.pdf"
        kwargs.setdefault("printed_on", TODAY)
        with db.read() as session:
            return print_report(session, ReportRequest(name, **kwargs), target, fonts)

    return run
