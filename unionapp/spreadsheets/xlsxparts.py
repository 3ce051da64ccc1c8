"""The parts of a .xlsx package the reader opens, found the way the reader finds them.

The package relationships name the workbook; its relationships name each sheet's part; the
workbook lists the sheets in order. Each of these small parts is read whole (they are capped)
and refused if it declares a DTD: entity declarations are how XML inflates itself.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from unionapp.spreadsheets.limits import (
    MAX_SMALL_PART_BYTES,
    Refusal,
    SpreadsheetError,
    megabytes,
)
from unionapp.spreadsheets.ziparchive import read_part, read_small_part

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class SheetPart:
    name: str
    part: zipfile.ZipInfo | None  # None for a chart sheet or a missing part


@dataclass
class Package:
    archive: zipfile.ZipFile
    name: str  # the file's name, for messages
    folder: str = "xl/"
    sheets: list[SheetPart] = field(default_factory=list)
    recalculate_on_load: bool = False  # cached formula results are placeholders
    parts: dict[str, zipfile.ZipInfo] = field(default_factory=dict)  # lower-case name -> part

    def find(self, path: str) -> zipfile.ZipInfo | None:
        return self.parts.get(path.lstrip("/").lower())

    def shared_strings(self) -> zipfile.ZipInfo | None:
        return self.find(f"{self.folder}sharedStrings.xml")


def parse_small(package: Package, info: zipfile.ZipInfo) -> ET.Element:
    data = read_small_part(package.archive, info, package.name, MAX_SMALL_PART_BYTES)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise SpreadsheetError(
            f"“{package.name}”的“{info.filename}”含有文档类型定义（DTD），正常的表格文件没有，已拒绝读取",
            Refusal.BOMB,
        )
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise SpreadsheetError(
            f"“{package.name}”已损坏，无法读取（{info.filename}：{error}）", Refusal.CORRUPT
        ) from error


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relationships(package: Package, path: str) -> dict[str, tuple[str, str]]:
    info = package.find(path)
    if info is None:
        return {}
    return {
        rel.get("Id", ""): (rel.get("Target", ""), rel.get("Type", ""))
        for rel in parse_small(package, info).iter(_REL)
    }


def read_package(archive: zipfile.ZipFile, name: str) -> Package:
    """The workbook's sheets in order, with their parts."""
    package = Package(archive, name)
    package.parts = {info.filename.lower(): info for info in archive.infolist()}
    for target, kind in _relationships(package, "_rels/.rels").values():
        if kind.endswith("/relationships/officeDocument"):
            target = target.lstrip("/")
            package.folder = target[: target.rfind("/") + 1]
    workbook = package.find(f"{package.folder}workbook.xml")
    if workbook is None:
        raise SpreadsheetError(f"“{name}”已损坏或不是 Excel 文件（找不到工作簿）", Refusal.CORRUPT)
    relations = _relationships(package, f"{package.folder}_rels/workbook.xml.rels")
    names: set[str] = set()
    for element in parse_small(package, workbook).iter():
        tag = _local(element.tag)
        if tag == "calcPr":
            package.recalculate_on_load = element.get("fullCalcOnLoad") in ("1", "true")
        if tag != "sheet":
            continue
        sheet_name = element.get("name", "")
        if sheet_name in names:
            raise SpreadsheetError(
                f"“{name}”里有两张同名的工作表“{sheet_name}”，请改名后再导入", Refusal.CORRUPT
            )
        names.add(sheet_name)
        target, kind = relations.get(element.get(f"{{{_DOC_REL}}}id", ""), ("", ""))
        path = target.lstrip("/") if target.startswith("/") else package.folder + target
        part = package.find(path) if kind.endswith("/worksheet") else None
        package.sheets.append(SheetPart(sheet_name, part))
    styles = package.find(f"{package.folder}styles.xml")
    if styles is not None:  # the reader parses it at opening: small, and what it declares
        if styles.file_size > MAX_SMALL_PART_BYTES:
            raise SpreadsheetError(
                f"“{name}”的样式部分有 {megabytes(styles.file_size)}，不像正常的表格文件，已拒绝读取",
                Refusal.BOMB,
            )
        for _chunk in read_part(archive, styles, name):
            pass
    return package
