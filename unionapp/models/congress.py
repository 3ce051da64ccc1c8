"""职代会: workers' congress meetings per enterprise."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from unionapp.models.base import Base, Timestamped, Versioned
from unionapp.models.enterprise import Enterprise


class CongressMeeting(Versioned, Timestamped, Base):
    __tablename__ = "congress"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="RESTRICT"), index=True
    )
    year: Mapped[int] = mapped_column(Integer, index=True)
    term: Mapped[int] = mapped_column(Integer, default=1)  # 第几届
    session_no: Mapped[int] = mapped_column(Integer, default=1)  # 第几次
    planned_date: Mapped[date | None] = mapped_column(Date)
    held_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="计划中", index=True)
    delegates_expected: Mapped[int] = mapped_column(Integer, default=0)  # 应到
    delegates_present: Mapped[int] = mapped_column(Integer, default=0)  # 实到
    agenda: Mapped[str] = mapped_column(Text, default="")
    resolutions: Mapped[str] = mapped_column(Text, default="")
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    votes_abstain: Mapped[int] = mapped_column(Integer, default=0)
    public_items: Mapped[str] = mapped_column(Text, default="")  # 厂务公开事项

    enterprise: Mapped[Enterprise] = relationship()
