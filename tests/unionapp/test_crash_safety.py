"""Killing the program mid-write loses nothing that was saved and leaves nothing half-written."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from tests.unionapp.crash_writer import BATCH
from unionapp.db.sqlite import driver as sqlite3  # the program's own SQLite (SQLCipher)

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 12
TEMPLATE = "企业名称,建会情况,职工人数\n" + "".join(
    f"批{{n}}-{i},已建会,{i}\n" for i in range(BATCH)
)


def test_sigkill_at_random_moments_keeps_every_returned_save_whole(db_path: Path) -> None:
    template = db_path.with_name("batch-template.csv")
    template.write_text(TEMPLATE, encoding="utf-8")
    rng = random.Random(20241124)
    confirmed: list[str] = []
    started = time.monotonic()
    next_number = 0
    for _kill in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(db_path), str(template), str(next_number)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Started (however slowly: Python under Wine takes seconds) and saving: kill it at
        # a random moment of its work.
        first = writer.stdout.readline()
        time.sleep(rng.uniform(0, 1.0))
        writer.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        out, err = writer.communicate(timeout=30)
        assert first and "Traceback" not in err, err
        lines = (first + out).split()
        confirmed += [f"{kind} {n}" for kind, n in zip(lines[::2], lines[1::2], strict=False)]
        next_number += 1000  # each run writes its own names
        _check(db_path, confirmed)
        assert time.monotonic() - started < 300
    print(f"{len(confirmed)} confirmed writes across {KILLS} kills")
    assert len(confirmed) > KILLS  # the writer did get work done between kills


def _check(path: Path, confirmed: list[str]) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        names = {row[0] for row in conn.execute("SELECT name FROM enterprise")}
        visits = dict(
            conn.execute(
                "SELECT e.name, count(v.id) FROM enterprise e LEFT JOIN visit v ON v.enterprise_id = e.id"
                " GROUP BY e.id"
            ).fetchall()
        )
        audited = {
            row[0]
            for row in conn.execute(
                "SELECT row_id FROM audit_log WHERE table_name='enterprise' AND action='insert'"
            )
        }
        imports = conn.execute(  # an import's entry holds its records from row_id on
            "SELECT row_id, json_extract(changes, '$.count') FROM audit_log "
            "WHERE table_name='enterprise' AND action='import'"
        )
        for first, count in imports:
            audited |= set(range(first, first + count))
        ids = dict(conn.execute("SELECT name, id FROM enterprise"))
    finally:
        conn.close()
    for item in confirmed:
        kind, number = item.split()
        if kind == "save":
            assert f"单{number}" in names, item
        else:
            assert all(f"批{number}-{i}" in names for i in range(BATCH)), item
    # Nothing half-written: every saved enterprise has its visit, every batch is complete,
    # and every row has its audit entry (written in the same transaction).
    for name in names:
        if name.startswith("单"):
            assert visits[name] == 1, name
        assert ids[name] in audited, name
    batches: dict[str, int] = {}
    for name in names:
        if name.startswith("批"):
            batch = name.split("-")[0]
            batches[batch] = batches.get(batch, 0) + 1
    assert all(count == BATCH for count in batches.values()), batches
