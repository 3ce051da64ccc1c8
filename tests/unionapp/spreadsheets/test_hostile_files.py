"""Crafted files: each is refused before it is read, with a message saying what is wrong, and
the database is left exactly as it was. Files are built here byte by byte (see crafted.py)."""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from tests.real_parts import under_wine
from tests.unionapp.spreadsheets.conftest import run_import, snapshot
from tests.unionapp.spreadsheets.crafted import (
    cell,
    ods,
    ods_row,
    ole_header,
    patch_entry,
    patch_entry_count,
    rows_xml,
    shared_strings,
    sheet_xml,
    table_xlsx,
    workbook_xml,
    xlsx,
)
from unionapp.spreadsheets.limits import READER_BUDGET, Refusal, SpreadsheetError
from unionapp.spreadsheets.readerprocess import ReaderProcess
from unionapp.spreadsheets.reading import open_workbook

GOOD = [["企业名称", "建会情况", "职工人数"], ["甲公司", "已建会", 12]]


def refused(path: Path) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as caught, open_workbook(path) as book:
        for sheet in book.sheets:
            for _row in sheet.rows:
                pass
    return caught.value


def assert_refused_cleanly(db, path: Path, kind: Refusal, *words: str) -> None:
    """The import reports exactly one problem, the file's, and changes nothing."""
    before = snapshot(db)
    report = run_import(db, "enterprises", path)
    assert [p.row for p in report.problems] == [0], [str(p) for p in report.problems]
    reason = report.problems[0].reason
    assert path.name in reason and all(word in reason for word in words), reason
    assert snapshot(db) == before
    assert refused(path).kind is kind


def test_cells_far_apart_with_the_whole_grid_declared(db, tmp_path: Path) -> None:
    # calamine 693: A1 and XFD1048576 make a 550 GB grid ("memory allocation … failed").
    body = '<row r="1">' + cell("A1", 1) + '</row><row r="1048576">' + cell("XFD1048576", 2)
    path = xlsx(tmp_path / "corners.xlsx", sheet_xml(body + "</row>", "A1:XFD1048576"))
    assert_refused_cleanly(db, path, Refusal.BOMB, "A1:XFD1048576", "实际只有 2 个单元格")


def test_cells_far_apart_without_a_dimension(db, tmp_path: Path) -> None:
    body = '<row r="1">' + cell("A1", 1) + '</row><row r="1048576">' + cell("XFD1048576", 2)
    path = xlsx(tmp_path / "corners.xlsx", sheet_xml(body + "</row>"))
    assert_refused_cleanly(db, path, Refusal.BOMB, "A1 到 XFD1048576", "实际只有 2 个单元格")


def test_one_cell_in_column_xfd_below_a_real_list(db, tmp_path: Path) -> None:
    # calamine 661 / fastexcel 487: a stray cell in XFD widens every row to 16,384 columns.
    rows = [["企业名称", "建会情况"]] + [[f"企业{n}", "已建会"] for n in range(3000)]
    body = rows_xml(rows).replace("</row>", cell("XFD1", "x") + "</row>", 1)
    path = xlsx(tmp_path / "xfd.xlsx", sheet_xml(body))
    assert_refused_cleanly(db, path, Refusal.BOMB, "A1 到 XFD3001", "实际只有 6,003 个单元格")


def test_a_far_cell_written_with_leading_zeros(db, tmp_path: Path) -> None:
    body = '<row r="1">' + cell("A1", 1) + cell("B1", 2) + '</row><row r="2">'
    body += '<c r="XFD0001048576"><v>3</v></c></row>'
    path = xlsx(tmp_path / "zeros.xlsx", sheet_xml(body))
    assert_refused_cleanly(db, path, Refusal.BOMB, "实际只有 3 个单元格")


