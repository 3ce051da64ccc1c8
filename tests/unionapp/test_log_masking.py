"""Numbers that name a person are masked wherever the program quotes free text: the log, the
command line's errors and an import's report (saved as CSV by the clerk). ID numbers of both
generations, mobiles and bank cards of every length the card field takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unionapp.spreadsheets.conftest import workbook
from unionapp.spreadsheets.importer import plan_import
from unionapp.system.logs import redact
from unionapp.validation.idcard import id_check_char

BODY = "32011519800101002"
NUMBER = BODY + id_check_char(BODY)


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        (f"身份证 {NUMBER} 重复", NUMBER),
        ("一代身份证 320115800101011 已过期", "320115800101011"),  # 15 digits
        ("被 Excel 截短的 32011519800101", "32011519800101"),
        ("卡号6217001234567890123", "6217001234567890123"),  # 19 digits
        ("卡号 622202123456 （12位）", "622202123456"),
        ("电话13812345678", "13812345678"),
    ],
)
def test_numbers_that_name_a_person_are_masked(text: str, hidden: str) -> None:
    masked = redact(text)
    assert hidden not in masked and "*" in masked
    assert masked.replace("*", "").startswith(text[: text.index(hidden)])  # the words stay


@pytest.mark.parametrize(
    "text",
    ["档案编号 DA-2026-0042", "信用代码 91320115MA1X00003X", "电话 025-52111234", "金额 12,000.00"],
)
def test_other_numbers_are_left_as_they_are(text: str) -> None:
    assert redact(text) == text


def test_a_first_generation_number_in_an_import_report_is_masked(db, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "名册.xlsx",
        {
            "困难职工": [["姓名", "身份证号", "困难类别"], ["老张", "320115800101011", "相对困难"]],
        },
    )
    with db.read() as session:
        report = plan_import(session, "families", path)
    (problem,) = report.problems
    assert "320115800101011" not in str(problem) and "应为18位" in problem.reason
