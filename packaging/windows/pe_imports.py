"""The DLL names a Windows executable, .dll or .pyd imports, read from its PE import tables.

A small reader of the Portable Executable format (Microsoft's "PE Format" specification): the
DOS header points to the PE header, whose optional header holds the data directories; entry 1 is
the import table and entry 13 the delay-load import table, each an array of descriptors naming a
DLL by the relative virtual address (RVA) of its name. RVAs map to file offsets through the
section table. Nothing here runs the file.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

IMPORT_DIRECTORY = 1
DELAY_IMPORT_DIRECTORY = 13
MAX_DESCRIPTORS = 4096  # far beyond any real file: a guard against a looping table


class NotAPortableExecutable(ValueError):
    """The file is not a PE image, or a table in it points outside the file."""


@dataclass(frozen=True)
class Imports:
    """DLL names as written in the file (compare them case-insensitively, as Windows does)."""

    direct: tuple[str, ...]
    delayed: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.direct + self.delayed


@dataclass(frozen=True)
class _Section:
    size: int  # VirtualSize, VirtualAddress, SizeOfRawData, PointerToRawData, in file order
    address: int
    raw_size: int
    offset: int


class _Image:
    def __init__(self, data: bytes, name: str) -> None:
        self.data = data
        self.name = name
        if data[:2] != b"MZ":
            raise NotAPortableExecutable(f"{name}: no MZ header")
        (pe_offset,) = self._unpack("<I", 0x3C)
        if self.data[pe_offset : pe_offset + 4] != b"PE\0\0":
            raise NotAPortableExecutable(f"{name}: no PE signature")
        coff = pe_offset + 4
        _machine, sections, _, _, _, optional_size, _ = self._unpack("<HHIIIHH", coff)
        optional = coff + 20
        (magic,) = self._unpack("<H", optional)
        if magic == 0x20B:  # PE32+ (64-bit)
            directories_at, count_at = optional + 112, optional + 108
        elif magic == 0x10B:  # PE32
            directories_at, count_at = optional + 96, optional + 92
        else:
            raise NotAPortableExecutable(f"{name}: unknown optional header {magic:#x}")
        (self.directory_count,) = self._unpack("<I", count_at)
        self.directories_at = directories_at
        table = optional + optional_size
        self.sections = [
            _Section(*self._unpack("<IIII", table + 40 * index + 8)) for index in range(sections)
        ]

    def _unpack(self, layout: str, offset: int) -> tuple[int, ...]:
        size = struct.calcsize(layout)
        if offset < 0 or offset + size > len(self.data):
            raise NotAPortableExecutable(f"{self.name}: header runs past the end of the file")
        return struct.unpack_from(layout, self.data, offset)

    def directory(self, index: int) -> int:
        if index >= self.directory_count:
            return 0
        address, _size = self._unpack("<II", self.directories_at + 8 * index)
        return address

    def offset_of(self, rva: int) -> int:
        for section in self.sections:
            if section.address <= rva < section.address + max(section.size, section.raw_size):
                return section.offset + (rva - section.address)
        raise NotAPortableExecutable(f"{self.name}: address {rva:#x} is in no section")

    def string_at(self, rva: int) -> str:
        start = self.offset_of(rva)
        end = self.data.find(b"\0", start)
        if end < 0:
            raise NotAPortableExecutable(f"{self.name}: unterminated name at {rva:#x}")
        return self.data[start:end].decode("ascii", errors="strict")

    def names(self, index: int, size: int, name_field: int) -> tuple[str, ...]:
        address = self.directory(index)
        if not address:
            return ()
        start = self.offset_of(address)
        names = []
        for number in range(MAX_DESCRIPTORS):
            entry = self.data[start + number * size : start + (number + 1) * size]
            if len(entry) < size:
                raise NotAPortableExecutable(f"{self.name}: import table runs past the end")
            if not any(entry):
                return tuple(names)
            (name_rva,) = struct.unpack_from("<I", entry, name_field)
            names.append(self.string_at(name_rva))
        raise NotAPortableExecutable(f"{self.name}: import table has no end")


def read_imports(path: Path) -> Imports:
    """The DLLs `path` imports: at load time (direct) and on first use (delay-loaded)."""
    image = _Image(path.read_bytes(), path.name)
    return Imports(
        direct=image.names(IMPORT_DIRECTORY, 20, 12),
        delayed=image.names(DELAY_IMPORT_DIRECTORY, 32, 4),
    )
