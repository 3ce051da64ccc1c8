"""Print the stress cases the layout tests check (families at the importer's maximum lengths,
15 household members, names in minority scripts; a sign-off sheet of long names, employers and
notes with full card numbers) and turn every page into a PNG to look at.

Run: uv run python docs/render_stress_samples.py
Writes docs/screenshots/stress-form-N.png and stress-signoff-N.png (pdftoppm, or PDFium).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docs.render_pdf_samples import OUT  # noqa: E402
from tests.unionapp.reports.test_form_layout import LONG, family_at_its_limits  # noqa: E402
from unionapp.database import open_database  # noqa: E402
from unionapp.reports.fonts import FontLibrary  # noqa: E402
from unionapp.reports.registry import ReportRequest, print_report  # noqa: E402
from unionapp.schema.hardship import ASSISTANCE, FAMILY  # noqa: E402
from unionapp.services import records  # noqa: E402

FAMILIES = (
    ("བཀྲ་ཤིས་རྡོ་རྗེ་ཚེ་རིང་དབང་འདུས", 15),  # Tibetan: 15 members take a 续页
    ("ئابدۇرېھىم·مەمەتئىمىن", 3),  # Uyghur, right to left
)


def pages(pdf: Path, stem: str) -> list[Path]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    written = []
    for index in range(len(document)):
        target = OUT / f"{stem}-{index + 1}.png"
        document[index].render(scale=80 / 72).to_pil().save(target)
        written.append(target)
    document.close()
    return written


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "stress.sqlite3"))
        with database.write() as session:
            for serial, (name, members) in enumerate(FAMILIES, start=1):
                family_at_its_limits(session, serial, name, members)
            context = records.make_context(session)
            for family_id, note in ((1, LONG * 2), (2, "银行卡挂失补办中，现金发放")):
                family = session.get(FAMILY.model, family_id)
                family.bank_name = "中国农业银行南京江宁支行营业部"
                family.bank_account = "6228480402564890018"
                records.create(
                    session,
                    ASSISTANCE,
                    {
                        "given_on": date.today(),
                        "kind": "送温暖",
                        "amount_fen": "99999.99",
                        "notes": note[:200],
                    },
                    context,
                    parent_id=family_id,
                )
        fonts = FontLibrary()
        with database.read() as session:
            forms = print_report(
                session, ReportRequest("hardship-form"), Path(folder) / "forms.pdf", fonts
            )
            sheet = print_report(
                session,
                ReportRequest("relief-signoff", kind="送温暖", with_bank=True),
                Path(folder) / "signoff.pdf",
                fonts,
            )
        database.close()
        for path in pages(forms, "stress-form") + pages(sheet, "stress-signoff"):
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
