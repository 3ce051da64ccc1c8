"""培训: training sessions, contests and events, with their attendees."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from unionapp.models.base import Base, Timestamped, Versioned


class TrainingSession(Versioned, Timestamped, Base):
    __tablename__ = "training"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(100), default="")
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    trainer: Mapped[str] = mapped_column(String(60), default="")
    handbooks: Mapped[int] = mapped_column(Integer, default=0)  # 手册 handed out
    notes: Mapped[str] = mapped_column(Text, default="")

    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Attendee.id"
    )


class Attendee(Versioned, Base):
    __tablename__ = "attendee"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(40))
    employer: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    signed_in: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[str] = mapped_column(String(60), default="")  # score or place in a contest

    session: Mapped[TrainingSession] = relationship(back_populates="attendees")
