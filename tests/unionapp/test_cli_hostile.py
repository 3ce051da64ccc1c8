"""No input reaches the clerk as a traceback: each refusal is one Chinese line and exit 1 (or
argparse's exit 2), the details go to the log file with numbers masked, the data stays as it was.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sandbox import SANDBOX
from unionapp.cli import core_commands
from unionapp.cli.main import main
from unionapp.db.sqlite import driver
from unionapp.safety.backups import check_backup_file
from unionapp.system.logs import log_path

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse's usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out, err
    return code, out, err


@pytest.fixture
def demo_path(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "demo.sqlite3"
    assert (
        run(capsys, "--db", str(path), "demo", "--enterprises", "300", "--families", "30")[0] == 0
    )
    return path


def test_wrong_numbers_and_addresses_are_named(capsys, tmp_path: Path) -> None:
    path = str(tmp_path / "u.sqlite3")
    code, _out, err = run(capsys, "--db", path, "stats", "--year", "1e400")
    assert code == 2 and "不是年份" in err
    code, _out, err = run(capsys, "--db", path, "demo", "--families", "-3")
    assert code == 2 and "之间" in err
    code, _out, err = run(capsys, "--db", "mysql://root@localhost/union", "stats")
    assert code == 1 and err.startswith("错误：不支持“mysql”数据库") and err.count("\n") == 1


def test_an_empty_file_is_not_given_a_schema_by_a_reading_command(capsys, tmp_path) -> None:
    path = tmp_path / "空.sqlite3"
    path.touch()
    for command in (
        ["stats"],
        ["check"],
        ["export", "enterprises", "--out", str(tmp_path / "x.csv")],
    ):
        code, _out, err = run(capsys, "--db", str(path), *command)
        assert code == 1 and "是空文件" in err
    assert path.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["空.sqlite3"]


@pytest.mark.parametrize(
    "folder",
    [
        pytest.param(
            "问号?在里面",
            marks=pytest.mark.skipif(sys.platform == "win32", reason="Windows forbids ? in names"),
        ),
        "井号#与百分号%41",
        "空 格 与 中文",
    ],
)
def test_a_path_is_a_path_whatever_characters_its_folders_have(capsys, tmp_path, folder) -> None:
    path = tmp_path / folder / "工会 数据.sqlite3"
    assert run(capsys, "--db", str(path), "demo", "--enterprises", "5", "--families", "2")[0] == 0
    assert path.is_file() and [p.name for p in tmp_path.iterdir()] == [folder]
    copy = tmp_path / folder / "备份.sqlite3"
    assert run(capsys, "--db", str(path), "backup", "--out", str(copy))[0] == 0
    assert check_backup_file(copy) == []
    assert run(capsys, "--db", str(path), "restore", str(copy))[0] == 0
    code, out, _err = run(capsys, "--db", str(path), "check")
    assert code == 0 and "完好" in out


def wreck_a_page(path: Path, table: str = "enterprise") -> bytes:
    """Overwrite the root page of ``table``'s B-tree (the file's header stays sound). A page
    picked by its place in the file may be a free one, which no check needs to notice."""
    connection = driver.connect(str(path))
    try:
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    finally:
        connection.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * size
    data[start + 8 : start + size] = b"\xa5" * (size - 8)
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_damaged_page_is_named_and_nothing_is_written_into_it(capsys, demo_path, tmp_path):
    for suffix in ("-wal", "-shm"):
        assert not demo_path.with_name(demo_path.name + suffix).exists()
    damaged = wreck_a_page(demo_path)
    sheet = tmp_path / "新企业.csv"
    sheet.write_text("企业名称,建会情况\n新来的企业,未建会\n", encoding="utf-8")
    code, _out, err = run(capsys, "--db", str(demo_path), "import", "enterprises", str(sheet))
    assert code == 1 and "损坏" in err and "未写入" in err
    assert demo_path.read_bytes() == damaged
    code, _out, err = run(capsys, "--db", str(demo_path), "check")
    assert code == 1 and "损坏" in err
    for command in (
        ["stats"],
        ["export", "enterprises", "--out", str(tmp_path / "e.xlsx")],
        ["report", "survey", "--out", str(tmp_path / "s.pdf")],
    ):
        code, _out, err = run(capsys, "--db", str(demo_path), *command)
        assert code in (0, 1) and (code == 0 or err.startswith("错误："))


def test_something_unexpected_is_logged_with_numbers_masked(capsys, monkeypatch, tmp_path):
    def broken(_args) -> int:
        raise RuntimeError("a bug, while reading 320115198001011236 and 13812345678")

    monkeypatch.setattr(core_commands, "run_init", broken)
    code, _out, err = run(capsys, "--db", str(tmp_path / "u.sqlite3"), "init")
    assert code == 1 and "程序内部出错（RuntimeError）" in err and str(log_path()) in err
    assert str(log_path()).startswith(str(SANDBOX))  # the tests' own log, not the user's
    logged = log_path().read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: a bug" in logged
    assert "320115198001011236" not in logged and "320115********1236" in logged
    assert "13812345678" not in logged and "138****5678" in logged
    assert "320115198001011236" not in err


def test_an_encrypted_database_needs_its_password_from_the_right_places(
    capsys, demo_path, monkeypatch, tmp_path
):
    monkeypatch.setattr(sys, "stdin", io.StringIO("新的密码2024\n第二行不算\n"))
    code, out, err = run(capsys, "--db", str(demo_path), "password", "set")
    assert code == 0 and "已设置密码" in out and "忘记密码" in err
    code, _out, err = run(capsys, "--db", str(demo_path), "stats")  # stdin is no terminal here
    assert code == 1 and "--password-file" in err and "UNIONAPP_PASSWORD" in err
    secret = tmp_path / "密码.txt"
    secret.write_text("新的密码2024\r\n", encoding="utf-8")  # a Windows line ending is not part
    assert run(capsys, "--db", str(demo_path), "--password-file", str(secret), "stats")[0] == 0
    monkeypatch.setenv("UNIONAPP_PASSWORD", "不是这个")
    code, _out, err = run(capsys, "--db", str(demo_path), "stats")
    assert code == 1 and "密码不正确" in err and "恢复" not in err  # never taken for damage
    monkeypatch.setenv("UNIONAPP_PASSWORD", "新的密码2024")
    monkeypatch.setattr(sys, "stdin", io.StringIO("第三个密码123"))
    assert run(capsys, "--db", str(demo_path), "password", "change")[0] == 0
    monkeypatch.setenv("UNIONAPP_PASSWORD", "第三个密码123")
    assert run(capsys, "--db", str(demo_path), "password", "remove")[0] == 0
    monkeypatch.delenv("UNIONAPP_PASSWORD")
    assert run(capsys, "--db", str(demo_path), "check")[0] == 0


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 6 MiB filesystem (tmpfs), where the platform lets the tests mount one."""
    mount = tmp_path / "小磁盘"
    mount.mkdir()
    if sys.platform != "linux" or shutil.which("mount") is None:
        pytest.skip("needs Linux mount")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("mounting a small filesystem is not allowed here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_during_a_bulk_import_is_a_message_and_loses_nothing(capsys, small_disk):
    path = small_disk / "u.sqlite3"
    assert run(capsys, "--db", str(path), "demo", "--enterprises", "50", "--families", "5")[0] == 0
    sheet = small_disk.parent / "大表.csv"
    rows = "".join(f"企业{n:06d}有限公司,未建会,{'备' * 200}\n" for n in range(40_000))
    sheet.write_text("企业名称,建会情况,备注\n" + rows, encoding="utf-8")
    code, _out, err = run(capsys, "--db", str(path), "import", "enterprises", str(sheet))
    assert code == 1 and "磁盘已满" in err
    connection = driver.connect(str(path))
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM enterprise").fetchone() == (50,)
    finally:
        connection.close()


def test_the_command_line_as_a_process_prints_no_traceback(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    broken = tmp_path / "坏.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    for args in (
        ["--db", str(broken), "stats"],
        ["--db", str(tmp_path), "init"],
        ["--db", str(tmp_path / "x.db"), "import", "families", str(tmp_path)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "unionapp", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.startswith("错误："), done.stderr


def test_file_errors_are_said_in_words_with_what_to_do(tmp_path: Path) -> None:
    import errno

    from unionapp.system.files import FileInUse, describe_os_error

    target = tmp_path / "名册 2024.xlsx"
    full = OSError(errno.ENOSPC, "No space left on device", str(target))
    assert describe_os_error(full).startswith("磁盘空间不足") and str(target) in describe_os_error(
        full
    )
    denied = PermissionError(errno.EACCES, "Permission denied", str(target))
    assert "没有权限" in describe_os_error(denied)
    gone = FileNotFoundError(errno.ENOENT, "No such file", str(target))
    assert describe_os_error(gone).startswith("找不到文件")
    assert "请关闭该文件后重试" in describe_os_error(FileInUse(target))
