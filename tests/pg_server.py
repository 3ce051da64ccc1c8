"""A private PostgreSQL server in a temporary folder: its own cluster (UTF-8, C.UTF-8 locale),
listening on 127.0.0.1 at a free port and on a socket inside the folder, stopped and removed at
the end. Nothing touches the machine's own clusters.

initdb and postgres refuse to run as root: run as root (CI), both run as the ``postgres`` user
(``runuser -u postgres --``), which is given the folder; run as anyone else, they run as that
user. The folder is made under the system's temporary folder because pytest's own is private
to its user (0700), where the ``postgres`` user could not reach its data.

The server trades durability for speed (fsync off): it holds test data only.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

SERVER_USER = "postgres"  # the Debian package's system user
SUPERUSER = "postgres"  # the cluster's own superuser role
LOCALE = "C.UTF-8"  # classifies Chinese characters as letters: pg_trgm indexes them
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "log_min_messages": "warning",
}


def bin_folders() -> list[str]:
    """Where Debian keeps the server's programs, newest version first."""
    root = Path("/usr/lib/postgresql")
    versions = sorted(
        (p for p in root.glob("*/bin") if p.parent.name.isdigit()),
        key=lambda p: int(p.parent.name),
        reverse=True,
    )
    return [str(p) for p in versions]


def is_root() -> bool:
    geteuid = getattr(os, "geteuid", None)  # POSIX only
    return geteuid is not None and geteuid() == 0


def as_server_user(args: list[str]) -> list[str]:
    if is_root():
        return ["runuser", "-u", SERVER_USER, "--", *args]
    return args


def can_run_as_server_user() -> str | None:
    """Why the server cannot be started here, or None."""
    if not is_root():
        return None
    import pwd

    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        return (
            f"no '{SERVER_USER}' user to run the server as (install the Debian package postgresql)"
        )
    if shutil.which("runuser") is None:
        return "runuser not found (util-linux)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    root: Path
    bindir: Path
    port: int
    process: subprocess.Popen[bytes]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def libpq(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    @contextlib.contextmanager
    def admin(self, database: str = "postgres") -> Iterator[psycopg.Connection]:
        with psycopg.connect(self.libpq(database), autocommit=True) as connection:
            yield connection

    def create_database(self, name: str, template: str | None = None) -> None:
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self.admin() as connection:
            connection.execute(statement)

    def drop_database(self, name: str) -> None:
        with self.admin() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(encoding="utf-8", errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        self.stop_keeping_folder()
        shutil.rmtree(self.root, ignore_errors=True)

    def stop_keeping_folder(self) -> None:
        """A fast shutdown (sessions left are ended) through pg_ctl, which signals the server
        itself: runuser, our child, does not pass signals on."""
        subprocess.run(
            as_server_user(
                [str(self.bindir / "pg_ctl"), "stop", "-D", str(self.root / "data"), "-m", "fast"]
            ),
            capture_output=True,
            cwd=self.root,
        )
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def make_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="unionapp-pg-"))
    if is_root():
        shutil.chown(root, SERVER_USER, SERVER_USER)
    return root


def start(bindir: Path, attempts: int = 3) -> PostgresServer:
    """A fresh cluster, started and accepting connections."""
    root = make_root()
    data = root / "data"
    initdb = subprocess.run(
        as_server_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                f"--locale={LOCALE}",
                "--no-sync",
            ]
        ),
        capture_output=True,
        cwd=root,
    )
    if initdb.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        detail = initdb.stderr.decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"initdb failed:\n{detail}")
    for _ in range(attempts):
        server = _launch(root, bindir, data, free_port())
        if server is not None:
            return server
    log = (root / "server.log").read_text(encoding="utf-8", errors="replace")[-3000:]
    shutil.rmtree(root, ignore_errors=True)
    raise RuntimeError(f"postgres did not start:\n{log}")


def _launch(root: Path, bindir: Path, data: Path, port: int) -> PostgresServer | None:
    options = [f"--{key}={value}" for key, value in SETTINGS.items()]
    options += [f"--port={port}", f"--unix_socket_directories={root}"]
    log = root / "server.log"
    with log.open("ab") as output:  # opened by us (root): the server writes to the inherited fd
        process = subprocess.Popen(
            as_server_user([str(bindir / "postgres"), "-D", str(data), *options]),
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=root,
        )
    server = PostgresServer(root, bindir, port, process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None  # the port was taken meanwhile, or it failed: the caller decides
        try:
            with psycopg.connect(server.libpq(), connect_timeout=2):
                return server
        except psycopg.OperationalError:
            time.sleep(0.1)
    server.stop_keeping_folder()
    return None
