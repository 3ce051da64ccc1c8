"""The demo's households look like real ones: a spouse near the worker's age, children born to
the worker's family, at the school their age suggests, and 金秋助学 only for students."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from unionapp.models import Assistance, HardshipFamily, HouseholdMember
from unionapp.services.demo import generate
from unionapp.services.demo_families import UNIVERSITIES

TODAY = date(2026, 11, 26)


def test_demo_households_are_plausible(db) -> None:
    with db.write() as session:
        generate(session, enterprises=20, families=150, trainings=0, seed=5, today=TODAY)
    with db.read() as session:
        workers = dict(session.execute(select(HardshipFamily.id, HardshipFamily.birth_date)).all())
        members = session.scalars(select(HouseholdMember)).all()
        aid = session.scalars(select(Assistance).where(Assistance.kind == "金秋助学")).all()
    children = [m for m in members if m.relation == "子女"]
    assert children and aid
    for member in members:
        parent = workers[member.family_id]
        assert member.birth_date < TODAY
        if member.relation == "配偶":
            assert abs(member.birth_date.year - parent.year) <= 5
            continue
        assert 22 <= member.birth_date.year - parent.year <= 36, member
        age = TODAY.year - member.birth_date.year
        if member.work_or_school in UNIVERSITIES:
            assert 18 <= age < 23, member
        if age < 18:
            assert member.monthly_income_fen == 0
    names = {(m.family_id, m.name): m for m in children}
    for given in aid:
        student = names[(given.family_id, given.student_name)]
        assert student.work_or_school in UNIVERSITIES
        assert given.school == student.work_or_school
