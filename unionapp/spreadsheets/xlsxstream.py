"""A streaming .xlsx reader for sheets too large for python-calamine's memory.

calamine lays a sheet out whole (about 110 bytes a cell with its strings: 600 MB for 300,000
rows of 20 columns). This reader walks the sheet's XML with expat and hands over each row as
it ends, holding only the shared strings, so a sheet of any length reads within a fixed
budget, at about a fifth of calamine's speed. It gives the values calamine gives: numbers as
floats, cells in a date format as dates, times or durations (1900 and 1904 systems), booleans,
shared and inline strings (rich text joined, phonetic runs left out, ``_x001B_`` escapes
decoded, text trimmed unless ``xml:space="preserve"``), and "" for empty and error cells.

Only used on files that passed :mod:`xlsxcheck`; it runs in the reader process.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.parsers import expat

from unionapp.spreadsheets.xlsxparts import Package, parse_small
from unionapp.spreadsheets.ziparchive import read_part

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,8})$")
_EPOCH = datetime(1899, 12, 30)
_DATE, _DURATION = "date", "duration"
_BUILTIN = {**{str(i): _DATE for i in (*range(14, 23), 45, 47)}, "46": _DURATION}


def number_format_kind(code: str) -> str | None:
    """ "date", "duration" or None for an Excel number format (calamine's rules)."""
    escaped = quoted = ampm = hms = False
    brackets = 0
    previous = " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\*":
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == ";":
            return None
        elif char == "[":
            brackets += 1
        elif char == "]" and brackets == 1 and hms:
            return _DURATION
        elif char == "]":
            brackets = max(0, brackets - 1)
        elif char in "aA" and not ampm and brackets == 0:
            ampm = True
        elif brackets == 0 and char in ("pm/PM" if ampm else "dmhysDMHYS"):
            return _DATE
        elif not (hms and char.lower() == previous.lower()):
            hms = previous == "[" and char in "mhsMHS"
        previous = char
    return None


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _local(name: str) -> str:
    """``x:c`` → ``c`` (expat's names); ``{namespace}numFmt`` → ``numFmt`` (ElementTree's)."""
    return name.rpartition("}")[2].rpartition(":")[2]


def _styles(package: Package) -> list[str | None]:
    info = package.find(f"{package.folder}styles.xml")
    if info is None:
        return []
    formats: dict[str, str] = {}
    kinds: list[str | None] = []
    in_cell_formats = False
    for element in parse_small(package, info).iter():
        tag = _local(element.tag)
        if tag == "numFmt":
            formats[element.get("numFmtId", "")] = element.get("formatCode", "")
        elif tag == "cellXfs":
            in_cell_formats = True
        elif tag == "xf" and in_cell_formats:
            number = element.get("numFmtId")
            code = formats.get(number or "")
            kinds.append(
                number_format_kind(code) if code is not None else _BUILTIN.get(number or "")
            )
        elif tag == "cellStyleXfs":
            in_cell_formats = False
    return kinds


class _Texts:
    """Collects the text of <t> elements (not inside <rPh>) as expat reports it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.collect = False
        self.preserve = False
        self.phonetic = 0
        self.start = 0  # where the current <t>'s text begins in ``parts``

    def start_t(self, attributes: dict[str, str]) -> None:
        if not self.phonetic:
            self.collect = True
            self.preserve = attributes.get("xml:space") == "preserve"
            self.start = len(self.parts)

    def end_t(self) -> None:
        if self.collect and not self.preserve:
            text = "".join(self.parts[self.start :]).strip(" \t\r\n")
            del self.parts[self.start :]
            self.parts.append(text)
        self.collect = False

    def take(self) -> str:
        text = _unescape("".join(self.parts))
        self.parts = []
        return text


def _feed(
    parser: Any, archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, ready: list[Any]
) -> Iterator[list[Any]]:
    for chunk in read_part(archive, info, name):
        parser.Parse(chunk, False)
        if ready:
            yield ready[:]
            ready.clear()
    parser.Parse(b"", True)
    if ready:
        yield ready[:]
        ready.clear()


def shared_strings(package: Package) -> list[str]:
    info = package.shared_strings()
    strings: list[str] = []
    if info is None:
        return strings
    texts = _Texts()
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def start(tag: str, attributes: dict[str, str]) -> None:
        local = _local(tag)
        if local == "t":
            texts.start_t(attributes)
        elif local == "rPh":
            texts.phonetic += 1

    def end(tag: str) -> None:
        local = _local(tag)
        if local == "t":
            texts.end_t()
        elif local == "rPh":
            texts.phonetic -= 1
        elif local == "si":
            strings.append(texts.take())

    def data(text: str) -> None:
        if texts.collect:
            texts.parts.append(text)

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = data
    for _batch in _feed(parser, package.archive, info, package.name, []):
        pass
    return strings


class _SheetWalker:
    """expat handlers turning a sheet's XML into (row index, cells) as each row ends."""

    def __init__(self, strings: list[str], styles: list[str | None], date1904: bool) -> None:
        self.strings, self.styles, self.date1904 = strings, styles, date1904
        self.ready: list[tuple[int, list[Any]]] = []
        self.row_index = 0
        self.column = 0
        self.cells: dict[int, Any] = {}
        self.texts = _Texts()
        self.value: list[str] = []
        self.in_value = False
        self.row_text = "1"
        self.kind = "n"  # the current cell's type and style
        self.style: str | None = None
        self.locals: dict[str, str] = {}  # tag -> local name
        self.column_of: dict[str, int] = {}  # column letters -> index

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        local = self.locals.get(tag) or self.locals.setdefault(tag, _local(tag))
        if local == "c":
            ref = attributes.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                digits = ref[len(letters) :]
                if digits and digits != self.row_text:
                    self.place(int(digits) - 1)
                column = self.column_of.get(letters)
                if column is None and _REF.match(ref):
                    column = self.column_of.setdefault(letters, _column(letters))
                if column is not None:
                    self.column = column
            self.kind = attributes.get("t", "n")
            self.style = attributes.get("s")
            self.value = []
            self.texts.parts = []
        elif local == "v":
            self.in_value = True
        elif local == "t":
            self.texts.start_t(attributes)
        elif local == "rPh":
            self.texts.phonetic += 1
        elif local == "row":
            ref = attributes.get("r", "")
            if ref.isdigit():
                self.place(int(ref) - 1)
            self.column = 0

    def place(self, row: int) -> None:
        if row != self.row_index:
            self.flush()
            self.row_index = row
        self.row_text = str(row + 1)  # a cell reference ending in it names this row

    def flush(self) -> None:
        if self.cells:
            width = max(self.cells) + 1
            row = [""] * width
            for column, value in self.cells.items():
                row[column] = value
            self.ready.append((self.row_index, row))
            self.cells = {}

    def end(self, tag: str) -> None:
        local = self.locals.get(tag) or self.locals.setdefault(tag, _local(tag))
        if local == "v":
            self.in_value = False
        elif local == "t":
            self.texts.end_t()
        elif local == "rPh":
            self.texts.phonetic -= 1
        elif local == "c":
            value = self.convert()
            if value != "":
                self.cells[self.column] = value
            self.column += 1
        elif local == "row":
            self.flush()
            self.row_index += 1
            self.row_text = str(self.row_index + 1)
            self.column = 0

    def data(self, text: str) -> None:
        if self.in_value:
            self.value.append(text)
        elif self.texts.collect:
            self.texts.parts.append(text)

    def convert(self) -> Any:
        kind, raw = self.kind, "".join(self.value)
        if kind == "inlineStr":
            return self.texts.take()
        if kind == "s":
            index = int(raw) if raw.strip().isdigit() else -1
            return self.strings[index] if 0 <= index < len(self.strings) else ""
        if kind == "str":
            return _unescape(raw)
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e" or not raw.strip():
            return ""
        if kind == "d":
            return _iso(raw.strip())
        try:
            number = float(raw)
        except ValueError:
            return ""
        style = int(self.style) if self.style and self.style.isdigit() else -1
        format_kind = self.styles[style] if 0 <= style < len(self.styles) else None
        return _date(number, format_kind, self.date1904) if format_kind else number


def _column(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def _iso(text: str) -> Any:
    try:
        if "T" in text:
            return datetime.fromisoformat(text)
        return time.fromisoformat(text) if ":" in text else date.fromisoformat(text)
    except ValueError:
        return text


def _date(number: float, kind: str, date1904: bool) -> Any:
    """A serial number in a date format as python-calamine gives it."""
    if kind == _DURATION:
        return timedelta(milliseconds=round(number * 86_400_000))
    if number < 0:
        return number
    if number < 1.0:
        total = round(number * 86_400_000)
        seconds, milliseconds = divmod(total, 1000)
        return time(*_hms(seconds % 86400), milliseconds * 1000)
    days = number + 1462 if date1904 else number
    days = days if days >= 60 else days + 1
    try:
        moment = _EPOCH + timedelta(milliseconds=round(days * 86_400_000))
    except OverflowError:
        return number
    return moment.date() if number == int(number) else moment


def _hms(seconds: int) -> tuple[int, int, int]:
    hours, rest = divmod(seconds, 3600)
    return hours, *divmod(rest, 60)  # type: ignore[return-value]


def stream_sheets(archive: zipfile.ZipFile, name: str, sheets: int) -> Iterator[Any]:
    """The reader's messages for the first sheets: ("sheet", name, merged) and
    ("indexed", [(row index, cells), ...]); merged ranges come from the parent's scan."""
    from unionapp.spreadsheets.xlsxparts import read_package

    package = read_package(archive, name)
    workbook = package.find(f"{package.folder}workbook.xml")
    date1904 = False
    if workbook is not None:
        for element in parse_small(package, workbook).iter():
            if _local(element.tag) == "workbookPr":
                date1904 = element.get("date1904") in ("1", "true")
    strings = shared_strings(package)
    styles = _styles(package)
    for sheet in package.sheets[:sheets]:
        yield ("sheet", sheet.name, [], 0)
        if sheet.part is None:
            continue
        walker = _SheetWalker(strings, styles, date1904)
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler, parser.EndElementHandler = walker.start, walker.end
        parser.CharacterDataHandler = walker.data
        for batch in _feed(parser, archive, sheet.part, name, walker.ready):
            yield ("indexed", batch)
        walker.flush()
        if walker.ready:
            yield ("indexed", walker.ready)
