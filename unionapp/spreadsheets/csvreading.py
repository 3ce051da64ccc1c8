"""Read a CSV file row by row: UTF-8 (with or without BOM) or, failing that, GB18030 (a
superset of GBK, as Excel in China writes it). The encoding is settled by one pass over the
bytes, then the rows are read as a stream, so a large file never sits in memory whole."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from unionapp.spreadsheets.limits import MiB, Refusal, SpreadsheetError

SNIFF_CHARS = 4096


def _encoding(handle: BinaryIO, name: str) -> str:
    """UTF-8 if every byte decodes as UTF-8, else GB18030; a NUL byte means not text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8-sig"
    handle.seek(0)
    while chunk := handle.read(MiB):
        if b"\x00" in chunk:
            raise SpreadsheetError(f"“{name}”不是文本格式的 CSV 文件", Refusal.UNSUPPORTED)
        if encoding == "utf-8-sig":
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                encoding = "gb18030"
    if encoding == "utf-8-sig":
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "gb18030"
    return encoding


def csv_rows(handle: BinaryIO, name: str) -> Iterator[tuple[int, list[Any]]]:
    """(row index from 0, cells) for every record; a record may span lines in quotes."""
    encoding = _encoding(handle, name)
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="", errors="strict")
    try:
        sample = text.read(SNIFF_CHARS)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        text.seek(0)
        yield from enumerate(csv.reader(text, dialect))
    except csv.Error as error:
        raise SpreadsheetError(f"“{name}”的 CSV 格式有误：{error}", Refusal.CORRUPT) from error
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            f"“{name}”的文字编码无法识别，请另存为 UTF-8 的 CSV", Refusal.ENCODING
        ) from error
    finally:
        text.detach()
