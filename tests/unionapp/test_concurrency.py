"""Several clerks on one database at once (two program copies on one SQLite file, or two PCs on
PostgreSQL), each as its own Database in its own thread: a record changed by one is never
overwritten silently by the other, and writes made at the same moment neither collide on ids
or archive numbers nor break the audit log's chain."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import exc, func, select, text
from sqlalchemy.orm.exc import StaleDataError

from unionapp.database import Database, open_database
from unionapp.models import Enterprise, HardshipFamily
from unionapp.safety.checking import check_database
from unionapp.schema.records import ENTERPRISE, FAMILY
from unionapp.services import records
from unionapp.services.errors import RecordChanged, RecordInvalid
from unionapp.spreadsheets.applying import apply_import
from unionapp.spreadsheets.importer import plan_import
from unionapp.validation.idcard import id_check_char


@pytest.fixture
def second(db: Database) -> Iterator[Database]:
    """Another clerk's program on the same database."""
    other = open_database(db.location.target, operator="第二位")
    yield other
    other.close()


def add_enterprise(db: Database, name: str = "南京华泰科技有限公司") -> int:
    with db.write() as session:
        raw = {"name": name, "union_status": "已建会"}
        return records.create(session, ENTERPRISE, raw, records.make_context(session)).id


def contact_of(db: Database, enterprise_id: int) -> tuple[str, int]:
    with db.read() as session:
        company = session.get(Enterprise, enterprise_id)
        return company.contact, company.version


def save_contact(db: Database, enterprise_id: int, contact: str, version: int | None) -> None:
    with db.write() as session:
        records.update(
            session,
            ENTERPRISE,
            enterprise_id,
            {"contact": contact},
            records.make_context(session),
            expected_version=version,
        )


