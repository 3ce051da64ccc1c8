"""The command line starts deriving an encrypted file's key before its commands load, from the
password given by file or environment; in every other case it derives nothing ahead and the
command says what is wrong as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from unionapp.cli.key_ahead import derive_ahead
from unionapp.cli.main import main
from unionapp.db.keys import derive
from unionapp.db.sqlite import file_salt
from unionapp.safety.encryption import change_password

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def encrypted(db_path: Path) -> Path:
    change_password(db_path, None, PASSWORD)
    return db_path


def test_the_key_is_derived_ahead_from_a_password_file(encrypted: Path, tmp_path: Path) -> None:
    secret = tmp_path / "密码 文件.txt"
    secret.write_text(PASSWORD + "\r\n", encoding="utf-8")
    keyring = derive_ahead(["--db", str(encrypted), "--password-file", str(secret), "stats"])
    assert keyring is not None
    salt = file_salt(encrypted)
    assert keyring.key_for(salt) == derive(PASSWORD, salt)


def test_the_key_is_derived_ahead_from_the_environment_and_the_command_uses_it(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UNIONAPP_PASSWORD", PASSWORD)
    assert derive_ahead([f"--db={encrypted}", "stats"]) is not None
    assert main(["--db", str(encrypted), "stats"]) == 0
    monkeypatch.setenv("UNIONAPP_PASSWORD", "不是这个")
    assert main(["--db", str(encrypted), "stats"]) == 1  # a wrong key is a wrong password
    assert "密码不正确" in capsys.readouterr().err


def test_nothing_is_derived_ahead_without_an_encrypted_file_and_a_given_password(
    db_path: Path, encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UNIONAPP_PASSWORD", raising=False)
    assert derive_ahead(["--db", str(encrypted), "stats"]) is None  # asked for later
    monkeypatch.setenv("UNIONAPP_PASSWORD", PASSWORD)
    plain = tmp_path / "明文.sqlite3"
    plain.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    assert derive_ahead(["--db", str(plain), "stats"]) is None
    assert derive_ahead(["--db", str(tmp_path / "没有.sqlite3"), "init"]) is None
    assert derive_ahead(["--db", "postgresql+psycopg://u:p@127.0.0.1/x", "stats"]) is None
    missing = tmp_path / "没有的密码文件.txt"
    assert derive_ahead(["--db", str(encrypted), "--password-file", str(missing), "stats"]) is None
    broken = tmp_path / "乱码.txt"
    broken.write_bytes(b"\xff\xfe\xfa not utf-8")
    assert derive_ahead(["--db", str(encrypted), "--password-file", str(broken), "stats"]) is None