def test_a_far_cell_without_a_reference_in_a_far_row(db, tmp_path: Path) -> None:
    # No r on the cell: the reader places it by the row's r. Also a prefixed namespace.
    body = '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row><x:row r="1048576">'
    body += '<x:c s="0"><x:v>2</x:v></x:c>' * 3 + '<x:c r="ZZ1048576"><x:v>3</x:v></x:c></x:row>'
    part = (
        f'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<x:sheetData>{body}</x:sheetData></x:worksheet>"
    )
    path = xlsx(tmp_path / "prefixed.xlsx", part)
    assert_refused_cleanly(db, path, Refusal.BOMB, "ZZ1048576", "实际只有 5 个单元格")


def test_shared_string_count_beyond_the_strings_held(db, tmp_path: Path) -> None:
    # calamine 684: uniqueCount reserves Vec<String> capacity before any string is read.
    strings = shared_strings(["a"], declared=4_000_000_000_000)
    path = xlsx(
        tmp_path / "sst.xlsx",
        sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
        strings=strings,
    )
    assert_refused_cleanly(db, path, Refusal.BOMB, "4,000,000,000,000", "实际只有 1 个")


@pytest.mark.parametrize(
    ("counts", "words"),
    [
        ({"fat": 0xFFFFFFFF}, "FAT 扇区"),
        ({"difat": 0x40000000}, "DIFAT 扇区"),
        ({"mini_fat": 0x00FFFFFF}, "mini FAT"),
        ({"mini_fat": 300, "size": 512 * 400}, "DIFAT 计数"),
        ({"directory": 500}, "目录起始扇区"),
    ],
)
def test_ole_headers_declaring_more_sectors_than_the_file_holds(
    db, tmp_path, counts, words
) -> None:
    # calamine 714: a 612-byte .xls asks for 17 GB before reading a sector.
    path = ole_header(tmp_path / "fat-count.xls", **counts)
    assert_refused_cleanly(db, path, Refusal.BOMB, words)


def test_a_zip_bomb_part_is_refused_by_its_ratio(db, tmp_path: Path) -> None:
    path = table_xlsx(
        tmp_path / "bomb.xlsx", GOOD, extra={"xl/media/padding.xml": " " * (40 << 20)}
    )
    assert_refused_cleanly(db, path, Refusal.BOMB, "padding.xml", "压缩了")


def test_declared_sizes_that_lie_are_refused(db, tmp_path: Path) -> None:
    larger = table_xlsx(tmp_path / "larger.xlsx", GOOD)
    patch_entry(larger, "xl/worksheets/sheet1.xml", size=900 << 20)
    assert_refused_cleanly(db, larger, Refusal.BOMB, "sheet1.xml", "900 MB")
    inflated = table_xlsx(tmp_path / "inflated.xlsx", GOOD)  # under the ratio's floor
    patch_entry(inflated, "xl/worksheets/sheet1.xml", size=10 << 20)
    assert_refused_cleanly(db, inflated, Refusal.BOMB, "sheet1.xml", "与声明不符")
    smaller = table_xlsx(tmp_path / "smaller.xlsx", GOOD)
    patch_entry(smaller, "xl/worksheets/sheet1.xml", size=20)
    assert_refused_cleanly(db, smaller, Refusal.BOMB, "sheet1.xml", "与声明不符")
    total = table_xlsx(
        tmp_path / "total.xlsx", GOOD, extra={f"xl/media/p{i}.bin": b"x" for i in range(3)}
    )
    for i in range(3):
        patch_entry(total, f"xl/media/p{i}.bin", size=600 << 20, compressed=(600 << 20) // 100)
    with pytest.raises(SpreadsheetError) as caught:
        open_workbook(total)
    assert caught.value.kind in (Refusal.BOMB, Refusal.CORRUPT)


def test_a_directory_claiming_60000_entries_is_refused_unparsed(db, tmp_path) -> None:
    path = table_xlsx(tmp_path / "entries.xlsx", GOOD)
    patch_entry_count(path, 60000)
    assert_refused_cleanly(db, path, Refusal.BOMB, "60,000 个文件")


def test_duplicate_and_overlapping_entries_are_refused(db, tmp_path: Path) -> None:
    twice = table_xlsx(tmp_path / "twice.xlsx", GOOD)
    with zipfile.ZipFile(twice, "a") as archive, pytest.warns(UserWarning):
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(rows_xml([["x"]])))
    assert_refused_cleanly(db, twice, Refusal.BOMB, "同名")
    overlap = table_xlsx(
        tmp_path / "overlap.xlsx",
        GOOD,
        extra={"xl/media/aaa.bin": b"a" * 100, "xl/media/bbb.bin": b"b" * 100},
    )
    with zipfile.ZipFile(overlap) as archive:
        first = archive.getinfo("xl/media/aaa.bin").header_offset
    patch_entry(overlap, "xl/media/bbb.bin", offset=first)
    assert_refused_cleanly(db, overlap, Refusal.BOMB, "重叠")


