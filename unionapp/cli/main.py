"""Parse arguments, open the database, run one command, map failures to exit codes.

Exit codes: 0 done; 1 bad input or a refused operation (one-line reason on stderr);
2 wrong usage (argparse).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from unionapp import APP_NAME, __version__
from unionapp.cli import core_commands, report_commands, safety_commands, sheet_commands
from unionapp.db import DatabaseError
from unionapp.services.records import RecordInvalid, RefusedError


class CommandFailed(Exception):
    """A command could not do its work; the message goes to stderr, exit code 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m unionapp", description=f"{APP_NAME} {__version__}：命令行"
    )
    parser.add_argument("--db", metavar="PATH_OR_URL", help="数据库文件路径或 SQLAlchemy URL")
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _command_modules():
        module.register(commands)
    return parser


def _command_modules() -> list:  # type: ignore[type-arg]
    return [core_commands, report_commands, sheet_commands, safety_commands]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except (DatabaseError, RefusedError, CommandFailed) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    except RecordInvalid as error:
        for message in error.errors.values():
            print(f"错误：{message}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        sys.stderr.close()  # output was cut short by a pager or `head`; not an error
        return 0
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
