"""Every file the program writes with full identity numbers in it (an export asked for in full,
a printed 审批表) is itself an entry in the audit log, written after the file is complete; if
the entry cannot be written, the file is deleted again: no full numbers leave unrecorded."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from unionapp.audit.recording import record_event
from unionapp.services.errors import RefusedError

if TYPE_CHECKING:
    from unionapp.database import Database

READ_ONLY = "只读方式下不能导出或打印完整的身份证号、电话和银行卡号（无法记入操作日志）"


def refuse_if_read_only(database: Database) -> None:
    """Say so before the work starts rather than after."""
    if database.read_only:
        raise RefusedError(READ_ONLY)


def record_disclosure(
    database: Database, target: Path, *, table: str, what: str, count: int
) -> None:
    """Audit a written file holding full numbers; delete it if that cannot be recorded."""
    try:
        refuse_if_read_only(database)
        with database.write() as session:
            record_event(
                session, table, "disclose", {"文件": Path(target).name, "内容": what, "条数": count}
            )
    except BaseException:
        Path(target).unlink(missing_ok=True)
        raise
