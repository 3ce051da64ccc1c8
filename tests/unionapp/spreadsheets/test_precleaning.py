"""The reader process cleans a family import's household members while the program plans the
families. Its cleaning may only save work: the report (problems, warnings, the values of every
member) is the same as when the program cleans every row itself, on real files with bad,
hostile and rare values; a row whose values differ from what the reader cleaned, another day,
or a malformed message from the reader, is cleaned by the program."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unionapp.spreadsheets.conftest import workbook
from unionapp.schema import Context
from unionapp.schema.hardship import FAMILY, MEMBER
from unionapp.schema.records import CONGRESS, ENTERPRISE
from unionapp.spreadsheets.framesender import FrameSender
from unionapp.spreadsheets.importer import ImportReport, plan_import
from unionapp.spreadsheets.precleaning import Precleaned, usable
from unionapp.spreadsheets.readerprocess import ReaderProcess
from unionapp.validation.idcard import id_check_char

TODAY = dt.date.today()  # the day the reader cleans on when the program asks it to


def person(n: int, year: int = 1980) -> str:
    body = f"320115{year}0101{n:03d}"
    return body + id_check_char(body)


FAMILY_HEAD = ["姓名", "身份证号", "困难类别", "工作单位"]
MEMBER_HEAD = ["职工身份证号", "姓名", "关系", "身份证号", "单位或学校", "月收入(元)", "健康状况"]
BAD_MEMBERS: list[list[Any]] = [
    [person(1), "买买提江·阿不都", "子女", person(10, 2012), "江宁小学😀", 0, "健康"],
    [person(1), "", "配偶", "", None, "1200.5", None],  # no name
    [person(2), "𠈌𠮷𡈽", "父亲", person(11, 1950), "退休", 2300, "大病"],  # rare names
    [person(2), "😀笑脸", "母亲", "320115195001011239", "", "", ""],  # bad check character
    [float(person(3)[:15]), "数字职工号", "子女", "", "", "", ""],  # a number, digits lost
    [person(9), "不在第一张表", "子女", "", "", "", ""],
    ["32011519800101", "短号码", "子女", "", "", "", ""],
    [person(3), "ᠮᠣᠩᠭᠣᠯ", "乱填的关系", person(12, 2015), "", "-5", "健康"],
    [person(3), "Ölçüm O'Brien", "其他", 320115201501011234, "", True, "健康"],  # ID as number
    [person(3), "  空格  名字  ", "子女", person(13, 2016).lower(), " ", "1,200", "健康"],
    [person(1), "x" * 41, "子女", person(10, 2012), "", "", ""],  # too long; ID repeated
    [person(2), "བསྟན་འཛིན་ནོར་བུ", "子女", person(14, 2011), "学" * 100, 0, "健康"],  # Tibetan
    [person(2), "王𠇔", "兄弟姐妹", person(15, 1990), "学" * 101, 0, "健康"],  # one past 100
]


def families(path: Path, members: list[list[Any]]) -> Path:
    return workbook(
        path,
        {
            "困难职工": [
                FAMILY_HEAD,
                ["阿依古丽", person(1), "相对困难", "外地公司"],
                ["王二", person(2), "深度困难", ""],
                ["李三", person(3), "相对困难", "灵活就业"],
            ],
            "家庭成员": [MEMBER_HEAD, *members],
        },
    )


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows whose cleaning came from the reader (the real method, only counted)."""
    rows: list[int] = []
    real = Precleaned.take

    def counted(self: Precleaned, row: int, worker: Any, raw: dict[str, Any]) -> Any:
        result = real(self, row, worker, raw)
        if result is not None:
            rows.append(row)
        return result

    monkeypatch.setattr(Precleaned, "take", counted)
    return rows


def typed(values: dict[str, Any]) -> list[tuple[str, type, Any]]:
    return [(key, type(value), value) for key, value in values.items()]


def summary(report: ImportReport) -> tuple[Any, ...]:
    """Everything the clerk sees and the import would write, each value with its type."""
    return (
        [str(p) for p in report.problems],
        [str(w) for w in report.warnings],
        [(p.row, typed(p.values), [typed(c) for c in p.children]) for p in report.additions],
    )


