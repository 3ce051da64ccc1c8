"""What a PC keeps to sync with its district: the changes waiting to go up (written in the
same transaction as the change itself), which office and server it is bound to and how far it
has pulled, and the conflicts a person must decide."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from unionapp.models.base import Base


class SyncChange(Base):
    """One local change of one record, only the fields whose value changed (new values, a
    parent by its uid). ``change_id`` makes a push idempotent: the server applies an id once."""

    __tablename__ = "sync_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    table_name: Mapped[str] = mapped_column(String(40))
    uid: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(8))  # insert / update / delete
    base_version: Mapped[int] = mapped_column(Integer, default=0)  # the server's, 0: new
    data: Mapped[str] = mapped_column(Text, default="{}")  # JSON: field -> new value
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    sent: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class SyncBinding(Base):
    """The office and district server this database syncs with (one row, once bound)."""

    __tablename__ = "sync_binding"

    id: Mapped[int] = mapped_column(primary_key=True)
    server_id: Mapped[str] = mapped_column(String(36))  # the district database's identity
    office_code: Mapped[str] = mapped_column(String(16))
    office_name: Mapped[str] = mapped_column(String(60))
    pc_id: Mapped[str] = mapped_column(String(36))
    pc_no: Mapped[int] = mapped_column(Integer)
    cursor_xid: Mapped[int] = mapped_column(BigInteger, default=0)  # pulled up to (xid, seq)
    cursor_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(String(400), default="")


class SyncConflict(Base):
    """A change the server could not merge: the same field changed on both sides, an edit
    against a delete, an ID number registered twice. Shown to the clerk, who keeps one side;
    the choice goes up at the next sync."""

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    server_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    table_name: Mapped[str] = mapped_column(String(40))
    uid: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(60), default="")
    kind: Mapped[str] = mapped_column(String(16))  # edit / delete / duplicate / other_office
    mine: Mapped[str] = mapped_column(Text, default="null")  # JSON
    theirs: Mapped[str] = mapped_column(Text, default="null")  # JSON
    label: Mapped[str] = mapped_column(String(200), default="")  # the record, for the clerk
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    resolution: Mapped[str] = mapped_column(String(8), default="")  # "", mine, theirs
    done: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class SyncAddress(Base):
    """The office's sync address on this PC (one row). It holds the office's password, so it
    stays here: never synced (``unionapp.sync.tables`` does not list it), written without the
    audit log's values, and shown with the password masked."""

    __tablename__ = "sync_address"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, default="")
    auto_minutes: Mapped[int] = mapped_column(Integer, default=0)  # 0: no automatic sync
