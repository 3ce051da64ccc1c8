"""Read the sheets of a spreadsheet file as rows of Python values, with clear refusals.

xlsx, xls and ods go through python-calamine (about 20x faster than openpyxl); csv is read
as UTF-8 (with or without BOM) or, failing that, GB18030 (a superset of GBK, as Excel in China
writes it).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why, in Chinese."""


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]


def read_sheets(path: str | Path) -> list[Sheet]:
    path = Path(path)
    if not path.exists():
        raise SpreadsheetError(f"文件“{path}”不存在")
    if path.is_dir():
        raise SpreadsheetError(f"“{path}”是文件夹，不是表格文件")
    try:
        head = path.open("rb").read(8)
    except OSError as error:
        raise SpreadsheetError(f"无法读取“{path.name}”：{error.strerror}") from error
    if not head:
        raise SpreadsheetError(f"“{path.name}”是空文件")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [Sheet(path.stem, _read_csv(path))]
    if suffix not in SPREADSHEET_SUFFIXES:
        raise SpreadsheetError(f"“{path.name}”不是支持的表格文件（请用 .xlsx、.xls、.ods 或 .csv）")
    if suffix in (".xlsx", ".xlsm") and head.startswith(OLE_MAGIC):
        raise SpreadsheetError(f"“{path.name}”已加密，请先在 Excel 中取消密码后再导入")
    if suffix in (".xlsx", ".xlsm", ".ods") and not head.startswith(ZIP_MAGIC):
        raise SpreadsheetError(f"“{path.name}”不是有效的表格文件，可能已损坏或只是改了扩展名")
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = [Sheet(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
                  for name in workbook.sheet_names]  # fmt: skip
    except python_calamine.PasswordError as error:
        raise SpreadsheetError(f"“{path.name}”已加密，请先在 Excel 中取消密码后再导入") from error
    except (python_calamine.CalamineError, ValueError, OSError) as error:
        raise SpreadsheetError(f"“{path.name}”已损坏，无法读取（{error}）") from error
    except Exception as error:  # calamine raises a few more kinds on broken archives
        raise SpreadsheetError(f"“{path.name}”已损坏，无法读取（{error}）") from error
    return sheets


def _read_csv(path: Path) -> list[list[Any]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise SpreadsheetError(f"“{path.name}”的文字编码无法识别，请另存为 UTF-8 的 CSV")
    if "\x00" in text:
        raise SpreadsheetError(f"“{path.name}”不是文本格式的 CSV 文件")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as error:
        raise SpreadsheetError(f"“{path.name}”的 CSV 格式有误：{error}") from error
