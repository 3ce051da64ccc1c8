"""Backups of a database on a PostgreSQL server, through PostgreSQL's own ``pg_dump``.

The copy is pg_dump's custom format (compressed, restored with ``pg_restore``, the tool the
district already uses), written through a partial file that replaces the target only when the
dump is complete and ``pg_restore --list`` reads it back. The password goes to pg_dump in its
environment (PGPASSWORD), never on its command line, where other users of the PC could see it.

pg_dump refuses a server newer than itself; its own reason is passed on with what to do.
Restores on a server are the district's: the program does not overwrite a shared database.
"""

from __future__ import annotations

import locale
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from unionapp.db.errors import DatabaseError
from unionapp.system.files import writing

DUMP_SUFFIX = ".dump"
NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console flashes up
TIMEOUT_S = 6 * 3600  # a district's database over a slow line; the clerk can cancel the window
NOT_FOUND = (
    "找不到 PostgreSQL 的备份工具 pg_dump：请在这台电脑上安装 PostgreSQL 客户端工具"
    "（版本不低于数据库服务器的版本），或请管理数据库服务器的同事（区总工会）用 pg_dump 备份"
)
RESTORE_REFUSED = (
    "服务器上的数据库不能在这里恢复：它由多位同事共用，恢复会覆盖所有人的修改。"
    "请管理数据库服务器的同事（区总工会）用 pg_restore 从备份文件恢复"
)


def find_tool(name: str) -> Path | None:
    """A PostgreSQL client program: on PATH, else (Windows) the newest one PostgreSQL's
    installer put under Program Files."""
    found = shutil.which(name)
    if found:
        return Path(found)
    if sys.platform != "win32":
        return None
    candidates: list[tuple[int, Path]] = []
    roots = (os.environ.get("PROGRAMFILES", ""), os.environ.get("PROGRAMW6432", ""))
    for root in dict.fromkeys(roots):  # Windows reads these names in any case
        folder = Path(root) / "PostgreSQL" if root else None
        if folder is None or not folder.is_dir():
            continue
        for version in folder.iterdir():
            tool = version / "bin" / f"{name}.exe"
            number = version.name.split(".")[0]
            if tool.is_file() and number.isdigit():
                candidates.append((int(number), tool))
    return max(candidates)[1] if candidates else None


def _connection(url: str) -> tuple[str, dict[str, str]]:
    """The libpq address without the password, and the environment that carries it."""
    parsed = make_url(url)
    env = dict(os.environ, PGCONNECT_TIMEOUT="15")
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    address = parsed.set(drivername="postgresql", password=None)
    return address.render_as_string(hide_password=False), env


def _reason(output: bytes) -> str:
    """pg_dump's own last words (UTF-8, or the PC's code page)."""
    try:
        text = output.decode("utf-8")
    except UnicodeDecodeError:
        text = output.decode(locale.getpreferredencoding(False), errors="replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "（没有说明）"


def dump_to(url: str, target: Path) -> Path:
    """A consistent copy of the server database at ``url`` in ``target`` (custom format)."""
    pg_dump = find_tool("pg_dump")
    if pg_dump is None:
        raise DatabaseError(NOT_FOUND)
    address, env = _connection(url)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with writing(target) as partial:
            done = subprocess.run(
                [str(pg_dump), "--format=custom", f"--file={partial}", f"--dbname={address}"],
                env=env,
                capture_output=True,
                timeout=TIMEOUT_S,
                stdin=subprocess.DEVNULL,
                creationflags=NO_WINDOW,
            )
            if done.returncode != 0:
                raise DatabaseError(f"备份失败，pg_dump 报告：{_reason(done.stderr)}")
            problem = check_dump(partial)
            if problem:
                raise DatabaseError(f"备份文件校验失败：{problem}")
    except subprocess.TimeoutExpired as error:
        raise DatabaseError("备份超时未完成（网络太慢或服务器太忙），请稍后重试") from error
    except OSError as error:
        raise DatabaseError(f"无法写入备份“{target}”：{error.strerror or error}") from error
    return target


def check_dump(path: Path) -> str | None:
    """Why pg_restore cannot read ``path`` as a dump, or None (also None without pg_restore:
    pg_dump's own success then stands)."""
    pg_restore = find_tool("pg_restore")
    if pg_restore is None:
        return None
    listed = subprocess.run(
        [str(pg_restore), "--list", str(path)],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
        creationflags=NO_WINDOW,
    )
    if listed.returncode != 0:
        return _reason(listed.stderr)
    if b"TABLE DATA" not in listed.stdout:
        return "备份中没有任何表的数据"
    return None
