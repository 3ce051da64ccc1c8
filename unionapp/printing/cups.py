"""CUPS (Linux, macOS): the PDF goes to the queue as it is, with copies, sides and A4."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from unionapp.printing.options import (
    Duplex,
    PrintError,
    PrintOptions,
    PrintSystemMissing,
    UnknownPrinter,
)

SIDES = {
    Duplex.ONE_SIDED: "one-sided",
    Duplex.LONG_EDGE: "two-sided-long-edge",
    Duplex.SHORT_EDGE: "two-sided-short-edge",
}
_JOB = re.compile(r"request id is (\S+)")
TIMEOUT = 60


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    tool = shutil.which(args[0])
    if tool is None:
        raise PrintSystemMissing("找不到打印系统（CUPS 的 lp 命令）；请安装并配置打印机后再打印")
    env = dict(os.environ, LC_ALL="C", LANG="C")  # messages the program can read
    try:
        return subprocess.run(
            [tool, *args[1:]],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TIMEOUT,
            env=env,
        )
    except subprocess.TimeoutExpired as error:
        raise PrintError("打印系统没有响应（超过60秒），请检查打印服务后重试") from error


def printers() -> list[str]:
    done = _run(["lpstat", "-e"])
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def default_printer() -> str | None:
    done = _run(["lpstat", "-d"])
    match = re.search(r"system default destination: (\S+)", done.stdout)
    return match.group(1) if match else None


def resolve(name: str | None) -> str:
    """The queue a job for ``name`` (None: the default) would go to; refuses unknown ones."""
    printer = name or default_printer()
    if not printer:
        raise UnknownPrinter("没有默认打印机；请用 --printer 指定打印机，或在系统中设置默认打印机")
    if printer not in printers():
        raise UnknownPrinter(f"没有名为“{printer}”的打印机")
    return printer


def submit(pdf: Path, options: PrintOptions) -> str:
    printer = resolve(options.printer)
    args = [
        "lp",
        "-d",
        printer,
        "-n",
        str(options.copies),
        "-t",
        options.title,
        "-o",
        f"sides={SIDES[options.duplex]}",
        "-o",
        "media=A4",
    ]
    if options.copies > 1:
        args += ["-o", "collate=true"]
    if options.pages is not None:
        args += ["-o", f"page-ranges={options.pages[0]}-{options.pages[1]}"]
    done = _run([*args, "--", str(pdf)])
    match = _JOB.search(done.stdout)
    if done.returncode != 0 or match is None:
        reason = (done.stderr or done.stdout).strip().removeprefix("lp:").strip()
        raise PrintError(f"打印系统拒绝了这个打印任务：{reason or '原因不明'}")
    return match.group(1)
