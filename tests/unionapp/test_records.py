"""Creating, updating and deleting records through their descriptions; audit; refusals."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from unionapp.audit.reading import decode, history
from unionapp.models import AuditEntry, CongressMeeting, Enterprise, HardshipFamily, Visit
from unionapp.schema.records import CONGRESS, ENTERPRISE, FAMILY, VISIT
from unionapp.services import records
from unionapp.validation.creditcode import credit_code_check_char

CODE_BODY = "91320115MA1MXQ8L0"
CODE = CODE_BODY + credit_code_check_char(CODE_BODY)
BAD_CODE = CODE_BODY + ("0" if CODE[-1] != "0" else "1")
ID = "11010519491231002X"


def add_enterprise(db, context_of, **values):
    raw = {"name": "南京华泰科技有限公司", "union_status": "已建会", "credit_code": CODE} | values
    with db.write() as session:
        return records.create(session, ENTERPRISE, raw, context_of(session)).id


def count(db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count(model.id)))


def test_create_enterprise_cleans_values(db, context_of) -> None:
    enterprise_id = add_enterprise(
        db, context_of, staff_count="１２０", above_scale="是", union_founded="2023/3/1"
    )
    with db.read() as session:
        enterprise = session.get(Enterprise, enterprise_id)
        assert enterprise.staff_count == 120
        assert enterprise.above_scale is True
        assert enterprise.union_founded.isoformat() == "2023-03-01"


def test_invalid_input_names_every_field_and_saves_nothing(db, context_of) -> None:
    with pytest.raises(records.RecordInvalid) as caught, db.write() as session:
        records.create(
            session,
            ENTERPRISE,
            {"name": "", "union_status": "不知道", "staff_count": "-1", "credit_code": "123"},
            context_of(session),
        )
    errors = caught.value.errors
    assert errors["name"] == "企业名称：必填"
    assert "建会情况" in errors["union_status"] and "可选项" in errors["union_status"]
    assert "职工人数" in errors["staff_count"]
    assert "应为18位" in errors["credit_code"]
    assert count(db, Enterprise) == 0


def test_bad_check_character_is_an_error_unless_confirmed(db, context_of) -> None:
    with pytest.raises(records.RecordInvalid, match="校验位"):
        add_enterprise(db, context_of, credit_code=BAD_CODE)
    raw = {"name": "已核对营业执照的企业", "union_status": "未建会", "credit_code": BAD_CODE}
    with db.write() as session:
        context = context_of(session, allow_bad_credit_code=True)
        saved = records.create(session, ENTERPRISE, raw, context)
        assert saved.credit_code_confirmed is True


def test_duplicate_credit_code_and_name_are_refused(db, context_of) -> None:
    add_enterprise(db, context_of)
    with pytest.raises(records.RecordInvalid) as caught:
        add_enterprise(db, context_of, name="另一家公司")
    assert "已有企业“南京华泰科技有限公司”" in caught.value.errors["credit_code"]
    with pytest.raises(records.RecordInvalid, match="企业名称"):
        add_enterprise(db, context_of, credit_code="")


def test_cross_checks_dates_in_order_and_counts(db, context_of) -> None:
    with pytest.raises(records.RecordInvalid, match="协议到期日期：不能早于协商签订日期"):
        add_enterprise(db, context_of, wage_signed="2024-01-01", wage_expiry="2023-01-01")
    with pytest.raises(records.RecordInvalid, match="农民工人数"):
        add_enterprise(db, context_of, staff_count=10, migrant_count=20)


def test_family_id_number_derives_birth_and_gender(db, context_of) -> None:
    company = add_enterprise(db, context_of)
    raw = {
        "worker_name": "刘𠇔",
        "id_number": ID.lower(),
        "category": "深度困难",
        "employer": "南京华泰科技有限公司",
        "household_size": "3",
        "annual_income_fen": "43,200",
        "medical_expense_fen": "7200",
    }
    with db.write() as session:
        family = records.create(session, FAMILY, raw, context_of(session))
        assert family.id_number == ID
        assert (family.gender, family.birth_date.isoformat()) == ("女", "1949-12-31")
        assert family.enterprise_id == company  # the employer is a survey enterprise: linked
        assert family.income_per_head_fen == 100000  # (43,200 − 7,200) ÷ 12 ÷ 3 = 1,000 元
        assert family.archive_no == f"DA-{date.today().year}-0001"


def test_an_employer_outside_the_register_is_kept_as_written(db, context_of) -> None:
    raw = {
        "worker_name": "张三",
        "id_number": ID,
        "category": "相对困难",
        "work_status": "农民工",
        "employer": "安徽滁州某电子厂（街道外）",
    }
    with db.write() as session:
        family = records.create(session, FAMILY, raw, context_of(session))
        assert (family.employer, family.enterprise_id) == ("安徽滁州某电子厂（街道外）", None)


def test_congress_rules(db, context_of) -> None:
    add_enterprise(db, context_of, union_founded="2023-06-01")
    base = {"enterprise_id": "南京华泰科技有限公司", "year": "2023", "status": "已召开"}
    cases = [
        ({}, "召开日期：状态为已召开时必填"),
        ({"held_date": "2024-01-05"}, "应在所填年度内"),
        ({"held_date": "2023-03-01"}, "不能早于该企业的建会日期"),
        (
            {"held_date": "2023-09-01", "delegates_expected": 10, "delegates_present": 12},
            "实到代表",
        ),
    ]
    for extra, message in cases:
        with pytest.raises(records.RecordInvalid, match=message), db.write() as session:
            records.create(session, CONGRESS, base | extra, context_of(session))
    assert count(db, CongressMeeting) == 0


def test_audit_log_records_insert_update_delete_with_operator(db, context_of) -> None:
    enterprise_id = add_enterprise(db, context_of, staff_count=10)
    with db.write() as session:
        records.update(
            session, ENTERPRISE, enterprise_id, {"staff_count": "25"}, context_of(session)
        )
    with db.write() as session:
        records.delete(session, ENTERPRISE, enterprise_id)
    with db.read() as session:
        entries = history(session, "enterprise", enterprise_id)
    assert [e.action for e in entries] == ["delete", "update", "insert"]
    assert all(e.operator == "测试员" for e in entries)
    assert decode(entries[1]) == {"staff_count": [10, 25]}
    assert decode(entries[2])["name"] == [None, "南京华泰科技有限公司"]


def test_update_with_no_change_writes_no_audit_entry(db, context_of) -> None:
    enterprise_id = add_enterprise(db, context_of)
    with db.write() as session:
        records.update(
            session,
            ENTERPRISE,
            enterprise_id,
            {"name": "南京华泰科技有限公司"},
            context_of(session),
        )
    assert count(db, AuditEntry) == 1


def test_delete_of_enterprise_with_congresses_is_refused_families_keep_the_name(
    db, context_of
) -> None:
    enterprise_id = add_enterprise(db, context_of)
    with db.write() as session:
        records.create(
            session,
            CONGRESS,
            {"enterprise_id": "南京华泰科技有限公司", "year": 2024, "status": "计划中"},
            context_of(session),
        )
        records.create(
            session,
            FAMILY,
            {
                "worker_name": "张三",
                "id_number": ID,
                "category": "相对困难",
                "employer": "南京华泰科技有限公司",
            },
            context_of(session),
        )
    with pytest.raises(records.RefusedError) as caught, db.write() as session:
        records.delete(session, ENTERPRISE, enterprise_id)
    assert str(caught.value) == "该企业还有1条职代会记录，不能删除；请先删除或改挂这些记录"
    with db.write() as session:
        session.execute(delete(CongressMeeting))
        records.delete(session, ENTERPRISE, enterprise_id)
    with db.read() as session:
        family = session.scalar(select(FAMILY.model))
        assert (family.employer, family.enterprise_id) == ("南京华泰科技有限公司", None)
    assert count(db, Enterprise) == 0


def test_delete_then_restore_brings_back_record_and_children(db, context_of) -> None:
    enterprise_id = add_enterprise(db, context_of)
    with db.write() as session:
        records.create(
            session,
            VISIT,
            {"visit_date": "2024-05-01", "visitor": "王芳"},
            context_of(session),
            parent_id=enterprise_id,
        )
        assert records.dependents_summary(session.get(Enterprise, enterprise_id)) == "1条走访记录"
    with db.write() as session:
        snapshot = records.delete(session, ENTERPRISE, enterprise_id)
    assert (count(db, Enterprise), count(db, Visit)) == (0, 0)
    with db.write() as session:
        records.restore(session, snapshot)
    with db.read() as session:
        restored = session.get(Enterprise, enterprise_id)
        assert restored.credit_code == CODE
        assert [v.visitor for v in restored.visits] == ["王芳"]
        last = history(session, limit=1)[0]
        assert last.action == "restore"
        assert json.loads(last.changes)


def test_a_failed_write_leaves_nothing_half_written(db, context_of) -> None:
    with pytest.raises(records.RecordInvalid), db.write() as session:
        records.create(
            session, ENTERPRISE, {"name": "甲公司", "union_status": "未建会"}, context_of(session)
        )
        records.create(session, ENTERPRISE, {"name": "乙公司"}, context_of(session))
    assert count(db, Enterprise) == 0
    assert count(db, AuditEntry) == 0


def test_update_of_a_vanished_record_is_refused(db, context_of) -> None:
    with pytest.raises(records.RefusedError, match="不存在"), db.write() as session:
        records.update(session, FAMILY, 42, {"worker_name": "x"}, context_of(session))
    assert count(db, HardshipFamily) == 0


def test_update_cross_checks_against_the_stored_values(db, context_of) -> None:
    enterprise_id = add_enterprise(db, context_of, staff_count=10)
    with pytest.raises(records.RecordInvalid, match="农民工人数"), db.write() as session:
        records.update(
            session, ENTERPRISE, enterprise_id, {"migrant_count": 11}, context_of(session)
        )