def test_a_nested_archive_is_refused(db, tmp_path: Path) -> None:
    path = table_xlsx(tmp_path / "nested.xlsx", GOOD, extra={"xl/media/inner.zip": b"PK\x03\x04"})
    assert_refused_cleanly(db, path, Refusal.BOMB, "inner.zip")


def test_entity_expansion_is_refused(db, tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "&lol;" * 10}">' for i in range(9)
        )
        + "]>"
    )
    path = xlsx(
        tmp_path / "laughs.xlsx",
        sheet_xml(rows_xml(GOOD)),
        workbook=laughs + workbook_xml(["Sheet1"]),
    )
    assert_refused_cleanly(db, path, Refusal.BOMB, "DTD")
    in_sheet = xlsx(tmp_path / "laughs2.xlsx", laughs + sheet_xml(rows_xml(GOOD)))
    assert_refused_cleanly(db, in_sheet, Refusal.BOMB, "DTD")


def test_an_ods_cell_repeated_into_billions_is_refused(db, tmp_path: Path) -> None:
    bomb = (
        '<table:table table:name="S">'
        + ods_row(["企业名称", "建会情况"])
        + '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="16384" office:value-type="float" office:value="1">'
        "<text:p>1</text:p></table:table-cell></table:table-row></table:table>"
    )
    assert_refused_cleanly(db, ods(tmp_path / "repeat.ods", bomb), Refusal.BOMB, "展开重复的单元格")


def test_libreoffice_style_trailing_repeats_are_fine(db, tmp_path: Path) -> None:
    table = (
        '<table:table table:name="企业">'
        + ods_row(GOOD[0])
        + ods_row(GOOD[1])
        + '<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row></table:table>'
    )
    report = run_import(db, "enterprises", ods(tmp_path / "lo.ods", table))
    assert report.ok, [str(p) for p in report.problems]
    assert len(report.additions) == 1


def test_a_crash_in_the_reader_does_not_end_the_program(tmp_path: Path) -> None:
    """Without the checks, the corner file aborts the reader (Rust: memory allocation of
    549755813888 bytes failed); the program gets a refusal and carries on."""
    body = '<row r="1">' + cell("A1", 1) + '</row><row r="1048576">' + cell("XFD1048576", 2)
    path = xlsx(tmp_path / "corners.xlsx", sheet_xml(body + "</row>"))
    reader = ReaderProcess(path, 1)
    reader.read_unchecked()
    try:
        with pytest.raises(SpreadsheetError) as caught:
            list(reader.messages())
    finally:
        reader.close()
    assert caught.value.kind is Refusal.READER_FAILED
    assert (
        "读取程序异常退出" in caught.value.message and "程序和数据未受影响" in caught.value.message
    )
    if sys.platform != "win32":
        assert reader.limited and reader.process.returncode != 0
    with open_workbook(table_xlsx(tmp_path / "after.xlsx", GOOD)) as book:  # still works
        assert [cells for _i, cells in next(book.sheets).rows][1][0] == "甲公司"


