"""The PE import reader on files built here, including broken and hostile ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from pe_imports import NotAPortableExecutable, read_imports

from tests.packaging.pe_builder import build_pe


def write(tmp_path: Path, data: bytes, name: str = "module.pyd") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_reads_direct_and_delay_loaded_imports(tmp_path: Path) -> None:
    data = build_pe(["Qt6Core.dll", "KERNEL32.dll"], ["d3d11.dll"])
    imports = read_imports(write(tmp_path, data))
    assert imports.direct == ("Qt6Core.dll", "KERNEL32.dll")
    assert imports.delayed == ("d3d11.dll",)
    assert imports.all == ("Qt6Core.dll", "KERNEL32.dll", "d3d11.dll")


def test_a_file_without_imports_has_none(tmp_path: Path) -> None:
    assert read_imports(write(tmp_path, build_pe([]))).all == ()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "no MZ header"),
        (b"MZ" + bytes(10), "past the end"),
        (b"MZ" + bytes(0x3A) + b"\x40\0\0\0" + b"NE\0\0", "no PE signature"),
    ],
)
def test_not_a_pe_file_is_named(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(NotAPortableExecutable, match=reason):
        read_imports(write(tmp_path, data))


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    data = build_pe(["Qt6Core.dll"])
    with pytest.raises(NotAPortableExecutable):
        read_imports(write(tmp_path, data[: len(data) - 0x200 + 30]))


def test_an_import_table_without_its_end_is_refused(tmp_path: Path) -> None:
    data = build_pe(["Qt6Core.dll"], terminate=False)
    with pytest.raises(NotAPortableExecutable):
        read_imports(write(tmp_path, data))
