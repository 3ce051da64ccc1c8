"""Setting, changing and removing the database password: every file re-encrypted in place.

Each file is exported by SQLCipher into a new, owner-only partial file under the new key (or
none), checked, and renamed over the old one: a kill at any moment leaves the old file or the
new one, never neither, and the next start removes the partial file. The database itself is
taken for this alone first (its WAL folded back and switched off, then held exclusively), so
no plaintext ``-wal`` is left beside an encrypted file. The backups and the copies taken before
migrations and restores follow; a run cut short is finished by running it again (each file is
taken from the old key or found already under the new one).

The audit log's seals are keyed from the password, so the log is verified under the old key
and sealed again under the new one (a break found before stays a break).
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, insert

from unionapp.audit import chain
from unionapp.audit.anchors import Anchor, AnchorStore
from unionapp.db import sqlite
from unionapp.db.engine import sqlite_engine, translate
from unionapp.db.errors import DatabaseBusy, DatabaseError, WrongPassword
from unionapp.db.keys import CipherKey, Keyring
from unionapp.db.sqlite import FileKind, file_kind
from unionapp.models import AuditEntry, Setting
from unionapp.safety.legacy_password import KEY as LEGACY_KEY
from unionapp.system.files import create_private, fsync_file, fsync_folder, partial_path, replace

MIN_LENGTH = 6
FORGOTTEN = "请牢记密码：忘记密码将无法打开数据库，数据也无法找回（备份同样加密）。"


@dataclass
class RekeyReport:
    database: Path
    copies: list[Path] = field(default_factory=list)  # backups and copies re-encrypted
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # could not, and why


def check_new_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValueError(f"密码至少{MIN_LENGTH}位")
    if password != password.strip() or any(ord(c) < 32 for c in password):
        raise ValueError("密码不能以空格开头或结尾，也不能含控制字符")


def current_key(path: Path, keyring: Keyring | None) -> CipherKey | None:
    """The key that opens ``path`` now (None for a plain file); WrongPassword if it does not."""
    kind = file_kind(path)
    if kind is FileKind.PLAIN:
        return None
    if kind is not FileKind.ENCRYPTED:
        raise DatabaseError(f"“{path.name}”不是工会工作台的数据库")
    if keyring is None:
        raise WrongPassword("数据库已加密：请输入当前密码")
    key = keyring.key_for(sqlite.file_salt(path))
    if not _opens(path, key):
        raise WrongPassword("当前密码不正确")
    return key


def _opens(path: Path, key: CipherKey | None) -> bool:
    try:
        connection = sqlite.connect(path, key, read_only=True)
    except sqlite.Error:
        return False
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite.Error:
        return False
    finally:
        connection.close()


def _export(connection: sqlite.driver.Connection, target: Path, key: CipherKey | None) -> None:
    """Everything in ``connection``'s main database into the empty file ``target``."""
    clause = key.attach_clause() if key is not None else "KEY ''"
    connection.execute(f"ATTACH DATABASE ? AS rekeyed {clause}", (str(target),))
    try:
        connection.execute("BEGIN")
        connection.execute("SELECT sqlcipher_export('rekeyed')")
        connection.execute("COMMIT")
    finally:
        with contextlib.suppress(sqlite.Error):
            connection.execute("DETACH DATABASE rekeyed")


def _reseal(
    target: Path,
    old: CipherKey | None,
    new: CipherKey | None,
    source_rows: list,
    event: dict[str, str] | None,
    operator: str,
) -> chain.Head:
    """Seal the exported log under ``new`` (entries after a break keep their old seals)."""
    verdict = chain.verify(source_rows, old.audit_key() if old else None)
    engine = sqlite_engine(target, new, pooled=False, wal=False)
    try:
        with engine.begin() as conn:
            conn.execute(delete(Setting.__table__).where(Setting.__table__.c.key == LEGACY_KEY))
            stop = verdict.broken_at
            head = chain.Head(0, "")
            for row in source_rows:
                if stop is not None and row["id"] >= stop:
                    break
                row = dict(row)
                sealed = chain.seal_of(head.hash, row, new.audit_key() if new else None)
                conn.execute(
                    AuditEntry.__table__.update()
                    .where(AuditEntry.__table__.c.id == row["id"])
                    .values(prev_hash=head.hash, hash=sealed)
                )
                head = chain.Head(row["id"], sealed)
            if event is not None and stop is None:
                entry = {
                    "at": datetime.now().replace(microsecond=0),
                    "operator": operator,
                    "table_name": "setting",
                    "row_id": 0,
                    "action": "password",
                    "changes": _json(event),
                }
                head = chain.seal([entry], head, new.audit_key() if new else None)
                conn.execute(insert(AuditEntry.__table__), [entry])
    finally:
        engine.dispose()
    return head


def _json(details: dict[str, str]) -> str:
    import json

    return json.dumps({k: [None, v] for k, v in details.items()}, ensure_ascii=False)