@pytest.mark.skipif(
    under_wine(), reason="Wine ignores job objects' memory limits (checked on real Windows)"
)
def test_the_reader_is_capped_below_the_budget(tmp_path: Path) -> None:
    """A sheet that fits the estimate reads within the cap; the cap itself stops a reader
    that goes beyond it (here a cap too small for the reader to start)."""
    path = table_xlsx(tmp_path / "small.xlsx", GOOD)
    reader = ReaderProcess(path, 1, limit=READER_BUDGET // 40)
    reader.read_unchecked()
    try:
        with pytest.raises(SpreadsheetError) as caught:
            list(reader.messages())
    finally:
        reader.close()
    assert caught.value.kind is Refusal.READER_FAILED


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
@pytest.mark.parametrize("name", ["people.csv", "people.xlsx"])
def test_a_fifo_named_like_a_spreadsheet_is_refused_without_waiting(db, tmp_path, name) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(run_import(db, "enterprises", fifo)))
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # release the blocked open before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join()
        pytest.fail("reading a FIFO blocked")
    assert "不是普通文件" in result[0].problems[0].reason
    assert refused(fifo).kind is Refusal.NOT_A_FILE


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no UNIX sockets")
def test_devices_and_sockets_are_refused(tmp_path: Path) -> None:
    device = tmp_path / "null.csv"
    device.symlink_to(os.devnull)
    assert refused(device).kind is Refusal.NOT_A_FILE
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.xlsx"))
        assert refused(tmp_path / "s.xlsx").kind is Refusal.NOT_A_FILE
    finally:
        server.close()


def test_a_reader_that_stops_sending_is_stopped(tmp_path: Path, monkeypatch) -> None:
    """A reader that sends nothing (here: never told to start) is ended after the timeout,
    and the program gets a refusal instead of waiting forever."""
    import unionapp.spreadsheets.readerprocess as readerprocess

    monkeypatch.setattr(readerprocess, "READER_TIMEOUT", 1.5)
    reader = ReaderProcess(table_xlsx(tmp_path / "idle.xlsx", GOOD), 1)
    try:
        with pytest.raises(SpreadsheetError) as caught:
            list(reader.messages())
    finally:
        reader.close()
    assert caught.value.kind is Refusal.READER_FAILED and reader.timed_out
    assert "没有进展" in caught.value.message


def _stopped_in_its_checks(reader: ReaderProcess, outcome: dict[str, object]) -> bool:
    """Let ``reader`` check its file on a thread of its own, and stop the reader process
    (SIGSTOP) while it checks: its check then lasts as long as the test says."""
    import signal
    import time

    def consume() -> None:
        try:
            outcome["messages"] = list(reader.messages())
        except SpreadsheetError as error:
            outcome["error"] = error

    reader.check()
    threading.Thread(target=consume, daemon=True).start()
    deadline = time.monotonic() + 60
    while not reader.checking and time.monotonic() < deadline and not outcome:
        time.sleep(0.0005)
    if outcome or not reader.checking:
        return False  # it ended, or never began to check
    reader.process.send_signal(signal.SIGSTOP)
    time.sleep(0.2)  # a "checked" already on its way is read by now
    return reader.checking  # False when the check ended first


