"""Points in a sync where the network can fail. A real sync passes ``Faults()``, which does
nothing; the tests pass one that drops the connection at a chosen point, the way an office's
network does, to show that nothing is lost or applied twice."""

from __future__ import annotations


class Faults:
    def before_push_lock(self) -> None:
        """A push page's server transaction has begun; the page is not yet read, nor this
        PC's push lock taken."""

    def before_commit(self) -> None:
        """Inside a push batch's server transaction, just before it commits."""

    def after_server_commit(self) -> None:
        """The server committed a push batch; the PC has not yet heard."""

    def before_pull_commit(self) -> None:
        """A pulled batch (or the kept changes tried again) is applied on the PC, in its
        transaction, not yet saved."""

    def after_pull_batch(self) -> None:
        """A pulled batch is saved on the PC."""
