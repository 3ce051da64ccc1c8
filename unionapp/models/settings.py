"""Settings, editable lookup lists and the year's targets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from unionapp.models.base import Base, Versioned
from unionapp.models.ids import named


def _named(kind: str, *columns: str) -> Callable[[Any], str]:
    """A uid from the row's own natural key: two PCs adding the same one make one record."""

    def made(context: Any) -> str:
        row = context.get_current_parameters()
        return named(kind, *(row[column] for column in columns))

    return made


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(400), default="")
    uid: Mapped[str] = mapped_column(String(36), default=_named("setting", "key"), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    sync_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class OwnershipType(Base):
    """经济类型: an editable lookup list (the national code list changes over the years)."""

    __tablename__ = "ownership_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    uid: Mapped[str] = mapped_column(
        String(36), default=_named("ownership_type", "name"), unique=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    sync_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class Target(Base):
    """A yearly target from the plan: metric key and goal value."""

    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("year", "metric"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(Integer)
    uid: Mapped[str] = mapped_column(
        String(36), default=_named("target", "year", "metric"), unique=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    sync_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class ServiceUnit(Versioned, Base):
    """工会会员优惠服务单位: a shop, clinic or law firm giving union members a discount."""

    __tablename__ = "service_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(20), default="商业")  # 商业/医疗/法律/…
    discount: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(String(400), default="")
