"""Print one of each document from a demo database and turn its first page into a PNG.

Run: uv run python docs/render_pdf_samples.py
Uses pdftoppm (Debian's poppler-utils) when present, PDFium otherwise.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from unionapp.database import open_database  # noqa: E402
from unionapp.reports.fonts import FontLibrary  # noqa: E402
from unionapp.reports.registry import ReportRequest, print_report  # noqa: E402
from unionapp.services.demo import generate  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SAMPLES = {
    "hardship-form": dict(ids=[3]),
    "relief-signoff": dict(kind="送温暖"),
    "student-aid": {},
    "survey": {},
    "congress": {},
    "training-signin": dict(ids=[2]),
    "training-attendance": dict(ids=[1]),
    "annual": {},
}


def to_png(pdf: Path, png: Path) -> None:
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(png.with_suffix("")),
            ],
            check=True,
        )
        return
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    document[0].render(scale=80 / 72).to_pil().save(png)
    document.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "demo.sqlite3"))
        with database.write() as session:
            generate(session, enterprises=300, families=60, trainings=12, seed=11)
        fonts = FontLibrary()
        with database.read() as session:
            for name, options in SAMPLES.items():
                pdf = Path(folder) / f"{name}.pdf"
                print_report(session, ReportRequest(name, **options), pdf, fonts)
                to_png(pdf, OUT / f"pdf-{name}.png")
                print(f"docs/screenshots/pdf-{name}.png")
        database.close()


if __name__ == "__main__":
    main()
