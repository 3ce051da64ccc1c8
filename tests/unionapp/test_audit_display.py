"""The audit log read back for the clerk: labels, amounts in yuan, yes and no, enterprises by
name, dates as dates, numbers as masked as they were stored, and every entry attributed."""

from __future__ import annotations

from datetime import date

from unionapp.audit.display import NO_OPERATOR, Reader
from unionapp.audit.reading import history
from unionapp.schema.hardship import ASSISTANCE, FAMILY
from unionapp.schema.records import CONGRESS, ENTERPRISE
from unionapp.services import records
from unionapp.validation.idcard import id_check_char

BODY = "32011519800101002"
ID = BODY + id_check_char(BODY)


def read(db, table: str):  # type: ignore[no-untyped-def]
    with db.read() as session:
        reader = Reader(session)
        return [reader.entry(entry) for entry in history(session, table)]


def test_values_read_as_the_lists_show_them(db, context_of) -> None:
    with db.write() as session:
        context = context_of(session)
        records.create(
            session, ENTERPRISE, {"name": "南京甲机械有限公司", "union_status": "已建会"}, context
        )
        context = context_of(session)
        records.create(
            session,
            CONGRESS,
            {
                "enterprise_id": "南京甲机械有限公司",
                "year": 2024,
                "status": "已召开",
                "held_date": "2024-05-06",
            },
            context,
        )
        family = records.create(
            session,
            FAMILY,
            {
                "worker_name": "王芳",
                "id_number": ID,
                "category": "相对困难",
                "single_parent": "是",
                "household_size": 3,
            },
            context,
        )
        aid = records.create(
            session,
            ASSISTANCE,
            {"given_on": date(2024, 1, 20), "kind": "送温暖", "amount_fen": "1500"},
            context,
            parent_id=family.id,
        )
    with db.write() as session:
        records.update(session, ASSISTANCE, aid.id, {"amount_fen": "1800.5"}, context_of(session))
    congress = read(db, "congress")[0].summary
    assert "企业名称：南京甲机械有限公司" in congress and not congress.startswith("id")
    assert "召开日期：2024-05-06" in congress
    changed, added = read(db, "assistance")[:2]
    assert changed.action == "修改" and changed.summary == "金额(元)：1,500.00 → 1,800.50"
    assert "发放日期：2024-01-20" in added.summary
    family_entry = read(db, "family")[-1].summary
    assert "单亲家庭：是" in family_entry and "True" not in family_entry
    assert ID not in family_entry and "320115" in family_entry  # masked as stored
    assert "出生日期：1980" in family_entry and "1980-01-01" not in family_entry
    assert all(entry.operator == "测试员" for entry in read(db, "family"))


def test_an_enterprise_deleted_since_is_named_as_gone(db, context_of) -> None:
    with db.write() as session:
        company = records.create(
            session, ENTERPRISE, {"name": "乙公司", "union_status": "已建会"}, context_of(session)
        )
        records.create(
            session,
            CONGRESS,
            {"enterprise_id": "乙公司", "year": 2024, "status": "计划中"},
            context_of(session),
        )
    with db.write() as session:
        records.delete(session, CONGRESS, 1)
        records.delete(session, ENTERPRISE, company.id)
    deleted = read(db, "congress")[0]
    assert deleted.action == "删除" and f"编号 {company.id}（已删除）" in deleted.summary


def test_an_entry_without_an_operator_says_so(db_path) -> None:
    from unionapp.database import open_database
    from unionapp.models import AuditEntry

    database = open_database(str(db_path))
    with database.write() as session:
        session.info["operator"] = ""
        records.create(
            session,
            ENTERPRISE,
            {"name": "丙公司", "union_status": "未建会"},
            records.make_context(session),
        )
    with database.read() as session:
        entry = session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
        assert Reader(session).entry(entry).operator == NO_OPERATOR
    database.close()