def rekey_file(
    path: Path,
    old: CipherKey | None,
    new: CipherKey | None,
    *,
    exclusive: bool,
    event: dict[str, str] | None = None,
    operator: str = "",
) -> chain.Head | None:
    """Re-encrypt one file in place; returns the audit log's new head (None for a copy
    without a log). ``exclusive``: the live database, taken for this alone first."""
    temp = partial_path(path)
    temp.unlink(missing_ok=True)
    connection = sqlite.connect(path, old)
    try:
        if exclusive:
            try:
                connection.execute("PRAGMA journal_mode=DELETE")
                connection.execute("PRAGMA locking_mode=EXCLUSIVE")
                connection.execute("BEGIN EXCLUSIVE")
                connection.execute("COMMIT")
            except sqlite.Error as error:
                raise DatabaseBusy(
                    "数据库正被其他程序使用（另一个工会工作台窗口或命令），请先关闭它们再更改密码"
                ) from error
        rows = [dict(r) for r in _audit_rows(connection)]
        create_private(temp)
        _export(connection, temp, new)
        head = _reseal(temp, old, new, rows, event, operator) if rows or event else None
        if not _opens(temp, new):
            raise DatabaseError(f"“{path.name}”重新加密后校验失败，原文件未改动")
        fsync_file(temp)
        if sys.platform == "win32":  # Windows cannot replace a file that is open, even by us
            connection.close()
        replace(temp, path)
        fsync_folder(path.parent)
        return head
    except sqlite.Error as error:
        raise translate(error) from error
    finally:
        connection.close()
        temp.unlink(missing_ok=True)


def _audit_rows(connection: sqlite.driver.Connection) -> list[dict]:  # type: ignore[type-arg]
    connection.row_factory = sqlite.driver.Row
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if "audit_log" not in tables:
            return []
        rows = connection.execute(
            "SELECT id, at, operator, table_name, row_id, action, changes, prev_hash, hash "
            "FROM audit_log ORDER BY id"
        ).fetchall()
        return [_typed(dict(r)) for r in rows]
    finally:
        connection.row_factory = None


def _typed(row: dict) -> dict:  # type: ignore[type-arg]
    """Stored text as SQLAlchemy reads it (the seal covers the time as a datetime)."""
    at = row["at"]
    if isinstance(at, str):
        row["at"] = datetime.fromisoformat(at)
    return row


def change_password(
    path: Path,
    current: Keyring | None,
    new_password: str | None,
    *,
    anchors: AnchorStore | None = None,
    operator: str = "",
) -> RekeyReport:
    """Set (no current password), change, or with ``new_password`` None remove the password of
    the database at ``path`` and of its backups and copies. The caller holds the instance lock
    and has closed its own connections."""
    from unionapp.safety.backups import copies_of

    if new_password is not None:
        check_new_password(new_password)
    old = current_key(path, current)
    new = Keyring(new_password).new_key() if new_password is not None else None
    if old is None and new is None:
        raise DatabaseError("数据库没有设置密码")
    what = "设置密码" if old is None else ("取消密码" if new is None else "更改密码")
    head = rekey_file(path, old, new, exclusive=True, event={"密码": what}, operator=operator)
    _re_anchor(path, new, head, anchors)
    report = RekeyReport(path)
    for copy in copies_of(path):
        _rekey_copy(copy, current, old, new, report)
    return report


def _rekey_copy(
    copy: Path,
    current: Keyring | None,
    old: CipherKey | None,
    new: CipherKey | None,
    report: RekeyReport,
) -> None:
    kind = file_kind(copy)
    if kind is FileKind.PLAIN:
        source: CipherKey | None = None
        if new is None:
            return  # already plain
    elif kind is FileKind.ENCRYPTED:
        salt = sqlite.file_salt(copy)
        if new is not None and salt == new.salt and _opens(copy, new):
            return  # done by an earlier run
        source = (
            old
            if old is not None and salt == old.salt
            else (current.key_for(salt) if current is not None else None)
        )
        if source is None or not _opens(copy, source):
            report.skipped.append((copy, "无法用当前密码打开（可能是以前的密码加密的），未改动"))
            return
    else:
        return
    try:
        rekey_file(copy, source, new, exclusive=False)
    except DatabaseError as error:
        report.skipped.append((copy, str(error)))
        return
    report.copies.append(copy)


def _re_anchor(
    path: Path, key: CipherKey | None, head: chain.Head | None, anchors: AnchorStore | None
) -> None:
    """The log's seals changed: the seal kept outside the database follows."""
    if head is None:
        return
    connection = sqlite.connect_reading(path, key)
    try:
        row = connection.execute("SELECT value FROM setting WHERE key = 'database_id'").fetchone()
    finally:
        connection.close()
    store = anchors if anchors is not None else AnchorStore()
    store.put(str(path), Anchor(row[0] if row else "", head.id, head.hash), forward_only=False)


def encrypt_legacy(path: Path, keyring: Keyring, anchors: AnchorStore | None) -> CipherKey:
    """Encrypt a database that only had an opening-password hash, with that password."""
    new = keyring.new_key()
    head = rekey_file(path, None, new, exclusive=True, event={"密码": "旧版密码改为加密"})
    _re_anchor(path, new, head, anchors)
    from unionapp.safety.backups import copies_of

    report = RekeyReport(path)
    for copy in copies_of(path):
        _rekey_copy(copy, keyring, None, new, report)
    return new
