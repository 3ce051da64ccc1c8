"""Any failure of a sync as a typed SyncError the window and the command line decide on, with
advice in Chinese. Decided on exception types and PostgreSQL's SQLSTATE, never on message text.
"""

from __future__ import annotations

from sqlalchemy import exc

from unionapp.db.engine import sqlstate
from unionapp.db.errors import DatabaseBusy, DatabaseError
from unionapp.sync.errors import (
    ConstraintFailed,
    LocalBusy,
    LocalFailed,
    ServerBusy,
    ServerRefused,
    ServerUnreachable,
    SyncError,
    SyncFailed,
)

# lock_not_available, deadlock_detected, serialization_failure, query_canceled,
# too_many_connections, cannot_connect_now
BUSY_STATES = frozenset({"55P03", "40P01", "40001", "57014", "53300", "57P03"})
NO_PERMISSION = "42501"


def first_line(error: object) -> str:
    return (str(error).strip().splitlines() or [""])[0]


def as_sync_error(error: Exception) -> SyncError:
    """What the clerk reads about ``error`` (raised from it by the caller)."""
    if isinstance(error, SyncError):
        return error
    if isinstance(error, DatabaseBusy):
        return LocalBusy(
            "本机数据库正被另一个程序占用（例如另开的工会工作台窗口或正在进行的备份）；"
            "请关闭它后再同步，已完成的部分已保存"
        )
    if isinstance(error, DatabaseError):
        if isinstance(error.__cause__, exc.IntegrityError):
            return _constraint(error.__cause__)
        return LocalFailed(f"本机数据库操作失败：{error}；同步已停止，已完成的部分已保存")
    if isinstance(error, exc.DBAPIError):
        return _server(error)
    if isinstance(error, OSError):
        return ServerUnreachable(
            f"同步中途与服务器断开（{first_line(error)}）；已完成的部分已保存，网络恢复后再同步即可"
        )
    return SyncFailed(
        f"同步意外中止（{type(error).__name__}）；已完成的部分已保存，"
        "请把这句话告诉负责本程序的同事"
    )


def _server(error: exc.DBAPIError) -> SyncError:
    state = sqlstate(error) or ""
    detail = first_line(error.orig)
    if state in BUSY_STATES:
        return ServerBusy(
            "区总工会的服务器正忙（同事正在同步或修改同一批记录）；已完成的部分已保存，请稍后再同步"
        )
    if isinstance(error, exc.IntegrityError) or state.startswith("23"):
        return _constraint(error)
    if isinstance(error, exc.OperationalError) and state != NO_PERMISSION:  # the line went
        return ServerUnreachable(
            f"同步中途与服务器断开（{detail}）；已完成的部分已保存，网络恢复后再同步即可"
        )
    if state == NO_PERMISSION:
        return ServerRefused(
            f"区总工会的服务器拒绝了这次同步：这个同步账号没有相应权限（{detail}）；"
            "请区总工会管理服务器的同事检查本街道的账号（server add-office）"
        )
    return ServerRefused(
        f"区总工会的服务器拒绝了这次同步（{detail}）；"
        "请把这句话告诉区总工会管理服务器的同事，本机数据不受影响"
    )


def _constraint(error: exc.DBAPIError) -> SyncError:
    return ConstraintFailed(
        f"同步时有一条记录不符合数据库的规则（{first_line(error.orig)}），这一步没有保存；"
        "请把这句话告诉区总工会管理服务器的同事，其余数据不受影响"
    )
