"""困难职工: hardship families, household members and the assistance they got."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from unionapp.models.base import Base, Timestamped
from unionapp.models.enterprise import Enterprise


class HardshipFamily(Timestamped, Base):
    __tablename__ = "family"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_name: Mapped[str] = mapped_column(String(40), index=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    gender: Mapped[str] = mapped_column(String(2), default="")  # derived from id_number
    birth_date: Mapped[date | None] = mapped_column(Date)  # derived from id_number
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprise.id", ondelete="RESTRICT"), index=True
    )
    union_member: Mapped[bool] = mapped_column(Boolean, default=True)
    health: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    household_size: Mapped[int] = mapped_column(Integer, default=1)
    monthly_income_fen: Mapped[int] = mapped_column(Integer, default=0)  # household total
    category: Mapped[str] = mapped_column(String(10), default="相对困难", index=True)
    reasons: Mapped[str] = mapped_column(String(200), default="")  # 致困原因, joined by 、
    reason_detail: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="在档", index=True)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    enterprise: Mapped[Enterprise | None] = relationship()
    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="HouseholdMember.id"
    )
    assistance: Mapped[list[Assistance]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Assistance.given_on"
    )

    @property
    def income_per_head_fen(self) -> int:
        return self.monthly_income_fen // max(1, self.household_size or 1)


class HouseholdMember(Base):
    __tablename__ = "household_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    relation: Mapped[str] = mapped_column(String(10), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    work_or_school: Mapped[str] = mapped_column(String(100), default="")
    monthly_income_fen: Mapped[int] = mapped_column(Integer, default=0)
    health: Mapped[str] = mapped_column(String(40), default="")

    family: Mapped[HardshipFamily] = relationship(back_populates="members")


class Assistance(Base):
    """Help given: 送温暖, 金秋助学, 医疗救助, 临时救助 … Amounts in fen, never float."""

    __tablename__ = "assistance"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    given_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    fund_source: Mapped[str] = mapped_column(String(60), default="")
    in_kind: Mapped[str] = mapped_column(String(100), default="")  # 实物
    round_name: Mapped[str] = mapped_column(String(40), default="")  # e.g. 2023年春节
    student_name: Mapped[str] = mapped_column(String(40), default="")  # 金秋助学
    school: Mapped[str] = mapped_column(String(100), default="")
    enrol_year: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(String(200), default="")

    family: Mapped[HardshipFamily] = relationship(back_populates="assistance")