def checked_both_ways(db, path: Path, taken: list[int]) -> tuple[ImportReport, ImportReport]:
    """The report with the reader's cleaning, and with a reader told not to clean."""
    with db.read() as session:
        ahead = plan_import(session, "families", path, today=TODAY)
        used = list(taken)
        plain = ReaderProcess(path, 2)
        plain.check()  # no day: the program cleans every member itself
        alone = plan_import(session, "families", path, today=TODAY, reader=plain)
    assert taken == used  # the second run took nothing from a reader
    assert summary(ahead) == summary(alone)
    return ahead, alone


def test_bad_and_rare_members_are_reported_exactly_as_when_cleaned_here(
    db, tmp_path: Path, taken: list[int]
) -> None:
    ahead, _alone = checked_both_ways(db, families(tmp_path / "成员 名单.xlsx", BAD_MEMBERS), taken)
    assert taken  # the reader's cleaning was used
    reasons = " ".join(str(p) for p in ahead.problems)
    assert "校验位" in reasons and "第一张表中没有" in reasons and "关系" in reasons
    assert any("无法打印" in str(w) for w in ahead.warnings)  # the emoji


def test_a_clean_sheet_takes_every_member_from_the_reader(
    db, tmp_path: Path, taken: list[int]
) -> None:
    good = [
        [person(1 + n % 3), f"成员{n}", "子女", person(20 + n, 2010), "", n, "健康"]
        for n in range(60)
    ]
    ahead, _alone = checked_both_ways(db, families(tmp_path / "good.xlsx", good), taken)
    assert ahead.ok and sorted(taken) == list(range(2, 62))
    assert sum(len(p.children) for p in ahead.additions) == 60


def test_merged_cells_and_formulas_without_results_are_read_alike(
    db, tmp_path: Path, taken: list[int]
) -> None:
    import openpyxl

    path = families(tmp_path / "merged.xlsx", BAD_MEMBERS[:3])
    book = openpyxl.load_workbook(path)
    sheet = book["家庭成员"]
    sheet.merge_cells("A2:A3")  # one worker's ID for two members, as clerks merge it
    sheet["F4"] = "=1+1"  # openpyxl saves no result
    book.save(path)
    ahead, _alone = checked_both_ways(db, path, taken)
    assert any("单元格 F4 是公式" in str(p) for p in ahead.problems)


