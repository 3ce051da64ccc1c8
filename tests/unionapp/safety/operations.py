"""Runs one long operation on a database for the kill tests, as the program would.

Run as: python tests/unionapp/safety/operations.py OPERATION DB [ARG]
  backup TARGET | restore SOURCE | migrate | password NEW (set) | rekey OLD NEW (change)
Prints "started" when under way and "done" when finished.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from unionapp.database import open_database
from unionapp.db.keys import Keyring
from unionapp.safety.backups import backup_to
from unionapp.safety.encryption import change_password
from unionapp.safety.restoring import restore_from


def main() -> None:
    operation, database = sys.argv[1], Path(sys.argv[2])
    print("started", flush=True)
    if operation == "backup":
        backup_to(database, Path(sys.argv[3]))
    elif operation == "restore":
        restore_from(database, Path(sys.argv[3]))
    elif operation == "migrate":
        open_database(str(database)).close()
    elif operation == "password":
        change_password(database, None, sys.argv[3])
    elif operation == "rekey":
        change_password(database, Keyring(sys.argv[3]), sys.argv[4])
    print("done", flush=True)


if __name__ == "__main__":
    main()