@pytest.mark.skipif(sys.platform == "win32", reason="stops the reader process with SIGSTOP")
@pytest.mark.parametrize("check_limit", [1.0, 30.0])
def test_a_check_has_its_own_time(tmp_path: Path, monkeypatch, check_limit: float) -> None:
    """A file's check may take longer than the reader may go quiet while reading (a large
    file inflates for minutes): it is stopped only past CHECK_TIMEOUT, and then the clerk is
    told that the check took too long."""
    import signal
    import time

    import unionapp.spreadsheets.readerprocess as readerprocess

    monkeypatch.setattr(readerprocess, "READER_TIMEOUT", 1.0)
    monkeypatch.setattr(readerprocess, "CHECK_TIMEOUT", check_limit)
    rows = [GOOD[0]] + [[f"企业{n:05d}", "已建会", n] for n in range(20_000)]
    path = table_xlsx(tmp_path / "慢 检查.xlsx", rows)
    for _attempt in range(3):  # the check of this file lasts long enough to be caught
        reader = ReaderProcess(path, 1)
        outcome: dict[str, object] = {}
        try:
            caught = _stopped_in_its_checks(reader, outcome)
            if caught:
                time.sleep(3.5)  # past READER_TIMEOUT and a round of the watchdog
                stopped = reader.timed_out
            # reading, once let go on, has its usual time (a busy machine is slow to resume)
            monkeypatch.setattr(readerprocess, "READER_TIMEOUT", 120.0)
            with contextlib.suppress(ProcessLookupError):
                reader.process.send_signal(signal.SIGCONT)
            deadline = time.monotonic() + 60
            while not outcome and time.monotonic() < deadline:
                time.sleep(0.01)
        finally:
            reader.close()
        if caught:
            break
    assert caught, "the check ended before the reader could be stopped in it"
    if check_limit > 3.5:
        assert not stopped and "messages" in outcome  # read whole once let go on
        assert [m[0] for m in outcome["messages"]][:2] == ["checked", "sheet"]  # type: ignore[index]
    else:
        error = outcome["error"]
        assert isinstance(error, SpreadsheetError) and error.kind is Refusal.READER_FAILED
        assert stopped and reader.timed_out_checking
        assert "慢 检查.xlsx" in error.message and "仍未完成" in error.message


def test_a_reader_that_cannot_start_is_a_refusal(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "没有的 python.exe"))
    with pytest.raises(SpreadsheetError) as caught:
        ReaderProcess(table_xlsx(tmp_path / "x.xlsx", GOOD), 1)
    assert caught.value.kind is Refusal.READER_FAILED
    assert "无法启动读取“x.xlsx”的程序" in caught.value.message


@pytest.mark.skipif(sys.platform == "win32", reason="a symbolic link to the interpreter")
def test_a_reader_that_fails_to_start_once_is_started_again(tmp_path: Path, monkeypatch) -> None:
    """The interpreter appears only after the first try (as when an antivirus holds it)."""
    later = tmp_path / "稍后 python"
    real = sys.executable
    monkeypatch.setattr(sys, "executable", str(later))
    timer = threading.Timer(0.05, lambda: later.symlink_to(real))
    timer.start()
    reader = ReaderProcess(table_xlsx(tmp_path / "x.xlsx", GOOD), 1)
    timer.join()
    try:
        reader.check()
        messages = list(reader.messages())
    finally:
        reader.close()
    assert messages[0][0] == "checked" and reader.read_all


def _xls(path: Path, cells: dict[tuple[int, int], object]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("企业")
    for (row, column), value in cells.items():
        sheet.write(row, column, value)
    book.save(str(path))
    return path


def test_an_xls_declaring_billions_of_cells_is_refused(db, tmp_path: Path) -> None:
    # BIFF8 DIMENSIONS holds a u32 row count; the reader reserves room for all it declares.
    path = _xls(tmp_path / "dims.xls", {(0, 0): "企业名称", (0, 1): "建会情况", (1, 0): "甲"})
    data = bytearray(path.read_bytes())
    at = data.find(b"\x00\x02\x0e\x00")  # the DIMENSIONS record: type 0x0200, 14 bytes
    struct.pack_into("<L", data, at + 8, 0xFFFFFFF0)
    path.write_bytes(bytes(data))
    assert_refused_cleanly(db, path, Refusal.BOMB, "声明有约", "实际只有 3 个")


def test_an_xls_with_cells_far_apart_is_refused(db, tmp_path: Path) -> None:
    path = _xls(tmp_path / "corner.xls", {(0, 0): "企业名称", (65535, 255): 1})
    assert_refused_cleanly(db, path, Refusal.BOMB, "实际只有 2 个")
