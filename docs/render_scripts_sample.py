"""Print a hardship form whose family is named in every script the fonts cover, and turn its
first page into docs/screenshots/pdf-scripts.png (to look at the shaping).

Run: uv run python docs/render_scripts_sample.py
Uses pdftoppm (Debian's poppler-utils) when present, PDFium otherwise.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from render_pdf_samples import OUT, to_png  # noqa: E402

from unionapp.database import open_database  # noqa: E402
from unionapp.reports.fonts import FontLibrary  # noqa: E402
from unionapp.reports.registry import ReportRequest, print_report  # noqa: E402
from unionapp.schema.records import ASSISTANCE, FAMILY, MEMBER  # noqa: E402
from unionapp.services import records  # noqa: E402
from unionapp.services.records import make_context  # noqa: E402
from unionapp.validation.idcard import id_check_char  # noqa: E402

WORKER = "扎西·བཀྲ་ཤིས་བདེ་ལེགས"
ADDRESS = "拉萨市 ལྷ་ས་ 呼和浩特 ᠬᠥᠬᠡᠬᠣᠲᠠ 乌鲁木齐 ئۈرۈمچى شەھىرى"
MEMBERS = [
    ("ئايگۈل", "配偶", "ئۈرۈمچى 1-ئوتتۇرا مەكتەپ"),
    ("ᠪᠠᠲᠤ", "子女", "ᠮᠣᠩᠭᠣᠯ ᠰᠤᠷᠭᠠᠭᠤᠯᠢ"),
    ("ꆈꌠꀉꆽ", "子女", "凉山州 ꆃꎭ"),
    ("刘𠇔", "父母", "葛\U000e0100村 王䶮"),
    ("ᥖᥭᥰ ꓡꓲ", "其他", "Tai Le · Lisu"),
    ("王😀", "其他", "emoji: 〓"),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "scripts.sqlite3"))
        with database.write() as session:
            context = make_context(session, today=date(2024, 6, 15))
            body = "54010219800101123"
            family = records.create(
                session,
                FAMILY,
                {
                    "worker_name": WORKER,
                    "id_number": body + id_check_char(body),
                    "ethnicity": "藏族",
                    "category": "深度困难",
                    "address": ADDRESS,
                },
                context,
            )
            for name, relation, school in MEMBERS:
                records.create(
                    session,
                    MEMBER,
                    {"name": name, "relation": relation, "work_or_school": school},
                    context,
                    parent_id=family.id,
                )
            records.create(
                session,
                ASSISTANCE,
                {"given_on": "2024-01-20", "kind": "送温暖", "amount_fen": "800"},
                context,
                parent_id=family.id,
            )
            family_id = family.id
        pdf = Path(folder) / "scripts.pdf"
        with database.read() as session:
            request = ReportRequest("hardship-form", ids=[family_id], printed_on=date(2024, 6, 15))
            print_report(session, request, pdf, FontLibrary())
        database.close()
        to_png(pdf, OUT / "pdf-scripts.png")
        print("docs/screenshots/pdf-scripts.png")


if __name__ == "__main__":
    main()
