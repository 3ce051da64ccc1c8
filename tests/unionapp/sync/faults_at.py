"""The network dropping at a chosen point of a sync, for the tests (see ``unionapp.sync.faults``):
``before-lock`` (a push batch's transaction begun, the push lock not yet taken), ``mid-batch``
(inside a push batch, before it commits), ``after-commit`` (the server committed a
push batch, its answer is lost), ``pull-unsaved`` (a pulled batch applied here, not yet saved) and
``mid-pull`` (after a pulled batch was saved)."""

from __future__ import annotations

from unionapp.sync.faults import Faults


class Dropped(ConnectionError):
    """The network went at the chosen point."""


class FailAt(Faults):
    def __init__(self, point: str) -> None:
        self.point = point

    def before_push_lock(self) -> None:
        if self.point == "before-lock":
            raise Dropped(self.point)

    def before_commit(self) -> None:
        if self.point == "mid-batch":
            raise Dropped(self.point)

    def after_server_commit(self) -> None:
        if self.point == "after-commit":
            raise Dropped(self.point)

    def before_pull_commit(self) -> None:
        if self.point == "pull-unsaved":
            raise Dropped(self.point)

    def after_pull_batch(self) -> None:
        if self.point == "mid-pull":
            raise Dropped(self.point)
