"""一户一档: archive numbers, free employers, member ID numbers across households, repeated card
numbers, the category rule, yearly reviews, leaving and coming back, and supporting documents."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from unionapp.audit.reading import history
from unionapp.models import Attachment, HardshipFamily
from unionapp.schema.fields import display
from unionapp.schema.filters import ListQuery
from unionapp.schema.hardship import FAMILY, MEMBER, REVIEW
from unionapp.schema.notices import NoticeKind
from unionapp.services import archive, attachments, records
from unionapp.services.listing import fetch_rows, list_ids
from unionapp.services.reminders import reminders
from unionapp.services.settings import set_setting
from unionapp.validation.idcard import id_check_char

YEAR = date.today().year


def person(serial: int, year: int = 1980) -> str:
    body = f"320115{year}0101{serial:03d}"
    return body + id_check_char(body)


def new_family(db, context_of, serial: int, **values):
    raw = {"worker_name": f"职工{serial}", "id_number": person(serial), "category": "相对困难"}
    with db.write() as session:
        family = records.create(session, FAMILY, raw | values, context_of(session))
        return family.id, family.archive_no


def warnings_for(db, context_of, spec, raw, own_id=None, parent_id=None):
    with db.read() as session:
        _values, warnings = records.validate(
            session, spec, raw, context_of(session), own_id=own_id, parent_id=parent_id
        )
    return warnings


def test_archive_numbers_are_prefix_year_sequence_kept_for_life_and_never_reused(db, context_of):
    first_id, first = new_family(db, context_of, 1)
    assert first == f"DA-{YEAR}-0001"
    with db.write() as session:
        set_setting(session, "archive_prefix", "JN")
    second_id, second = new_family(db, context_of, 2)
    assert second == f"JN-{YEAR}-0001"
    with db.read() as session:  # a new prefix never renumbers what is on file
        assert session.get(HardshipFamily, first_id).archive_no == first
    with db.write() as session:
        records.delete(session, FAMILY, second_id)
    _id, third = new_family(db, context_of, 3)
    assert third == f"JN-{YEAR}-0002"  # the deleted number is not handed out again
    _id, given = new_family(db, context_of, 4, archive_no=f"jn-{YEAR}-0003")
    assert given == f"JN-{YEAR}-0003"  # a number given is kept as given (upper case)
    _id, after = new_family(db, context_of, 5)
    assert after == f"JN-{YEAR}-0004"  # the sequence steps over a number given by hand
    with pytest.raises(records.RecordInvalid, match="档案编号：已有困难职工"):
        new_family(db, context_of, 6, archive_no=given)
    with db.write() as session:  # an edit that blanks the number keeps it
        records.update(session, FAMILY, first_id, {"archive_no": ""}, context_of(session))
        assert session.get(HardshipFamily, first_id).archive_no == first


def test_an_archive_number_may_not_hold_blanks_or_be_too_long(db, context_of) -> None:
    with pytest.raises(records.RecordInvalid, match="不能含空格"):
        new_family(db, context_of, 1, archive_no="JN 2026 1")
    with pytest.raises(records.RecordInvalid, match="不能超过30个字符"):
        new_family(db, context_of, 1, archive_no="X" * 31)


def test_member_id_numbers_are_checked_and_one_seen_elsewhere_is_named(db, context_of) -> None:
    family_id, number = new_family(db, context_of, 1)
    other_id, _ = new_family(db, context_of, 2)
    with db.write() as session:
        records.create(
            session,
            MEMBER,
            {"name": "孩子", "relation": "子女", "id_number": person(7, 2010)},
            context_of(session),
            parent_id=family_id,
        )
    warnings = warnings_for(
        db,
        context_of,
        MEMBER,
        {"name": "同一个孩子", "id_number": person(7, 2010)},
        parent_id=other_id,
    )
    notice = warnings["id_number"]
    assert notice.kind is NoticeKind.SHARED_ID and number in notice.message
    assert person(7, 2010) not in notice.message  # named masked
    warnings = warnings_for(
        db,
        context_of,
        MEMBER,
        {"name": "是另一户的职工", "id_number": person(1)},
        parent_id=other_id,
    )
    assert "的职工" in warnings["id_number"].message
    warnings = warnings_for(
        db,
        context_of,
        FAMILY,
        {"worker_name": "新职工", "id_number": person(7, 2010), "category": "相对困难"},
    )
    assert "的家庭成员" in warnings["id_number"].message
    with pytest.raises(records.RecordInvalid, match="校验位错误"), db.write() as session:
        bad = person(8, 2012)[:17] + ("0" if person(8, 2012)[17] != "0" else "1")
        records.create(
            session,
            MEMBER,
            {"name": "错号", "id_number": bad},
            context_of(session),
            parent_id=family_id,
        )
    with db.write() as session:  # a member without a number is fine; birth date as entered
        member = records.create(
            session,
            MEMBER,
            {"name": "老人", "birth_date": "1950-03-01"},
            context_of(session),
            parent_id=family_id,
        )
        assert member.birth_date == date(1950, 3, 1) and member.id_number == ""
        member = records.create(
            session,
            MEMBER,
            {"name": "有号", "id_number": person(9, 2011)},
            context_of(session),
            parent_id=family_id,
        )
        assert member.birth_date == date(2011, 1, 1)  # follows from the number


def test_repeated_card_and_membership_numbers_are_warnings(db, context_of) -> None:
    card = "6217001234567890123"
    _id, first = new_family(
        db, context_of, 1, bank_account=card, union_member="是", member_card_no="JN0001"
    )
    warnings = warnings_for(
        db,
        context_of,
        FAMILY,
        {
            "worker_name": "乙",
            "id_number": person(2),
            "category": "相对困难",
            "bank_account": "6217 0012 3456 7890 123",
            "union_member": "是",
            "member_card_no": "JN0001",
        },
    )
    assert (
        warnings["bank_account"].kind is NoticeKind.REPEATED
        and first in warnings["bank_account"].message
    )
    assert warnings["member_card_no"].kind is NoticeKind.REPEATED
    new_family(db, context_of, 2, bank_account=card)  # a warning never stops the save
    with pytest.raises(records.RecordInvalid, match="应为12到19位数字"):
        new_family(db, context_of, 3, bank_account="1234")
    assert display(FAMILY.field("bank_account"), card) == "6217***********0123"
    assert display(FAMILY.field("bank_account"), card, reveal=True) == card


def test_the_category_follows_the_income_rule_once_the_dibao_line_is_set(db, context_of):
    raw = {
        "worker_name": "甲",
        "id_number": person(1),
        "household_size": 2,
        "annual_income_fen": "24000",
        "medical_expense_fen": "0",
    }
    assert warnings_for(db, context_of, FAMILY, raw | {"category": "深度困难"}) == {}
    with db.write() as session:
        set_setting(session, "dibao_line_fen", "90000")  # 900 元 a month per person
    # (24,000 − 0) ÷ 12 ÷ 2 = 1,000 元 a head: above the line, below twice it
    notice = warnings_for(db, context_of, FAMILY, raw | {"category": "深度困难"})["category"]
    assert notice.kind is NoticeKind.CATEGORY_RULE and "不低于低保线" in notice.message
    assert warnings_for(db, context_of, FAMILY, raw | {"category": "相对困难"}) == {}
    costly = raw | {"category": "意外致困", "medical_expense_fen": "20000"}
    assert warnings_for(db, context_of, FAMILY, costly) == {}  # 20,000 > 80 % of 24,000
    cheap = raw | {"category": "意外致困", "medical_expense_fen": "1000"}
    assert "80%" in warnings_for(db, context_of, FAMILY, cheap)["category"].message


def test_reviews_exits_and_reopening_drive_reminders_and_the_active_list(db, context_of):
    today = date(YEAR, 6, 15)
    reviewed_id, _ = new_family(db, context_of, 1)
    waiting_id, _ = new_family(db, context_of, 2)
    leaving_id, _ = new_family(db, context_of, 3)
    with db.write() as session:
        for family_id, outcome in ((reviewed_id, "继续在档"), (leaving_id, "脱困")):
            raw = {"review_date": date(YEAR, 3, 1), "reviewer": "审核员", "outcome": outcome}
            records.create(session, REVIEW, raw, context_of(session), parent_id=family_id)
    with db.read() as session:
        family = session.get(HardshipFamily, leaving_id)
        assert (family.status, family.exit_date) == ("已脱困", date(YEAR, 3, 1))
        assert session.get(HardshipFamily, reviewed_id).reviewed_on == date(YEAR, 3, 1)
        due = {r.record_id for r in reminders(session, today) if r.kind == "review"}
        active = list_ids(session, FAMILY, ListQuery(filters={"status": "在档"}, today=today))
        next_year = reminders(session, date(YEAR + 1, 1, 10))
        names = {i: session.get(HardshipFamily, i).worker_name for i in (reviewed_id, waiting_id)}
    assert due == {waiting_id}  # the one that left is no longer due for a review
    assert {r.record_id: r.text for r in next_year if r.kind == "review"} == {
        reviewed_id: f"{names[reviewed_id]}：今年尚未复核（上次 {YEAR}-03-01）",
        waiting_id: f"{names[waiting_id]}：今年尚未复核（上次 从未复核）",
    }
    assert sorted(active) == sorted([reviewed_id, waiting_id])
    with db.write() as session:
        archive.reopen(session, leaving_id, date(YEAR, 6, 1), "再次因病致困")
    with db.read() as session:
        family = session.get(HardshipFamily, leaving_id)
        assert (family.status, family.exit_date, family.category_since) == (
            "在档",
            None,
            date(YEAR, 6, 1),
        )
        assert "再次因病致困" in family.notes
        changes = " ".join(e.changes for e in history(session, "family", leaving_id))
    assert "已脱困" in changes  # the exit stays in the audit log
    refused = pytest.raises(records.RecordInvalid, match="脱困/退档日期：状态不是“在档”时必填")
    with refused, db.write() as session:
        records.update(session, FAMILY, waiting_id, {"status": "已退档"}, context_of(session))


def test_documents_are_kept_checked_counted_and_never_copied_into_the_log(db, context_of, tmp_path):
    family_id, _ = new_family(db, context_of, 1)
    scan = tmp_path / "低保证 扫描件.jpg"
    scan.write_bytes(b"\xff\xd8\xff" + os.urandom(300_000))
    with db.write() as session:
        attachment = attachments.add_file(session, family_id, scan, note="2024年低保证")
        assert attachment.media_type == "image/jpeg" and attachment.size == scan.stat().st_size
    with db.read() as session:
        assert [a.name for a in attachments.listed(session, family_id)] == ["低保证 扫描件.jpg"]
        row = fetch_rows(session, FAMILY, [family_id], (FAMILY.field("attachment_count"),))
        assert row[family_id]["attachment_count"] == 1
        copy = attachments.save_copy(session, attachment.id, tmp_path / "打开")
        logged = " ".join(e.changes for e in history(session, "attachment"))
    assert copy.read_bytes() == scan.read_bytes()
    assert "字节" in logged and len(logged) < 2000
    big = tmp_path / "太大.pdf"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(records.RefusedError, match="超过每份 20 MB"), db.write() as session:
        attachments.add_file(session, family_id, big)
    if sys.platform != "win32":
        fifo = tmp_path / "管道.pdf"
        os.mkfifo(fifo)
        with pytest.raises(records.RefusedError, match="不是普通文件"), db.write() as session:
            attachments.add_file(session, family_id, fifo)
    with db.write() as session:
        attachments.remove(session, attachment.id)
    with db.read() as session:
        assert session.scalar(select(func.count(Attachment.id))) == 0


def test_documents_survive_backup_and_restore_and_are_encrypted_there(
    encrypted_db, context_of, tmp_path: Path
):
    from unionapp.safety.backups import backup_to
    from unionapp.safety.restoring import restore_from

    db = encrypted_db
    family_id, _ = new_family(db, context_of, 1)
    secret = "收入证明：月收入八百元".encode() * 100
    scan = tmp_path / "收入证明.txt"
    scan.write_bytes(secret)
    with db.write() as session:
        attachments.add_file(session, family_id, scan)
    copy = backup_to(db.path, tmp_path / "备份.sqlite3", db.key)
    assert secret[:30] not in copy.read_bytes() and secret[:30] not in db.path.read_bytes()
    with db.write() as session:
        session.execute(Attachment.__table__.delete())
    keyring, anchors = db.keyring, db.anchors
    db.close()
    restore_from(db.path, copy, keyring, anchors=anchors)
    from unionapp.database import open_database

    database = open_database(str(db.path), password=keyring)
    with database.read() as session:
        (info,) = attachments.listed(session, family_id)
        assert attachments.save_copy(session, info.id, tmp_path / "出").read_bytes() == secret
    database.close()


def test_income_per_head_is_one_figure_in_the_list_the_form_and_the_rule(db, context_of) -> None:
    """月人均收入 as the list's SQL sorts by it equals what the form and the category rule read,
    also when rigid expenses exceed the income (a negative figure, divided toward zero)."""
    cases = [  # (annual income, medical, schooling, household size) in fen
        (3_600_000, 0, 0, 3),
        (1_000_001, 0, 0, 7),
        (500_000, 700_001, 0, 3),  # expenses over the income
        (0, 130_000, 20_003, 4),
        (10_000, 10_000, 0, 1),
    ]
    ids = {}
    for serial, (income, medical, schooling, size) in enumerate(cases, start=40):
        family_id, _number = new_family(
            db,
            context_of,
            serial,
            annual_income_fen=f"{income / 100:.2f}",
            medical_expense_fen=f"{medical / 100:.2f}",
            schooling_expense_fen=f"{schooling / 100:.2f}",
            household_size=size,
        )
        ids[family_id] = (income, medical, schooling, size)
    with db.read() as session:
        listed = dict(
            session.execute(select(HardshipFamily.id, HardshipFamily.income_per_head_fen)).all()
        )
        order = list_ids(session, FAMILY, ListQuery(sort="income_per_head_fen"))
    for family_id, (income, medical, schooling, size) in ids.items():
        values = dict(
            zip(archive.INCOME_PER_HEAD_FIELDS, (income, medical, schooling, size), strict=True)
        )
        assert listed[family_id] == archive.income_per_head_fen(values), (income, size)
    assert [listed[i] for i in order] == sorted(listed.values())
    assert min(listed.values()) == -(200_001 // 36)  # toward zero, not -5556