def at_once(*jobs: Callable[[], object]) -> list[object]:
    """Run the jobs in threads released together; each result, or the exception it raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        barrier.wait()
        try:
            results[index] = job()
        except Exception as error:  # the outcome under test
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_a_form_opened_before_someone_elses_save_cannot_overwrite_it(db, second) -> None:
    company = add_enterprise(db)
    with db.read() as session:
        opened = records.current_version(session, ENTERPRISE, company)  # the form opens
    save_contact(second, company, "李四", version=opened)  # another clerk saves first
    with pytest.raises(RecordChanged) as caught:
        save_contact(db, company, "张三", version=opened)
    assert caught.value.spec is ENTERPRISE and caught.value.record_id == company
    assert "已被其他人修改" in str(caught.value) and "重新打开" in str(caught.value)
    assert contact_of(db, company) == ("李四", opened + 1)
    save_contact(db, company, "张三", version=opened + 1)  # reopened: the save goes through
    assert contact_of(db, company) == ("张三", opened + 2)


def test_two_clerks_saving_the_same_record_at_once_one_is_told(db, second) -> None:
    company = add_enterprise(db)
    _contact, opened = contact_of(db, company)
    results = at_once(
        lambda: save_contact(db, company, "张三", opened),
        lambda: save_contact(second, company, "李四", opened),
    )
    saved = [name for name, result in zip(("张三", "李四"), results, strict=True) if result is None]
    refused = [result for result in results if isinstance(result, RecordChanged)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert contact_of(db, company) == (saved[0], opened + 1)
    assert check_database(db) == []  # both clerks' entries in one unbroken chain


def test_a_delete_of_a_record_changed_since_it_was_opened_is_refused(db, second) -> None:
    company = add_enterprise(db)
    _contact, opened = contact_of(db, company)
    save_contact(second, company, "李四", opened)
    with pytest.raises(RecordChanged), db.write() as session:
        records.delete(session, ENTERPRISE, company, expected_version=opened)
    with db.write() as session:
        records.delete(session, ENTERPRISE, company, expected_version=opened + 1)
    with pytest.raises(RecordChanged):  # gone meanwhile: the form is told, not a crash
        save_contact(second, company, "王五", opened + 1)


def test_the_database_itself_refuses_a_write_over_a_row_changed_since_it_was_read(
    db, second
) -> None:
    """Without the form's version (a session that read first and writes later, outside the
    write lock), the UPDATE's own version check stops it: PostgreSQL matches no row, SQLite
    refuses to write from a stale snapshot."""
    company = add_enterprise(db)
    session = db.session()
    try:
        with session.begin():
            stale = session.get(Enterprise, company)
            save_contact(second, company, "李四", None)
            stale.contact = "张三"
            refusal = StaleDataError if db.path is None else exc.OperationalError
            with pytest.raises(refusal):
                session.flush()
    except (StaleDataError, exc.OperationalError):
        pass  # the rollback after the refused flush
    finally:
        session.close()
    assert contact_of(db, company)[0] == "李四"


def wait_until_blocked(db: Database) -> None:
    """Until another session waits for a lock (PostgreSQL), or a moment (SQLite)."""
    if db.path is not None:
        time.sleep(0.3)
        return
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with db.engine.connect() as connection:
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar()
        if waiting:
            return
        time.sleep(0.02)
    raise AssertionError("the second clerk never waited")


def test_a_unique_value_saved_by_another_clerk_meanwhile_names_the_field(db, second) -> None:
    """Two saves outside the write lock both pass the uniqueness check before either commits;
    the database refuses the later one, and the clerk reads which field and why (PostgreSQL
    names the constraint; on SQLite the later writer fails on its outdated snapshot)."""
    from tests.unionapp.test_records import CODE

    raw = {"union_status": "已建会", "credit_code": CODE}
    first = db.session()
    first.begin()
    records.create(first, ENTERPRISE, dict(raw, name="甲公司"), records.make_context(first))
    outcome: list[Exception] = []

    def other_clerk() -> None:
        session = second.session()
        try:
            with session.begin():
                context = records.make_context(session)
                records.create(session, ENTERPRISE, dict(raw, name="乙公司"), context)
        except Exception as error:  # the outcome under test
            outcome.append(error)
        finally:
            session.close()

    thread = threading.Thread(target=other_clerk)
    thread.start()
    wait_until_blocked(db)
    first.commit()
    first.close()
    thread.join(30)
    assert len(outcome) == 1
    if db.path is None:
        assert isinstance(outcome[0], RecordInvalid)
        message = outcome[0].errors["credit_code"]
        assert message.startswith("统一社会信用代码：") and "同事" in message
    else:
        assert isinstance(outcome[0], exc.OperationalError)
    with db.read() as session:
        assert list(session.scalars(select(Enterprise.name))) == ["甲公司"]


def person_id(clerk: int, n: int) -> str:
    body = f"32011519{70 + clerk:02d}0101{n:03d}"  # a birth year per clerk
    return body + id_check_char(body)


def import_families(database: Database, path: Path) -> int:
    with database.write() as session:
        report = plan_import(session, "families", path)
        assert report.ok, [str(p) for p in report.problems][:3]
        return apply_import(session, report).added


def test_two_clerks_importing_at_once_get_their_own_ids_and_archive_numbers(
    db, second, tmp_path
) -> None:
    files = []
    for clerk in (1, 2):
        path = tmp_path / f"clerk{clerk}.csv"
        lines = ["姓名,身份证号,困难类别,家庭人口"]
        lines += [f"职工{clerk}-{n},{person_id(clerk, n)},相对困难,3" for n in range(150)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    results = at_once(
        lambda: import_families(db, files[0]), lambda: import_families(second, files[1])
    )
    assert results == [150, 150]
    with db.read() as session:
        rows = session.execute(select(HardshipFamily.archive_no, HardshipFamily.worker_name)).all()
        assert session.scalar(select(func.count(func.distinct(HardshipFamily.archive_no)))) == 300
    assert len(rows) == 300
    assert check_database(db) == []
    with db.write() as session:  # the next save after both still gets a fresh id and number
        family = records.create(
            session,
            FAMILY,
            {"worker_name": "王五", "id_number": person_id(3, 1), "category": "相对困难"},
            records.make_context(session),
        )
        assert family.archive_no not in {row[0] for row in rows}
