"""Whether anything is recorded yet: a new office's empty database is told what to do first
instead of being shown every target as behind."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import (
    CongressMeeting,
    Enterprise,
    HardshipFamily,
    ServiceUnit,
    TrainingSession,
)

RECORDS = (Enterprise, HardshipFamily, CongressMeeting, TrainingSession, ServiceUnit)


def anything_recorded(session: Session) -> bool:
    return any(session.scalar(select(model.id).limit(1)) is not None for model in RECORDS)
