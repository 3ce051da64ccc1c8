"""This PC's sync address (the office's, from ``server add-office``) and its automatic-sync
interval, kept in a table of its own on the PC (``sync_address``).

The address holds the office's password: it is never synced, written by plain statements so
the audit log records that it changed but not its value, and shown with the password masked.
Only a PC's own database (SQLite) keeps one; a database on a server syncs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import make_url

from unionapp.audit.recording import record_event
from unionapp.database import Database
from unionapp.models import SyncAddress
from unionapp.sync.errors import SyncRefused

AUTO_CHOICES = (0, 5, 10, 15, 30, 60)  # minutes; 0: only when the clerk asks


@dataclass(frozen=True)
class StoredAddress:
    url: str  # "" when none is stored yet
    auto_minutes: int

    @property
    def shown(self) -> str:
        return masked(self.url)


def masked(url: str) -> str:
    """The address as it may be shown: the password as ***."""
    if not url:
        return ""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not an address at all: show nothing of it (it may be a password)
        return "***"


def check_address(url: str) -> str:
    """The address trimmed, or SyncRefused saying what is wrong with it."""
    url = url.strip()
    try:
        parsed = make_url(url)
    except Exception as error:
        raise SyncRefused("同步地址无法识别；请粘贴 server add-office 给出的完整地址") from error
    if parsed.get_backend_name() != "postgresql" or not parsed.host or not parsed.database:
        raise SyncRefused(
            "同步地址须为 postgresql+psycopg://账号:密码@主机:端口/数据库 的形式"
            "（server add-office 给出的最后一行）"
        )
    return url


def load_address(database: Database) -> StoredAddress:
    with database.read() as session:
        row = session.execute(select(SyncAddress.url, SyncAddress.auto_minutes)).first()
    if row is None:
        return StoredAddress("", 0)
    return StoredAddress(row.url or "", int(row.auto_minutes or 0))


def store_address(database: Database, url: str, auto_minutes: int) -> StoredAddress:
    """Keep the address (checked) and the interval; the audit log says so, password masked."""
    if database.path is None:
        raise SyncRefused("只有本机数据库才与区总工会同步；直接连接服务器时无需同步")
    url = check_address(url) if url.strip() else ""
    if auto_minutes not in AUTO_CHOICES:
        raise SyncRefused(f"自动同步间隔只能是 {'、'.join(map(str, AUTO_CHOICES[1:]))} 分钟或关闭")
    before = load_address(database)
    with database.write() as session:
        session.execute(delete(SyncAddress))
        session.execute(insert(SyncAddress).values(id=1, url=url, auto_minutes=auto_minutes))
        if before.url != url:
            record_event(session, "sync_address", "update", {"同步地址": masked(url)})
    return StoredAddress(url, auto_minutes)
