"""The newest seal of each database's audit log, kept outside the database in the user's
config folder: an editor of the database file who rewrites the log (or cuts its end off) cannot
make it agree with this, even where no password keys the chain.

One small JSON file, written atomically; a seal only ever moves forward (two programs on one
database may write in either order).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from unionapp.system.folders import config_dir

FILE = "audit-anchors.json"


@dataclass(frozen=True)
class Anchor:
    database_id: str
    id: int
    hash: str


class AnchorStore:
    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or config_dir()) / FILE

    def _read(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, database: str) -> Anchor | None:
        entry = self._read().get(database)
        if not isinstance(entry, dict):
            return None
        try:
            return Anchor(str(entry["database_id"]), int(entry["id"]), str(entry["hash"]))  # type: ignore[call-overload]
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, database: str, anchor: Anchor, *, forward_only: bool = True) -> None:
        """Remember ``anchor``; a failure to write costs only this safeguard, never the save."""
        data = self._read()
        old = data.get(database)
        if (
            forward_only
            and isinstance(old, dict)
            and old.get("database_id") == anchor.database_id
            and isinstance(old.get("id"), int)
            and old["id"] > anchor.id
        ):
            return
        data[database] = {"database_id": anchor.database_id, "id": anchor.id, "hash": anchor.hash}
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f".{FILE}.{os.getpid()}.partial")
            temp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(temp, self.path)
