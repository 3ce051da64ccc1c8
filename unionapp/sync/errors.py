"""Why a sync, or setting up the district, did not go ahead (typed: the command line and the
window decide on the kind; the message says in Chinese what to do)."""

from __future__ import annotations


class SyncError(Exception):
    """The sync stopped; nothing half-done stays behind (each step is one transaction)."""


class SyncRefused(SyncError):
    """Not allowed as asked: another office's database, a wrong address, an unknown code."""


class ServerUnreachable(SyncError):
    """No connection to the district's server now; try again when the network is back."""


class SchemaMismatch(SyncError):
    """The PC and the server are at different versions of the program's schema."""
