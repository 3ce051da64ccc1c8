"""What the archive keeps beside a family record: its yearly reviews (年审), its supporting
documents (证明材料, stored in the database so backups, encryption and sync carry them), and the
sequence that hands out archive numbers (never one twice, even after a delete)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from unionapp.models.base import Base, Versioned

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class FamilyReview(Versioned, Base):
    """年审: the yearly review of a family on file."""

    __tablename__ = "family_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    review_date: Mapped[date] = mapped_column(Date, index=True)
    reviewer: Mapped[str] = mapped_column(String(40), default="")
    outcome: Mapped[str] = mapped_column(String(10), default="继续在档")
    notes: Mapped[str] = mapped_column(String(400), default="")


class Attachment(Versioned, Base):
    """证明材料: a scan or photo (income certificate, medical record, 低保证 …)."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))  # the file's name as added
    media_type: Mapped[str] = mapped_column(String(60), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))  # read only when opened
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(String(200), default="")


class ArchiveSequence(Base):
    """The last archive number handed out for a prefix and year."""

    __tablename__ = "archive_sequence"

    prefix: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
