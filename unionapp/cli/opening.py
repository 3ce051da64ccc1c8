"""How a command opens the database: ``--db``, and the password of an encrypted file from
``--password-file``, then ``UNIONAPP_PASSWORD``, then a prompt (only at a terminal)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from unionapp.cli.key_ahead import PASSWORD_ENV, first_line
from unionapp.database import Database, open_database
from unionapp.db.errors import PasswordRequired

NEEDED = (
    "数据库已加密，需要密码：请用 --password-file 文件（放在命令之前，与 --db 一样）"
    f"或环境变量 {PASSWORD_ENV} 提供"
)


def password_of(args: argparse.Namespace) -> str:
    """The current password, asked for only when the database turns out to be encrypted."""
    if getattr(args, "password_file", None):
        try:
            text = Path(args.password_file).read_text(encoding="utf-8-sig")
        except OSError as error:
            raise PasswordRequired(
                f"无法读取密码文件“{args.password_file}”：{error.strerror}"
            ) from error
        except UnicodeDecodeError as error:
            raise PasswordRequired("密码文件应为 UTF-8 文本") from error
        return first_line(text)
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("数据库密码：")
    raise PasswordRequired(NEEDED)


def open_for(args: argparse.Namespace, **options: bool) -> Database:
    ahead = getattr(args, "keyring", None)  # the key derived while the command loaded
    password = ahead if ahead is not None else lambda: password_of(args)
    return open_database(args.db, password=password, **options)
