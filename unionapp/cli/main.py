"""Parse arguments, open the database, run one command, map failures to exit codes.

Exit codes: 0 done; 1 bad input or a refused operation (one-line reason on stderr, in Chinese);
2 wrong usage (argparse). Nothing reaches the clerk as a traceback: whatever no command
expected is written to the log file with its details and reported in one line.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from unionapp import APP_NAME, __version__
from unionapp.cli.errors import CommandFailed
from unionapp.cli.key_ahead import derive_ahead
from unionapp.cli.read_ahead import read_ahead
from unionapp.cli.startup import command_pace, preload, settled
from unionapp.db.errors import DatabaseError
from unionapp.db.keys import Keyring
from unionapp.printing.options import PrintError
from unionapp.services.errors import RecordInvalid, RefusedError
from unionapp.sync.errors import SyncError
from unionapp.system.files import FileInUse, describe_os_error
from unionapp.system.logs import redact, setup_logging

if TYPE_CHECKING:
    from unionapp.spreadsheets.readerprocess import ReaderProcess

log = logging.getLogger("unionapp.cli")


def build_parser() -> argparse.ArgumentParser:
    from unionapp.cli import (  # with them SQLAlchemy and the mapped classes load
        core_commands,
        password_commands,
        report_commands,
        safety_commands,
        sheet_commands,
        sync_commands,
    )

    parser = argparse.ArgumentParser(
        prog="python -m unionapp", description=f"{APP_NAME} {__version__}：命令行"
    )
    parser.add_argument("--db", metavar="PATH_OR_URL", help="数据库文件路径或 PostgreSQL 地址")
    parser.add_argument(
        "--password-file",
        metavar="FILE",
        help="加密数据库的密码文件（第一行），也可用环境变量 UNIONAPP_PASSWORD",
    )
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (
        core_commands,
        report_commands,
        sheet_commands,
        safety_commands,
        password_commands,
        sync_commands,
    ):
        module.register(commands)
    return parser


def _say(message: object) -> None:
    print(f"错误：{redact(str(message))}", file=sys.stderr)


def main(argv: Sequence[str] | None = None, *, whole_process: bool = False) -> int:
    """Run one command; ``whole_process`` when it is all the process does (``python -m
    unionapp``): what start-up loads is then kept out of the collector's way (see startup)."""
    log_file = setup_logging()
    keyring = derive_ahead(argv)  # an encrypted file's key, derived while the commands load
    reader = read_ahead(argv)  # an imported file's reader, checking it meanwhile
    try:
        return _run(argv, log_file, keyring, reader, whole_process)
    finally:
        if reader is not None:
            reader.close()  # the command did not take it (or is done with it)


def _run(
    argv: Sequence[str] | None,
    log_file: Path | None,
    keyring: Keyring | None,
    reader: ReaderProcess | None,
    whole_process: bool,
) -> int:
    with settled() if whole_process else contextlib.nullcontext():
        args = build_parser().parse_args(argv)
    args.keyring = keyring
    args.reader = reader
    args.whole_process = whole_process
    try:
        if whole_process:
            with settled():
                preload(getattr(args, "preload", ()))
            command_pace()
        return int(args.handler(args) or 0)
    except (DatabaseError, RefusedError, CommandFailed, FileInUse, PrintError, SyncError) as error:
        _say(error)
    except RecordInvalid as error:
        for message in error.errors.values():
            _say(message)
    except BrokenPipeError:
        sys.stderr.close()  # output was cut short by a pager or `head`; not an error
        return 0
    except KeyboardInterrupt:
        print("已中断；已保存的数据不受影响", file=sys.stderr)
    except MemoryError:
        log.exception("out of memory in %s", args.command)
        _say("内存不足，操作未完成；数据未作改动")
    except OSError as error:
        log.warning("file error in %s: %s", args.command, error)
        _say(describe_os_error(error))
    except Exception as error:  # the edge: anything unexpected is logged, never shown raw
        from unionapp.db.engine import is_driver_error, translate

        if is_driver_error(error):
            log.warning("database error in %s", args.command, exc_info=True)
            _say(translate(error))
        else:
            log.exception("unexpected failure in %s", args.command)
            where = f"详细信息已写入日志 {log_file}" if log_file else "无法写入日志文件"
            _say(
                f"程序内部出错（{type(error).__name__}），操作未完成，已保存的数据未受影响；{where}"
            )
    return 1


if __name__ == "__main__":
    sys.exit(main(whole_process=True))
