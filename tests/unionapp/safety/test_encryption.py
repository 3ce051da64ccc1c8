"""The password encrypts the database, its WAL, its backups and copies; it is asked before
anything opens the file; a wrong one is never taken for damage; changing it is kill-safe."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from unionapp.database import open_database
from unionapp.db import NotOurDatabase, PasswordRequired, WrongPassword
from unionapp.db.keys import Keyring
from unionapp.db.sqlite import FileKind, file_kind
from unionapp.models import HardshipFamily
from unionapp.safety.backups import automatic_backup, backups_folder, check_backup_file
from unionapp.safety.checking import check_database
from unionapp.safety.encryption import change_password
from unionapp.schema.records import FAMILY
from unionapp.services import records
from unionapp.validation.idcard import id_check_char

pytestmark = pytest.mark.sqlite_only  # SQLCipher files and their copies

NAME = "阿依古丽·买买提"  # a name to look for in the raw bytes


def worker_id(serial: int) -> str:
    body = f"32011519800101{serial:03d}"
    return body + id_check_char(body)


def add_family(db, name: str = NAME, serial: int = 1) -> None:
    with db.write() as session:
        records.create(
            session,
            FAMILY,
            {
                "worker_name": name,
                "id_number": worker_id(serial),
                "category": "相对困难",
                "phone": "13812345678",
            },
            records.make_context(session),
        )


def every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".lock")]


def assert_no_plaintext(folder: Path) -> None:
    for path in every_file(folder):
        data = path.read_bytes()
        assert NAME.encode("utf-8") not in data, path
        assert worker_id(1).encode() not in data, path
        assert not data.startswith(b"SQLite format 3"), path


def test_setting_a_password_encrypts_the_database_its_backups_and_copies(db, db_path) -> None:
    add_family(db)
    automatic_backup(db_path, "close", datetime(2024, 6, 1, 18, 0))
    before_copy = db_path.with_name(f"{db_path.stem}.before-0003-20240601-090000.sqlite3")
    from unionapp.db.copying import copy_sqlite

    copy_sqlite(db_path, before_copy, None)
    db.close()
    report = change_password(db_path, None, PASSWORD)
    assert len(report.copies) == 2 and report.skipped == []
    assert file_kind(db_path) is FileKind.ENCRYPTED
    assert not db_path.with_name(db_path.name + "-wal").exists()
    assert_no_plaintext(db_path.parent)

    with pytest.raises(PasswordRequired):
        open_database(str(db_path))
    with pytest.raises(WrongPassword):
        open_database(str(db_path), password="not it")
    database = open_database(str(db_path), password=PASSWORD)
    add_family(database, "第二户", serial=2)  # written through the WAL: encrypted there too
    assert_no_plaintext(db_path.parent)
    with database.read() as session:
        assert session.scalar(select(func.count(HardshipFamily.id))) == 2
    assert check_database(database) == []
    database.close()
    backup = backups_folder(db_path) / f"{db_path.stem}-20240601-180000.sqlite3"
    assert check_backup_file(backup) != [] and check_backup_file(backup, Keyring(PASSWORD)) == []


def test_changing_and_removing_the_password_follow_the_backups(encrypted_db, db_path) -> None:
    add_family(encrypted_db)
    backup = automatic_backup(db_path, "close", key=encrypted_db.key)
    encrypted_db.close()
    with pytest.raises(WrongPassword):
        change_password(db_path, Keyring("wrong guess"), "另一个密码123")
    change_password(db_path, Keyring(PASSWORD), "另一个密码123")
    with pytest.raises(WrongPassword):
        open_database(str(db_path), password=PASSWORD)
    assert check_backup_file(backup, Keyring("另一个密码123")) == []
    database = open_database(str(db_path), password="另一个密码123")
    assert check_database(database) == []  # the audit log was sealed again under the new key
    database.close()

    change_password(db_path, Keyring("另一个密码123"), None)
    assert file_kind(db_path) is FileKind.PLAIN and file_kind(backup) is FileKind.PLAIN
    database = open_database(str(db_path))
    assert check_database(database) == [] and database.key is None
    with database.read() as session:
        assert session.scalar(select(HardshipFamily.worker_name)) == NAME
    database.close()


def test_a_new_password_must_be_long_enough(db, db_path) -> None:
    db.close()
    with pytest.raises(ValueError, match="至少6位"):
        change_password(db_path, None, "12345")
    assert file_kind(db_path) is FileKind.PLAIN


def test_a_file_of_random_bytes_asks_for_a_password_and_a_wrong_one_is_no_damage(
    tmp_path: Path,
) -> None:
    path = tmp_path / "随机.sqlite3"
    path.write_bytes(bytes(range(256)) * 64)  # page-sized, high entropy: looks encrypted
    before = path.read_bytes()
    with pytest.raises(PasswordRequired):
        open_database(str(path))
    with pytest.raises(WrongPassword, match="密码不正确"):
        open_database(str(path), password="whatever1")
    assert path.read_bytes() == before
    text = tmp_path / "说明.sqlite3"
    text.write_text("这是一份说明，不是数据库。" * 100, encoding="utf-8")
    with pytest.raises(Exception, match="不是 SQLite 数据库"):
        open_database(str(text))


def test_databases_with_the_old_opening_password_are_encrypted_with_it(db, db_path) -> None:
    from unionapp.safety.legacy_password import stored_hash
    from unionapp.services.settings import set_setting

    add_family(db)
    import base64
    import hashlib

    salt = b"0123456789abcdef"
    digest = hashlib.scrypt("旧密码2023".encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    legacy = (
        f"scrypt${2**14}$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    )
    with db.write() as session:
        set_setting(session, "password_hash", legacy)
    db.close()
    with pytest.raises(PasswordRequired):
        open_database(str(db_path))
    with pytest.raises(WrongPassword):
        open_database(str(db_path), password="猜的")
    database = open_database(str(db_path), password="旧密码2023")
    assert database.encrypted and file_kind(db_path) is FileKind.ENCRYPTED
    assert check_database(database) == []
    database.close()
    assert stored_hash(db_path) == ""  # (a plain read of it fails: the file is encrypted now)
    assert_no_plaintext(db_path.parent)


def test_a_foreign_file_is_never_switched_to_wal(tmp_path: Path) -> None:
    from unionapp.db.sqlite import driver

    path = tmp_path / "别的程序.db"
    other = driver.connect(str(path))
    other.execute("CREATE TABLE customers (id INTEGER)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(NotOurDatabase, match="未作任何改动"):
        open_database(str(path))
    assert path.read_bytes() == before and before[18:20] == b"\x01\x01"  # still rollback mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["别的程序.db"]


def test_a_key_derived_ahead_is_the_key_derived_on_demand() -> None:
    """The command line starts deriving while it loads; the key it gets is the same one."""
    from unionapp.db.keys import derive

    salt = bytes(range(16))
    ahead = Keyring(PASSWORD)
    ahead.prefetch(salt)
    ahead.prefetch(salt)  # asked twice: derived once
    assert ahead.key_for(salt) == derive(PASSWORD, salt)
    assert ahead.key_for(salt) is ahead.key_for(salt)
    other = bytes(16)
    assert ahead.key_for(other) == Keyring(PASSWORD).key_for(other) != ahead.key_for(salt)
