"""Opening a database: the one way in, for the window and the command line.

It finds the database (``--db``, ``UNIONAPP_DB`` or the user data folder), recognises what the
file is before SQLite writes a byte to it (missing, empty, ours, someone else's, encrypted),
asks for the password only for an encrypted file, refuses files of other programs and of newer
versions untouched, migrates after taking a copy, and returns a ``Database``: an engine, the
key, and sessions that write the audit log in the same transaction as every change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, exc, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from unionapp.audit import recording
from unionapp.audit.anchors import Anchor, AnchorStore
from unionapp.db import sqlite
from unionapp.db.engine import WRITE_OPTION, sqlite_engine, translate
from unionapp.db.errors import DatabaseError, PasswordRequired, ReadOnlyLocation, WrongPassword
from unionapp.db.keys import CipherKey, Keyring
from unionapp.db.paths import Location, locate
from unionapp.db.revision import read_facts
from unionapp.db.sqlite import FileKind, file_kind
from unionapp.models import SyncBinding
from unionapp.services import archive
from unionapp.services.errors import RecordChanged
from unionapp.sync import recorder as sync_recorder
from unionapp.system.files import create_private

Password = str | Callable[[], str] | Keyring | None


@dataclass
class Database:
    """An open database: an engine and the sessions made from it."""

    location: Location
    engine: Engine
    key: CipherKey | None = None
    keyring: Keyring | None = None
    read_only: bool = False
    operator: str = ""
    database_id: str = ""
    anchors: AnchorStore | None = None
    sync_bound: bool = False  # bound to an office: every change goes in the change log
    _reader: sessionmaker[Session] = field(init=False, repr=False)
    _writer: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        for maker in (self._reader, self._writer):
            recording.install(maker)
            archive.install(maker)
            sync_recorder.install(maker)

    @property
    def path(self) -> Path | None:
        return self.location.path

    @property
    def display_name(self) -> str:
        return self.location.display_name

    @property
    def short_name(self) -> str:
        return self.location.short_name

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def _prepare(self, session: Session) -> Session:
        session.info["operator"] = self.operator
        session.info[recording.KEY_INFO] = self.key.audit_key() if self.key else None
        session.info[sync_recorder.RECORDING] = self.sync_bound
        return session

    def session(self) -> Session:
        """A plain session for reading; the caller frames any transaction."""
        return self._prepare(self._reader())

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite): all of it is saved, or none."""
        if self.read_only:
            raise DatabaseError("数据库以只读方式打开，不能保存修改")
        session = self._prepare(self._writer())
        try:
            with session.begin():
                yield session
        except (exc.DBAPIError, sqlite.Error) as error:
            raise translate(error) from error
        except StaleDataError as error:  # a row changed by someone else since it was read
            raise RecordChanged() from error
        finally:
            session.close()
        self._anchor(session)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        session = self.session()
        try:
            with session.begin():
                yield session
        except (exc.DBAPIError, sqlite.Error) as error:
            raise translate(error) from error
        finally:
            session.close()

    def _anchor(self, session: Session) -> None:
        head = session.info.get(recording.HEAD_INFO)
        if head is not None and self.anchors is not None and self.database_id:
            self.anchors.put(self.display_name, Anchor(self.database_id, head.id, head.hash))

    def close(self) -> None:
        self.engine.dispose()


def _keyring(password: Password) -> Keyring:
    if isinstance(password, Keyring):
        return password
    given = password() if callable(password) else password
    if not given:
        raise PasswordRequired()
    return Keyring(given)


def open_database(
    target: str | None = None,
    *,
    create: bool = True,
    read_only: bool = False,
    operator: str = "",
    password: Password = None,
    anchors: AnchorStore | None = None,
) -> Database:
    """Open (and create or upgrade) the database named by path or URL.

    Raises a :class:`DatabaseError` (typed: password required or wrong, damaged, not ours,
    newer) with a clear message; a file that is refused is left exactly as it was.
    """
    location = locate(target)
    anchors = anchors if anchors is not None else AnchorStore()
    if location.path is None:
        from unionapp.db.server import open_server

        return open_server(location, read_only=read_only, operator=operator, anchors=anchors)
    path = location.path
    kind = file_kind(path)
    key, keyring = None, None
    if kind is FileKind.OTHER:
        what = (
            "是一个文件夹" if path.is_dir() else "不是工会工作台的数据库文件（不是 SQLite 数据库）"
        )
        raise DatabaseError(f"“{path}”{what}")
    if kind in (FileKind.MISSING, FileKind.EMPTY):
        if not create or read_only:
            state = "不存在" if kind is FileKind.MISSING else "是空文件"
            raise DatabaseError(f"数据库文件“{path}”{state}；请先用 init 命令或在窗口中新建数据库")
        _create(path)
    if kind is FileKind.ENCRYPTED:
        keyring = _keyring(password)
        key = keyring.key_for(sqlite.file_salt(path))
    facts = read_facts(path, key) if kind not in (FileKind.MISSING, FileKind.EMPTY) else None
    if facts is not None and facts.read_only_media and not read_only:
        raise ReadOnlyLocation(
            f"数据库“{path}”在只读的位置（写保护的U盘或光盘），只能以只读方式打开查看"
        )
    if facts is not None and key is None:
        from unionapp.safety.legacy_password import check_legacy_password

        keyring = check_legacy_password(path, facts, password, read_only=read_only)
    if facts is None or not facts.current:
        if read_only:
            raise DatabaseError(
                "这个数据库需要升级到新版本的格式，只读方式下不能升级；请以正常方式打开"
            )
        from unionapp.db.migrate import upgrade_to_head  # Alembic loads only when needed

        upgrade_to_head(location, key, revision=facts.revision if facts else None)
    if keyring is not None and key is None and not read_only:  # a legacy password: encrypt now
        from unionapp.safety.encryption import encrypt_legacy

        key = encrypt_legacy(path, keyring, anchors)
    immutable = facts is not None and facts.read_only_media
    engine = sqlite_engine(path, key, read_only=read_only, immutable=immutable)
    database = Database(
        location,
        engine,
        key=key,
        keyring=keyring,
        read_only=read_only,
        operator=operator,
        anchors=anchors,
    )
    _finish(database)
    return database


def _create(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        create_private(path)
    except OSError as error:
        raise DatabaseError(f"无法创建数据库文件“{path}”：{error.strerror}") from error


def login_name() -> str:
    """The computer's user name (Windows: USERNAME), so no change goes unattributed."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name to be had (a service account)
        return ""


def _finish(database: Database) -> None:
    """Read what every session needs (operator, database id); a failure closes the engine."""
    from unionapp.services.settings import get_setting

    try:
        with database.read() as session:
            session.execute(text("SELECT count(*) FROM alembic_version"))
            if not database.operator:  # the one set in 设置, else who is logged in
                database.operator = get_setting(session, "operator") or login_name()
            database.database_id = get_setting(session, "database_id")
            database.sync_bound = session.get(SyncBinding, 1) is not None
    except BaseException:
        database.close()
        raise


def verify_password(database: Database, password: str) -> bool:
    """The idle lock's check: the password that opened this database (False without one)."""
    return database.keyring is not None and database.keyring.matches(password)


__all__ = ["Database", "DatabaseError", "PasswordRequired", "WrongPassword", "open_database"]
