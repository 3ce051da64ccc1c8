"""A writer for the kill test: saves and imports in a loop, printing each one that returned.

Run as: python tests/unionapp/crash_writer.py DB_PATH BATCH_CSV START
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from unionapp.database import open_database
from unionapp.schema.records import ENTERPRISE, VISIT
from unionapp.services import records
from unionapp.spreadsheets.applying import apply_import
from unionapp.spreadsheets.importer import plan_import

BATCH = 20


def main() -> None:
    database = open_database(sys.argv[1])
    template = Path(sys.argv[2]).read_text(encoding="utf-8")
    number = int(sys.argv[3])
    batch_file = Path(sys.argv[1]).with_suffix(f".{number}.csv")
    while True:
        number += 1
        if number % 4 == 0:  # an import: 20 enterprises, all or none
            batch_file.write_text(template.replace("{n}", str(number)), encoding="utf-8")
            with database.write() as session:
                report = plan_import(session, "enterprises", batch_file)
                assert report.ok, report.problems
                apply_import(session, report)
            print(f"import {number}", flush=True)
        else:  # a save: an enterprise and its first visit, in one transaction
            with database.write() as session:
                company = records.create(
                    session,
                    ENTERPRISE,
                    {"name": f"单{number}", "union_status": "未建会", "notes": "x" * 2000},
                    records.make_context(session),
                )
                records.create(
                    session,
                    VISIT,
                    {"visit_date": "2024-01-01"},
                    records.make_context(session),
                    parent_id=company.id,
                )
            print(f"save {number}", flush=True)


if __name__ == "__main__":
    main()
