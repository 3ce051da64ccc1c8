"""What the commands share: the database opened for one command and closed after it, and the
check of an output file's suffix."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator

from unionapp.cli.opening import open_for
from unionapp.database import Database


@contextlib.contextmanager
def opened(args: argparse.Namespace, *, create: bool = False) -> Iterator[Database]:
    """The database for one command (failures are reported at the command line's edge)."""
    database = open_for(args, create=create)
    try:
        yield database
    finally:
        database.close()


def check_suffix(out: str, *suffixes: str) -> bool:
    if out.lower().endswith(suffixes):
        return True
    print(f"错误：--out 应为 {' 或 '.join(suffixes)} 文件", file=sys.stderr)
    return False
