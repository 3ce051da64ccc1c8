"""Undo of a delete in the archive puts back what the delete's rules took away: a yearly review
restored counts again as the family's last review."""

from __future__ import annotations

from unionapp.models import HardshipFamily
from unionapp.schema.hardship import FAMILY, REVIEW
from unionapp.services import records
from unionapp.validation.idcard import id_check_char


def test_undoing_a_review_delete_restores_the_familys_last_review(db, context_of) -> None:
    body = "32011519800101001"
    raw = {"worker_name": "张三", "id_number": body + id_check_char(body), "category": "相对困难"}
    with db.write() as session:
        family_id = records.create(session, FAMILY, raw, context_of(session)).id
        for day in ("2024-01-10", "2024-03-20"):
            review = {"review_date": day, "reviewer": "王审核", "outcome": "继续在档"}
            last = records.create(session, REVIEW, review, context_of(session), family_id).id
    with db.write() as session:
        snapshot = records.delete(session, REVIEW, last)
    with db.read() as session:
        assert session.get(HardshipFamily, family_id).reviewed_on.isoformat() == "2024-01-10"
    with db.write() as session:
        records.restore(session, snapshot)
    with db.read() as session:
        assert session.get(HardshipFamily, family_id).reviewed_on.isoformat() == "2024-03-20"
