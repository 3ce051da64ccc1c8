"""One private CUPS scheduler for the printing tests, with a fresh queue per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.cups_server import CupsServer, start
from tests.real_parts import tool

_names = itertools.count(1)


@pytest.fixture(scope="session")
def cups_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CupsServer]:
    cupsd = tool("cupsd", "cups", "/usr/sbin")
    tool("lp", "cups-bsd or cups-client")
    tool("lpadmin", "cups-client", "/usr/sbin")
    server = start(tmp_path_factory.mktemp("cups"), cupsd)
    yield server
    server.stop()


@pytest.fixture
def cups(cups_server: CupsServer, monkeypatch: pytest.MonkeyPatch) -> CupsServer:
    """The scheduler, used by this test's ``lp`` (CUPS_SERVER), with no default queue."""
    monkeypatch.setenv("CUPS_SERVER", cups_server.socket)
    return cups_server


@pytest.fixture
def queue(cups: CupsServer) -> str:
    name = f"office{next(_names)}"
    cups.add_queue(name)
    return name
