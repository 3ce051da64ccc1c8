"""Windows DLLs that Debian's Wine 8 lacks, written into the test Wine prefix only.

Rust programs built since Rust 1.78 take random bytes from `ProcessPrng` in
bcryptprimitives.dll, which every Windows 10 and 11 has and Wine has only from version 9;
python-calamine's extension imports it. This writes a DLL of that name holding no code: its one
export forwards to advapi32's `SystemFunction036` (RtlGenRandom), the same system generator with
the same calling convention. It goes into the prefix's system32, never into the installer.
"""

from __future__ import annotations

import struct
from pathlib import Path

SECTION_RVA = 0x1000
FILE_ALIGN = 0x200
SECTION_ALIGN = 0x1000
IMAGE_BASE = 0x180000000


def forwarder_dll(dll_name: str, forwards: dict[str, str]) -> bytes:
    """A PE32+ DLL with only an export table whose entries forward to other DLLs' functions."""
    names = sorted(forwards)
    count = len(names)
    directory_size = 40
    functions_at = SECTION_RVA + directory_size
    names_at = functions_at + 4 * count
    ordinals_at = names_at + 4 * count
    strings_at = ordinals_at + 2 * count
    strings = bytearray()

    def string(text: str) -> int:
        address = strings_at + len(strings)
        strings.extend(text.encode("ascii") + b"\0")
        return address

    dll_name_rva = string(dll_name)
    name_rvas = [string(name) for name in names]
    target_rvas = [string(forwards[name]) for name in names]
    body = struct.pack(
        "<IIHHIIIIIII",
        0,  # characteristics
        0,  # time stamp: none, so the file is the same every time
        0,
        0,
        dll_name_rva,
        1,  # ordinal base
        count,
        count,
        functions_at,
        names_at,
        ordinals_at,
    )
    body += struct.pack(f"<{count}I", *target_rvas)
    body += struct.pack(f"<{count}I", *name_rvas)
    body += struct.pack(f"<{count}H", *range(count))
    body += bytes(strings)
    export_size = len(body)
    body += bytes(-len(body) % FILE_ALIGN)

    optional = bytearray(112 + 16 * 8)
    struct.pack_into("<HBB", optional, 0, 0x20B, 14, 0)
    struct.pack_into("<I", optional, 8, len(body))  # size of initialised data
    struct.pack_into("<Q", optional, 24, IMAGE_BASE)
    struct.pack_into("<II", optional, 32, SECTION_ALIGN, FILE_ALIGN)
    struct.pack_into("<HHHHHH", optional, 40, 6, 0, 0, 0, 6, 0)
    size_of_image = SECTION_RVA + SECTION_ALIGN * (1 + (len(body) - 1) // SECTION_ALIGN)
    struct.pack_into("<II", optional, 56, size_of_image, FILE_ALIGN)
    struct.pack_into("<HH", optional, 68, 2, 0x0100)  # GUI subsystem, NX compatible
    struct.pack_into("<QQQQ", optional, 72, 0x100000, 0x1000, 0x100000, 0x1000)
    struct.pack_into("<I", optional, 108, 16)
    struct.pack_into("<II", optional, 112, SECTION_RVA, export_size)

    dos = bytearray(0x80)
    dos[:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, len(dos))
    characteristics = 0x2000 | 0x0020 | 0x0002  # DLL, large-address aware, executable image
    coff = struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, len(optional), characteristics)
    readable_data = 0x40000040
    fields = (b".edata", export_size, SECTION_RVA, len(body), FILE_ALIGN, 0, 0, 0, 0)
    section = struct.pack("<8sIIIIIIHHI", *fields, readable_data)
    headers = bytes(dos) + b"PE\0\0" + coff + bytes(optional) + section
    return headers + bytes(FILE_ALIGN - len(headers)) + body


def install(system32: Path) -> list[str]:
    """Write the missing DLLs into a Wine prefix's system32; return their names."""
    target = system32 / "bcryptprimitives.dll"
    if not target.exists():
        forwards = {"ProcessPrng": "advapi32.SystemFunction036"}
        target.write_bytes(forwarder_dll("bcryptprimitives.dll", forwards))
    return [target.name]
