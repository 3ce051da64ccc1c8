"""Where this PC's syncing stands, in figures the window shows: bound or not, the last sync,
the last error, changes waiting to go up and conflicts waiting for a decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from unionapp.database import Database
from unionapp.models import SyncBinding, SyncChange, SyncConflict


@dataclass(frozen=True)
class SyncStatus:
    bound: bool
    office_name: str
    last_sync_at: datetime | None
    last_error: str
    waiting: int  # changes not yet sent
    conflicts: int  # open conflicts (decided or not)
    undecided: int  # open conflicts still waiting for the clerk


def sync_status(database: Database) -> SyncStatus:
    with database.read() as session:
        binding = session.get(SyncBinding, 1)
        waiting = session.scalar(
            select(func.count(SyncChange.id)).where(SyncChange.sent.is_(False))
        )
        open_ = SyncConflict.done.is_(False)
        conflicts = session.scalar(select(func.count(SyncConflict.id)).where(open_))
        undecided = session.scalar(
            select(func.count(SyncConflict.id)).where(open_, SyncConflict.resolution == "")
        )
        return SyncStatus(
            bound=binding is not None,
            office_name=binding.office_name if binding is not None else "",
            last_sync_at=binding.last_sync_at if binding is not None else None,
            last_error=binding.last_error if binding is not None else "",
            waiting=int(waiting or 0),
            conflicts=int(conflicts or 0),
            undecided=int(undecided or 0),
        )
