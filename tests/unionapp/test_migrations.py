"""Each schema revision is applied to a filled database of the revision before it: counts and a
sample record come through unchanged (or changed exactly as the revision says)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from tests.unionapp.test_database import migrate_to
from unionapp.database import open_database
from unionapp.db.revision import HEAD_REVISION
from unionapp.db.sqlite import driver
from unionapp.models import (
    Assistance,
    Enterprise,
    FamilyReview,
    HardshipFamily,
    HouseholdMember,
)
from unionapp.safety.checking import check_database
from unionapp.validation.idcard import id_check_char

FAMILIES = 300


def fill_revision_0003(path: Path) -> None:
    """A street's data as the program at revision 0003 kept it (raw rows, as its tables were)."""
    rng = random.Random(3)
    migrate_to(path, "0003")
    connection = driver.connect(str(path))
    for n in range(1, 21):
        connection.execute(
            "INSERT INTO enterprise (id, name, credit_code_confirmed, ownership, industry, "
            "community, address, contact, phone, staff_count, migrant_count, above_scale, "
            "union_status, union_chair, member_count, affairs_public, safety_accidents, notes)"
            " VALUES (?, ?, 0, '私营', '', '', '', '', '', 50, 5, 0, '已建会', '', 40, 0, 0, '')",
            (n, f"南京第{n}机械有限公司"),
        )
    start = datetime(2023, 1, 5, 9, 0)
    for n in range(1, FAMILIES + 1):
        body = f"32011519{70 + n % 30:02d}0101{n % 1000:03d}"
        reasons = "、".join(rng.sample(("因病", "因残", "因学", "失业"), rng.randint(1, 3)))
        connection.execute(
            "INSERT INTO family (id, worker_name, id_number, gender, birth_date, ethnicity, "
            "enterprise_id, union_member, health, address, phone, household_size, "
            "monthly_income_fen, category, reasons, reason_detail, status, reviewed_on, notes, "
            "created_at, updated_at) VALUES (?, ?, ?, '男', '1980-01-01', '汉族', ?, 1, '健康', "
            "'江宁街道', '', ?, ?, '相对困难', ?, '', ?, ?, '', ?, ?)",
            (
                n,
                f"职工{n}",
                body + id_check_char(body),
                rng.choice([None, *range(1, 21)]),
                rng.randint(1, 5),
                rng.randint(1000, 5000) * 100,
                reasons,
                rng.choice(("在档", "在档", "已脱困", "已退出")),
                rng.choice((None, "2024-03-01")),
                (start + timedelta(days=n * 2)).isoformat(" "),
                (start + timedelta(days=n * 2)).isoformat(" "),
            ),
        )
        for m in range(rng.randint(0, 3)):
            connection.execute(
                "INSERT INTO household_member (family_id, name, relation, work_or_school, "
                "monthly_income_fen, health) VALUES (?, ?, '子女', '江宁小学', 0, '健康')",
                (n, f"子女{n}-{m}"),
            )
        connection.execute(
            "INSERT INTO assistance (family_id, given_on, kind, amount_fen, fund_source, in_kind, "
            "round_name, student_name, school, notes) VALUES (?, '2024-01-20', '送温暖', 80000, "
            "'', '', '2024年春节', '', '', '')",
            (n,),
        )
    connection.commit()
    connection.close()


def counts(session) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Enterprise, HardshipFamily, HouseholdMember, Assistance)
    )


def test_0004_keeps_every_family_and_gives_each_an_archive_number(tmp_path: Path) -> None:
    path = tmp_path / "街道.sqlite3"
    fill_revision_0003(path)
    raw = driver.connect(str(path))
    before = {
        row[0]: row
        for row in raw.execute(
            "SELECT f.id, f.monthly_income_fen, f.reasons, f.status, f.reviewed_on, e.name "
            "FROM family f LEFT JOIN enterprise e ON e.id = f.enterprise_id"
        )
    }
    tables = tuple(
        raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("enterprise", "family", "household_member", "assistance")
    )
    raw.close()

    database = open_database(str(path))
    assert check_database(database) == []
    with database.read() as session:
        assert counts(session) == tables
        families = list(session.scalars(select(HardshipFamily).order_by(HardshipFamily.id)))
        reviews = session.scalar(select(func.count(FamilyReview.id)))
    database.close()
    assert reviews == sum(1 for row in before.values() if row[4])
    numbers = [f.archive_no for f in families]
    assert len(set(numbers)) == FAMILIES
    assert numbers[0] == "DA-2023-0001" and numbers[-1].startswith("DA-2024-")  # creation order
    for family in families:
        _id, monthly, reasons, status, reviewed, employer = before[family.id]
        parts = reasons.split("、")
        assert family.old_archive_no == f"{family.id:06d}"  # the number the paper form shows
        assert family.annual_income_fen == monthly * 12
        assert (family.main_reason, family.reasons) == (parts[0], "、".join(parts[1:]))
        assert family.status == ("已退档" if status == "已退出" else status)
        assert family.employer == (employer or "")
        assert (family.enterprise_id is None) == (employer is None)  # links kept
        assert family.reviewed_on == (date.fromisoformat(reviewed) if reviewed else None)
    assert len(list(tmp_path.glob(f"街道.before-{HEAD_REVISION}-*.sqlite3"))) == 1
