"""Documents (证明材料, up to 20 MB each) sync in batches limited by size as well as by count:
they reach the server and another PC intact, one larger than a batch still goes, and a sync
holds a batch of them at a time, never all of them. The tests lower the batch limit so that
small documents fill a batch (``benchmarks/bench_sync_documents.py`` syncs real sizes)."""

from __future__ import annotations

import hashlib
import random
import tracemalloc
from datetime import datetime

import pytest
from sqlalchemy import select

from tests.district import District
from tests.unionapp.sync.test_sync_scenarios import add_family
from unionapp.database import Database
from unionapp.models import Attachment, HardshipFamily
from unionapp.sync import tables
from unionapp.sync.faults import Faults
from unionapp.sync.run import sync

LIMIT = 256 * 1024  # a batch's change data in these tests; a 150 KiB document is 300 KiB as hex


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "BATCH_BYTES", LIMIT)


class Batches(Faults):
    """Counts the batches a sync pushed and pulled."""

    def __init__(self) -> None:
        self.pushed = 0
        self.pulled = 0

    def after_server_commit(self) -> None:
        self.pushed += 1

    def after_pull_batch(self) -> None:
        self.pulled += 1


def add_document(database: Database, family_uid: str, size: int, seed: int) -> None:
    """A document of ``size`` random bytes (a scan does not compress) under a family."""
    data = random.Random(seed).randbytes(size)
    with database.write() as session:
        family = session.scalar(select(HardshipFamily).where(HardshipFamily.uid == family_uid))
        session.add(
            Attachment(
                family_id=family.id,
                name=f"扫描{seed}.pdf",
                media_type="application/pdf",
                size=size,
                sha256=hashlib.sha256(data).hexdigest(),
                data=data,
                added_by="pc1",
                added_at=datetime.now(),
            )
        )


def documents(database: Database) -> dict[str, str]:
    """Each document's sha256 (of the bytes stored), by uid."""
    with database.read() as session:
        rows = session.execute(select(Attachment.uid, Attachment.data)).all()
    return {uid: hashlib.sha256(data).hexdigest() for uid, data in rows}


def on_server(district: District) -> dict[str, str]:
    rows = district.admin("SELECT uid, encode(sha256(data), 'hex') FROM attachment")
    return {uid: digest for uid, digest in rows}


def test_documents_reach_the_server_and_another_pc_intact_in_batches_limited_by_size(
    district: District,
) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    family = add_family(first, "王芳", 1, members=2)
    for seed in range(3):  # there before the first sync: the binding records them
        add_document(first, family, 150 * 1024, seed)
    counted = Batches()
    sync(first, office.url, faults=counted)
    assert counted.pushed >= 3  # one document a batch: two would pass the limit
    for seed in range(3, 6):  # added after: the change log records them
        add_document(first, family, 150 * 1024, seed)
    counted = Batches()
    sync(first, office.url, faults=counted)
    assert counted.pushed == 3
    counted = Batches()
    sync(second, office.url, faults=counted)
    assert counted.pulled >= 6
    assert len(documents(first)) == 6
    assert documents(first) == on_server(district) == documents(second)
    with second.read() as session:
        [found] = session.scalars(select(HardshipFamily)).all()
        assert len(found.members) == 2


def test_a_document_larger_than_a_batch_still_goes_up_and_down(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    sync(first, office.url)
    family = add_family(first, "王芳", 1)
    add_document(first, family, 3 * LIMIT, seed=7)  # six times the limit, as hex
    counted = Batches()
    sync(first, office.url, faults=counted)
    sync(second, office.url)
    assert counted.pushed == 2  # the family (with its settings), then the document alone
    assert documents(first) == on_server(district) == documents(second)
    assert len(documents(second)) == 1


def peak_of_sync(database: Database, url: str) -> int:
    """The most memory Python objects took during one sync, in bytes."""
    tracemalloc.start()
    try:
        sync(database, url)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_sync_holds_a_batch_of_documents_at_a_time_not_all_of_them(district: District) -> None:
    size, count = 512 * 1024, 24  # 1 MiB as hex: each document is a batch of its own
    warm = district.pc("warm")  # the program's own caches fill here, not in what is measured
    add_document(warm, add_family(warm, "李强", 9), size, seed=99)
    sync(warm, district.office("MC", "秣陵街道工会").url)
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    family = add_family(first, "王芳", 1)
    for seed in range(count):
        add_document(first, family, size, seed)
    pushed = peak_of_sync(first, office.url)
    pulled = peak_of_sync(second, office.url)
    assert documents(second) == documents(first) and len(documents(second)) == count
    # Less than the documents' own bytes together (all of them at once, as hex and parsed, took
    # 80 MB to push and 29 MB to pull; a batch at a time takes under 9 MB, however many).
    assert pushed < count * size and pulled < count * size, (pushed, pulled)
