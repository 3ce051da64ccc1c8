"""企业普查: enterprises, their survey visits (走访) and honours (荣誉)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from unionapp.models.base import Base, Timestamped, Versioned

UNION_STATUSES = ("未建会", "筹建中", "已建会")


class Enterprise(Versioned, Timestamped, Base):
    __tablename__ = "enterprise"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)  # 统一社会信用代码
    credit_code_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    ownership: Mapped[str] = mapped_column(String(40), default="")  # 经济类型
    industry: Mapped[str] = mapped_column(String(60), default="")
    community: Mapped[str] = mapped_column(String(60), default="", index=True)  # 园区/社区
    address: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    staff_count: Mapped[int] = mapped_column(Integer, default=0)
    migrant_count: Mapped[int] = mapped_column(Integer, default=0)  # 农民工
    above_scale: Mapped[bool] = mapped_column(Boolean, default=False, index=True)  # 规模以上
    union_status: Mapped[str] = mapped_column(String(10), default="未建会", index=True)
    union_founded: Mapped[date | None] = mapped_column(Date)
    union_chair: Mapped[str] = mapped_column(String(40), default="")
    member_count: Mapped[int] = mapped_column(Integer, default=0)
    wage_signed: Mapped[date | None] = mapped_column(Date)  # 工资集体协商 signed on
    wage_expiry: Mapped[date | None] = mapped_column(Date)
    affairs_public: Mapped[bool] = mapped_column(Boolean, default=False)  # 厂务公开
    safety_accidents: Mapped[int] = mapped_column(Integer, default=0)  # this year
    notes: Mapped[str] = mapped_column(Text, default="")

    visits: Mapped[list[Visit]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan", order_by="Visit.visit_date"
    )
    honours: Mapped[list[Honour]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan", order_by="Honour.year"
    )


class Visit(Versioned, Base):
    """走访: a survey visit pushing the enterprise to found a union."""

    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    visit_date: Mapped[date] = mapped_column(Date)
    visitor: Mapped[str] = mapped_column(String(60), default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    notice_issued: Mapped[bool] = mapped_column(Boolean, default=False)  # 建会通知

    enterprise: Mapped[Enterprise] = relationship(back_populates="visits")


class Honour(Versioned, Base):
    """荣誉: 工人先锋号, 模范职工之家, 和谐劳动关系企业 … at a level and in a year."""

    __tablename__ = "honour"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(String(10))  # 区级/市级/省级/全国
    year: Mapped[int] = mapped_column(Integer, index=True)

    enterprise: Mapped[Enterprise] = relationship(back_populates="honours")
