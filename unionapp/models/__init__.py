"""SQLAlchemy 2.x models, one module per area."""

from unionapp.models.archive import ArchiveSequence, Attachment, FamilyReview
from unionapp.models.audit import AuditEntry
from unionapp.models.base import Base
from unionapp.models.congress import CongressMeeting
from unionapp.models.enterprise import Enterprise, Honour, Visit
from unionapp.models.hardship import Assistance, HardshipFamily, HouseholdMember
from unionapp.models.settings import OwnershipType, ServiceUnit, Setting, Target
from unionapp.models.sync import SyncAddress, SyncBinding, SyncChange, SyncConflict
from unionapp.models.training import Attendee, TrainingSession

__all__ = [
    "ArchiveSequence",
    "Assistance",
    "Attachment",
    "Attendee",
    "AuditEntry",
    "Base",
    "CongressMeeting",
    "Enterprise",
    "FamilyReview",
    "HardshipFamily",
    "Honour",
    "HouseholdMember",
    "OwnershipType",
    "ServiceUnit",
    "Setting",
    "SyncAddress",
    "SyncBinding",
    "SyncChange",
    "SyncConflict",
    "Target",
    "TrainingSession",
    "Visit",
]
