"""Writing a file from the database: the shared frame of report, export and template."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from sqlalchemy.orm import Session

from unionapp.db import open_database


class OutputFailed(Exception):
    """The file could not be written; already reported on stderr."""


@contextlib.contextmanager
def reading_into(db: str | None, out: str, *, create: bool = False) -> Iterator[Session]:
    """A read session for writing ``out``; a failed write becomes one clear line and exit 1."""
    database = open_database(db, create=create)
    try:
        with database.read() as session:
            yield session
    except OSError as error:
        print(f"错误：无法写入“{out}”：{error.strerror}", file=sys.stderr)
        raise OutputFailed from error
    finally:
        database.close()


def check_suffix(out: str, *suffixes: str) -> bool:
    if out.lower().endswith(suffixes):
        return True
    print(f"错误：--out 应为 {' 或 '.join(suffixes)} 文件", file=sys.stderr)
    return False
