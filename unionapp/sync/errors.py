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


class BadAddress(SyncRefused):
    """The sync address cannot be read as a database address."""


class ServerBusy(ServerUnreachable):
    """The server is busy (locks held, too many connections): try again in a while, as when
    the network is down."""


class ServerRefused(SyncError):
    """The server answered with a refusal of its own: a permission, a rule of its database."""


class ConstraintFailed(SyncError):
    """A record broke a rule (a unique number, a link) of one of the databases; the step that
    met it saved nothing."""


class LocalBusy(SyncError):
    """The PC's database file is held by another program."""


class LocalFailed(SyncError):
    """The PC's database could not be read or written (disk full, file gone)."""


class SyncFailed(SyncError):
    """Anything no other kind names; the details are in the chained exception."""
