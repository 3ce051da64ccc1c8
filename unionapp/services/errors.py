"""What the services raise for the clerk to read (light: no SQLAlchemy)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unionapp.schema import RecordSpec


class RecordInvalid(Exception):
    """Input failed validation: ``errors`` maps field key to a Chinese message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))


class RefusedError(Exception):
    """An operation the rules forbid (e.g. deleting an enterprise with records attached)."""


class RecordChanged(RefusedError):
    """The record was changed or deleted by someone else since it was read (optimistic locking):
    nothing was saved. ``spec`` and ``record_id`` name it when the save knew which record it
    was (``None`` when only the database noticed, e.g. a record a rule updated)."""

    def __init__(self, spec: RecordSpec | None = None, record_id: int | None = None) -> None:
        self.spec = spec
        self.record_id = record_id
        what = f"{spec.label}（编号 {record_id}）" if spec is not None else "要保存的记录"
        super().__init__(
            f"{what}在您打开之后已被其他人修改或删除，您的修改未保存；"
            "请重新打开这条记录，核对最新内容后再修改"
        )
