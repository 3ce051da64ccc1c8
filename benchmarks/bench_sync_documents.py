"""Syncing an office with many large documents (证明材料): the peak memory of the first sync of
a PC holding them (bind, push, and the pull of its own changes back) and of a second PC's first
sync (the pull of all of them), each in a process of its own.

Run: uv run python benchmarks/bench_sync_documents.py
       [--url postgresql+psycopg://ADMIN@HOST:PORT/DB] [--documents 40] [--megabytes 5]
The documents are random bytes (they do not compress), one per family. Each sync runs in a
fresh process; its figures are the process's peak resident memory (ru_maxrss) before the sync
(the program and the opened database) and at its end, so the difference is what the sync took.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench_server import server_url
from common import ROOT

sys.path.insert(0, str(ROOT))


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def fill(path: str, documents: int, size: int) -> dict[str, str]:
    """A PC with ``documents`` families, each with one document of ``size`` random bytes;
    returns each document's sha256 by its uid."""
    from unionapp.database import open_database
    from unionapp.models import Attachment
    from unionapp.schema.hardship import FAMILY
    from unionapp.services import records
    from unionapp.validation.idcard import id_check_char

    database = open_database(path, operator="bench")
    digests = {}
    try:
        for number in range(documents):
            data = os.urandom(size)
            with database.write() as session:
                body = f"32011519800101{number:03d}"
                family = records.create(
                    session,
                    FAMILY,
                    {
                        "worker_name": f"职工{number}",
                        "id_number": body + id_check_char(body),
                        "category": "相对困难",
                        "household_size": 1,
                    },
                    records.make_context(session),
                )
                document = Attachment(
                    family_id=family.id,
                    name=f"扫描{number}.pdf",
                    media_type="application/pdf",
                    size=size,
                    sha256=hashlib.sha256(data).hexdigest(),
                    data=data,
                    added_by="bench",
                    added_at=datetime.now(),
                )
                session.add(document)
                session.flush()
                digests[document.uid] = hashlib.sha256(data).hexdigest()
    finally:
        database.close()
    return digests


def sync_worker(args: tuple[str, str]) -> tuple[float, float, float, dict[str, str]]:
    """One PC's sync in a process of its own: (MiB before, MiB peak, seconds, sha256 by uid)."""
    path, url = args
    from sqlalchemy import select

    from unionapp.database import open_database
    from unionapp.models import Attachment
    from unionapp.sync.run import sync

    database = open_database(path, operator="bench")
    try:
        before = peak_mib()
        started = time.perf_counter()
        sync(database, url)
        seconds = time.perf_counter() - started
        peak = peak_mib()
        digests = {}
        with database.read() as session:
            for uid in session.scalars(select(Attachment.uid)).all():
                data = session.scalar(select(Attachment.data).where(Attachment.uid == uid))
                digests[uid] = hashlib.sha256(data or b"").hexdigest()
        return before, peak, seconds, digests
    finally:
        database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--megabytes", type=float, default=5)
    args = parser.parse_args()
    from unionapp.sync.district import add_office, init_server

    size = int(args.megabytes * 1024 * 1024)
    context = multiprocessing.get_context("spawn")
    with server_url(args.url) as url, tempfile.TemporaryDirectory() as tmp:
        init_server(url)
        office = add_office(url, "JN", "江宁街道工会")
        first, second = str(Path(tmp) / "pc1.sqlite3"), str(Path(tmp) / "pc2.sqlite3")
        with context.Pool(1) as pool:
            digests = pool.apply(fill, (first, args.documents, size))
        print(f"office JN: {args.documents} documents of {args.megabytes:g} MiB (random bytes)")
        for label, path in (("first sync (bind, push)", first), ("second PC (pull)", second)):
            with context.Pool(1) as pool:
                before, peak, seconds, found = pool.apply(sync_worker, ((path, office.url),))
            intact = found == digests
            print(
                f"{label}: {seconds:.1f} s, peak RSS {peak:.0f} MiB "
                f"({before:.0f} MiB before the sync, +{peak - before:.0f} MiB); "
                f"documents intact: {intact}"
            )


if __name__ == "__main__":
    main()
