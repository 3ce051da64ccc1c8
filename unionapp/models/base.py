"""Declarative base with a naming convention so Alembic batch migrations can name constraints,
and the mixins every record table shares (timestamps, the version optimistic locking checks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, String, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from unionapp.models.ids import uuid7

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )


class Synced:
    """A record that syncs between an office's PCs and its district (unionapp/sync): ``uid``
    names it everywhere (a UUIDv7, made where the record is made; the integer ``id`` is this
    database's own), ``sync_version`` is the server's version this copy is based on (0: not
    on the server yet)."""

    uid: Mapped[str] = mapped_column(String(36), default=uuid7, unique=True)
    sync_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class Versioned(Synced):
    """A record whose every UPDATE and DELETE says which version it was read at.

    SQLAlchemy counts ``version`` up at each update and adds ``AND version = <read>`` to the
    statement, so a save over a row someone else changed since it was read matches nothing and
    fails (``StaleDataError``) instead of overwriting their change. Rows written through Core
    (imports, the demo data) start at 1 from the defaults.
    """

    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