SHEET_CELLS = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.sampled_from(["", " ", "子女", "配偶", "健康", "残疾", "１２００", "1e3", "'0012"]),
    st.sampled_from([person(n) for n in range(1, 4)] + [person(50, 2011), "32011520110101050x"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=45),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(members=st.lists(st.lists(SHEET_CELLS, min_size=7, max_size=7), min_size=1, max_size=8))
def test_any_members_sheet_gives_the_same_report(db, tmp_path_factory, members) -> None:
    path = tmp_path_factory.mktemp("任意") / "members.xlsx"
    families(path, [[v for v in row] for row in members])
    with db.read() as session:
        ahead = plan_import(session, "families", path, today=TODAY)
        plain = ReaderProcess(path, 2)
        plain.check()
        alone = plan_import(session, "families", path, today=TODAY, reader=plain)
    assert summary(ahead) == summary(alone)


def test_another_day_is_cleaned_here(db, tmp_path: Path, taken: list[int]) -> None:
    path = families(tmp_path / "day.xlsx", BAD_MEMBERS)
    other = TODAY - dt.timedelta(days=400)
    reader = ReaderProcess(path, 2)
    reader.check(TODAY)  # as the command line starts it ahead
    with db.read() as session:
        mismatched = plan_import(session, "families", path, today=other, reader=reader)
        assert taken == [] and reader.read_all
        matched = plan_import(session, "families", path, today=other)  # cleaned ahead on `other`
    assert taken and summary(mismatched) == summary(matched)


def test_only_descriptions_that_need_no_database_are_cleaned_ahead() -> None:
    context = Context(today=TODAY, dynamic_choices={"ownership": ("国有",)})
    assert usable(MEMBER, context)
    assert usable(FAMILY, context)  # its employer is free text (linked later, when saved)
    assert not usable(ENTERPRISE, context)  # its ownership types come from the database
    assert not usable(CONGRESS, context)  # its enterprise is looked up on the register
    choosy = Context(today=TODAY, dynamic_choices={"relation": ("子女",)})
    assert not usable(MEMBER, choosy)


def test_a_row_is_taken_only_with_the_very_values_cleaned() -> None:
    entry = (person(1), person(1), "", ("甲", 1), {"name": "甲"}, {}, [])
    pre = Precleaned(TODAY, ("name", "monthly_income_fen"), {n: entry for n in (2, 3, 4, 5, 6)})
    assert pre.take(2, person(1), {"name": "甲", "monthly_income_fen": 1}) is not None
    assert pre.take(2, person(1), {"name": "甲", "monthly_income_fen": 1}) is None  # taken once
    assert pre.take(3, person(1), {"name": "甲", "monthly_income_fen": 1.0}) is None  # 1.0 ≠ 1
    assert pre.take(6, person(1), {"name": "甲", "monthly_income_fen": True}) is None  # nor True
    for in_sheet, sent in ((b"x", bytearray(b"x")), (frozenset({1}), {1})):  # equal, other types
        odd_type = (person(1), person(1), "", ("甲", sent), {"name": "甲"}, {}, [])
        kinds = Precleaned(TODAY, ("name", "monthly_income_fen"), {7: odd_type})
        assert kinds.take(7, person(1), {"name": "甲", "monthly_income_fen": in_sheet}) is None
    assert pre.take(4, person(2), {"name": "甲", "monthly_income_fen": 1}) is None
    assert pre.take(5, person(1), {"monthly_income_fen": 1, "name": "甲"}) is None  # columns
    broken = Precleaned(TODAY, ("name",), {2: ("too", "short"), 3: None})  # type: ignore[dict-item]
    assert (
        broken.take(2, "x", {"name": "甲"}) is None and broken.take(3, "x", {"name": "甲"}) is None
    )
    odd = Precleaned(TODAY, ("name",), {2: ("x", "x", "", ("甲",), {}, {}, [("name", "?", "")])})
    assert odd.take(2, "x", {"name": "甲"}) is None  # an unknown kind of warning
    for warnings in (None, 0, False):  # not a list of warnings, even an empty-looking one
        not_listed = Precleaned(TODAY, ("name",), {2: ("x", "x", "", ("甲",), {}, {}, warnings)})
        assert not_listed.take(2, "x", {"name": "甲"}) is None


@pytest.mark.parametrize(
    ("worker_id", "worker_error", "values", "errors"),
    [
        (None, "", {"name": "甲"}, {}),  # neither an ID nor a reason
        (person(1), "校验位错误", {"name": "甲"}, {}),  # both
        (320115, "", {"name": "甲"}, {}),
        (person(1), "", {"name": "甲", "archive_no": "DA-1"}, {}),  # not a member's field
        (person(1), "", {"name": "甲" * 41}, {}),  # longer than 姓名 allows
        (person(1), "", {"name": b"\x00"}, {}),
        (person(1), "", ["甲"], {}),
        (person(1), "", {"name": "甲"}, {"name": 3}),
    ],
)
def test_what_the_reader_sends_must_have_the_shape_of_cleaning(
    worker_id: Any, worker_error: Any, values: Any, errors: Any
) -> None:
    entry = (person(1), worker_id, worker_error, ("甲",), values, errors, [])
    pre = Precleaned(TODAY, ("name",), {2: entry})
    assert pre.take(2, person(1), {"name": "甲"}) is None
    good = (person(1), person(1), "", ("甲",), {"name": "甲"}, {}, [])
    assert Precleaned(TODAY, ("name",), {2: good}).take(2, person(1), {"name": "甲"})


def test_malformed_messages_from_the_reader_are_left_out() -> None:
    day = TODAY.isoformat()
    assert Precleaned.from_message(("cleaned", "不是日期", ("name",), {})) is None
    assert Precleaned.from_message(("cleaned", day, ("name",), [])) is None
    assert Precleaned.from_message(("cleaned", day)) is None
    pre = Precleaned.from_message(("cleaned", day, ("name",), {2: "x"}))
    assert pre is not None
    pre.add(("cleaned", "2000-01-01", ("name",), {3: "y"}))  # another day
    pre.add(("cleaned", day, ("other",), {4: "y"}))  # other columns
    pre.add(("cleaned", day, ("name",), "not entries"))
    pre.add(("cleaned",))
    pre.add(("cleaned", day, ("name",), {5: "z"}))
    assert sorted(pre.entries) == [2, 5]


def test_the_reader_sends_each_run_of_members_ahead_of_its_rows(tmp_path: Path) -> None:
    members = [[person(1), f"成员{n}", "子女", "", "", n, ""] for n in range(4500)]
    path = families(tmp_path / "many.xlsx", members)
    reader = ReaderProcess(path, 2)
    reader.check(TODAY)
    kinds: list[str] = []
    cleaned: set[int] = set()
    try:
        for message in reader.messages():
            kinds.append(message[0])
            if message[0] == "cleaned":
                cleaned |= set(message[3])
            elif message[0] == "rows" and kinds.count("sheet") == 2:
                first = kinds.count("rows") == 1 or kinds[-2] == "cleaned"
                assert first, kinds  # every frame of members follows its cleaning
    finally:
        reader.close()
    assert kinds.count("cleaned") == 3 and cleaned == set(range(2, 4502))  # 2,000-row frames


def test_a_members_sheet_beyond_the_readers_limit_is_cleaned_here(
    db, tmp_path: Path, taken: list[int]
) -> None:
    import xlsxwriter

    from unionapp.spreadsheets.readerchild import CLEAN_CELLS

    rows = CLEAN_CELLS // len(MEMBER_HEAD) + 10
    path = tmp_path / "大表.xlsx"
    book = xlsxwriter.Workbook(str(path))
    first = book.add_worksheet("困难职工")
    first.write_row(0, 0, FAMILY_HEAD)
    first.write_row(1, 0, ["阿依古丽", person(1), "相对困难", "外地公司"])
    second = book.add_worksheet("家庭成员")
    second.write_row(0, 0, MEMBER_HEAD)
    for n in range(rows):
        second.write_row(n + 1, 0, [person(1), f"成员{n}", "子女", "", "", n % 900, "健康"])
    book.close()
    with db.read() as session:
        report = plan_import(session, "families", path, today=TODAY)
    assert report.ok and len(report.additions[0].children) == rows
    assert taken == []


def _drain(fd: int, into: bytearray, slow: float = 0.0) -> None:
    import time

    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        into.extend(chunk)
        time.sleep(slow)


def test_the_frame_sender_keeps_order_and_bounds_what_it_holds() -> None:
    import pickle
    import struct

    read_end, write_end = os.pipe()
    received = bytearray()
    drain = threading.Thread(target=_drain, args=(read_end, received, 0.001))
    drain.start()
    with os.fdopen(write_end, "wb") as out:
        sender = FrameSender(out, budget=50_000)
        for n in range(200):
            sender.send(("rows", [[n, "行" * 100]] * 10))
            assert sender.pending <= 50_000 + 20_000  # one frame beyond the budget at most
        sender.close()
    drain.join()
    os.close(read_end)
    numbers, at = [], 0
    while at < len(received):
        (size,) = struct.unpack("<I", received[at : at + 4])
        numbers.append(pickle.loads(received[at + 4 : at + 4 + size])[1][0][0])
        at += 4 + size
    assert numbers == list(range(200))


def test_the_frame_sender_stops_when_the_program_stops_reading() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the program went away
    out = os.fdopen(write_end, "wb")
    sender = FrameSender(out, budget=10_000)
    with pytest.raises(BrokenPipeError):
        for _ in range(1000):
            sender.send(("rows", [["x" * 1000]] * 10))
    sender.close()
    assert sender.broken
    with contextlib.suppress(OSError):  # what was left in its buffer has nowhere to go
        out.close()
