"""Write small PE32+ files for the tests: one section holding import and delay-import tables."""

from __future__ import annotations

import struct

SECTION_RVA = 0x1000
FILE_ALIGN = 0x200


def build_pe(direct: list[str], delayed: list[str] = (), *, terminate: bool = True) -> bytes:  # type: ignore[assignment]
    """A PE32+ image importing `direct` (import table) and `delayed` (delay-load table)."""
    body = bytearray()
    names: dict[str, int] = {}
    strings = bytearray()
    for dll in [*direct, *delayed]:
        names[dll] = len(strings)
        strings += dll.encode("ascii") + b"\0"
    import_size = 20 * (len(direct) + 1)
    delay_size = 32 * (len(delayed) + 1)
    strings_at = SECTION_RVA + import_size + delay_size
    for dll in direct:
        body += struct.pack("<IIIII", 0, 0, 0, strings_at + names[dll], 0)
    body += bytes(20) if terminate else b"\x01" * 20
    for dll in delayed:
        body += struct.pack("<IIIIIIII", 1, strings_at + names[dll], 0, 0, 0, 0, 0, 0)
    body += bytes(32)
    body += strings
    body += bytes(-len(body) % FILE_ALIGN)

    pe_offset = 0x80
    dos = bytearray(pe_offset)
    dos[:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, pe_offset)
    optional = bytearray(112 + 16 * 8)
    struct.pack_into("<H", optional, 0, 0x20B)
    struct.pack_into("<I", optional, 108, 16)
    if direct:
        struct.pack_into("<II", optional, 112 + 8 * 1, SECTION_RVA, import_size)
    if delayed:
        struct.pack_into("<II", optional, 112 + 8 * 13, SECTION_RVA + import_size, delay_size)
    coff = struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, len(optional), 0x2022)
    headers_size = pe_offset + 4 + len(coff) + len(optional) + 40
    raw_at = headers_size + (-headers_size % FILE_ALIGN)
    section = struct.pack(
        "<8sIIIIIIHHI", b".idata", len(body), SECTION_RVA, len(body), raw_at, 0, 0, 0, 0, 0
    )
    image = bytes(dos) + b"PE\0\0" + coff + bytes(optional) + section
    return image + bytes(raw_at - len(image)) + bytes(body)
