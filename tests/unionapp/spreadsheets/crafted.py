"""Spreadsheet files written by hand, byte by byte, as the crash reports describe them.

calamine issues 684 (a shared-string count), 693/661 (two cells far apart), 714 (an OLE
header's sector counts), zip bombs (ratio, declared sizes, overlapping entries), and the
well-formed but awkward files a real office sends (merged headers, formulas without results).
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def workbook_xml(names: list[str], calc: str = "") -> str:
    sheets = "".join(
        f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, n in enumerate(names, start=1)
    )
    return f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets>{calc}</workbook>'


def workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    strings = f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    return f'<Relationships xmlns="{PKG}">{sheets}{strings}</Relationships>'


def shared_strings(strings: list[str], declared: int | None = None) -> str:
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    count = len(strings) if declared is None else declared
    return f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">{items}</sst>'


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref: str, value: object, formula: str | None = None, cached: bool = True) -> str:
    """One <c>: text inline, numbers as numbers, a formula with or without its result."""
    if formula is not None:
        result = f"<v>{value}</v>" if cached else ""
        return f'<c r="{ref}"><f>{escape(formula)}</f>{result}</c>'
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def rows_xml(rows: list[list[object]], first: int = 1) -> str:
    out = []
    for number, values in enumerate(rows, start=first):
        cells = "".join(
            cell(f"{column_letters(c)}{number}", v) for c, v in enumerate(values) if v is not None
        )
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def sheet_xml(body: str, dimension: str | None = None, after: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{body}</sheetData>{after}</worksheet>'


def xlsx(
    path: Path,
    sheets: list[str] | str,
    names: list[str] | None = None,
    strings: str | None = None,
    calc: str = "",
    extra: dict[str, bytes | str] | None = None,
    workbook: str | None = None,
) -> Path:
    """A package with the given sheet XML parts (and a shared-string part if given)."""
    parts = [sheets] if isinstance(sheets, str) else sheets
    names = names or [f"Sheet{i}" for i in range(1, len(parts) + 1)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook or workbook_xml(names, calc))
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels(len(parts)))
        for number, part in enumerate(parts, start=1):
            archive.writestr(f"xl/worksheets/sheet{number}.xml", part)
        if strings is not None:
            archive.writestr("xl/sharedStrings.xml", strings)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def table_xlsx(path: Path, rows: list[list[object]], **options: object) -> Path:
    return xlsx(path, sheet_xml(rows_xml(rows)), **options)  # type: ignore[arg-type]


def patch_entry(path: Path, name: str, **fields: int) -> None:
    """Rewrite a central-directory entry's sizes or offset (declared ≠ actual)."""
    data = bytearray(path.read_bytes())
    offsets = {"compressed": 20, "size": 24, "offset": 42}
    start = 0
    while True:
        start = data.index(b"PK\x01\x02", start)
        name_length = struct.unpack("<H", data[start + 28 : start + 30])[0]
        if data[start + 46 : start + 46 + name_length] == name.encode():
            break
        start += 4
    for field, value in fields.items():
        struct.pack_into("<L", data, start + offsets[field], value)
    path.write_bytes(bytes(data))


def patch_entry_count(path: Path, entries: int) -> None:
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, entries, entries)
    path.write_bytes(bytes(data))


def ole_header(path: Path, size: int = 612, **counts: int) -> Path:
    """An OLE compound-file header (then zeros to ``size``) with the given sector counts."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # minor, major, byte order, shift
    struct.pack_into("<H", header, 32, 6)  # mini sector shift
    struct.pack_into("<L", header, 44, counts.get("fat", 1))
    struct.pack_into("<L", header, 48, counts.get("directory", 0))
    struct.pack_into("<L", header, 56, 4096)  # mini stream cutoff
    mini_start = counts.get("mini_fat_start", 0xFFFFFFFE)
    mini, difat = counts.get("mini_fat", 0), counts.get("difat", 0)
    struct.pack_into("<LLLL", header, 60, mini_start, mini, 0xFFFFFFFE, difat)
    struct.pack_into("<L", header, 76, 0)  # the one FAT sector
    header[80:512] = b"\xff" * 432
    path.write_bytes(bytes(header) + b"\x00" * (size - 512))
    return path


def ods(path: Path, content_body: str) -> Path:
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{content_body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        archive.writestr("content.xml", content)
    return path


def ods_row(values: list[object], repeat: int = 1) -> str:
    cells = []
    for value in values:
        if isinstance(value, (int, float)):
            cells.append(
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        else:
            cells.append(
                f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
                "</text:p></table:table-cell>"
            )
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{''.join(cells)}</table:table-row>"
