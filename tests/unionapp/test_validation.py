"""Validators: ID numbers, credit codes, phones, money, counts, dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unionapp.validation import ValidationError, parse_id_number
from unionapp.validation.common import clean_phone, parse_count, parse_date, parse_money_fen
from unionapp.validation.creditcode import (
    ALPHABET,
    CHARACTERS,
    CHECK_CHARACTER,
    credit_code_check_char,
    credit_code_problem,
    validate_credit_code,
)
from unionapp.validation.idcard import id_check_char, mask_id_number, mask_phone

TODAY = date(2024, 6, 15)

birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
id_bodies = st.builds(
    lambda region, birth, order: f"{region:06d}{birth:%Y%m%d}{order:03d}",
    st.integers(110000, 659999),
    birth_dates,
    st.integers(0, 999),
)
credit_bodies = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


def test_known_id_number_with_x_check_character() -> None:
    # 11010519491231002X is the GB 11643 worked example.
    info = parse_id_number("11010519491231002x", today=TODAY)
    assert info.number == "11010519491231002X"
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "女"
    assert info.age_on(TODAY) == 74


@given(id_bodies)
def test_every_generated_valid_id_passes(body: str) -> None:
    number = body + id_check_char(body)
    assert parse_id_number(number, today=TODAY).number == number


@given(id_bodies, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_every_single_character_change_to_an_id_fails(body: str, index: int, char: str) -> None:
    number = body + id_check_char(body)
    if number[index] == char:
        char = "0" if char != "0" else "1"
    changed = number[:index] + char + number[index + 1 :]
    with pytest.raises(ValidationError):
        parse_id_number(changed, today=TODAY)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "不能为空"),
        ("3201151980010112", "应为18位"),
        ("32011519800101123A", "末位为数字或X"),
        ("320115198002301234", "不存在"),
        ("320115203001011234", "未来"),
        ("320115198001011235", "校验位错误"),
    ],
)
def test_bad_id_numbers_name_field_and_reason(value: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_id_number(value, today=TODAY)
    assert caught.value.message.startswith("身份证号：")
    assert reason in caught.value.message


@given(credit_bodies)
def test_every_generated_valid_credit_code_passes(body: str) -> None:
    code = body + credit_code_check_char(body)
    assert credit_code_problem(code) is None


@given(credit_bodies, st.integers(0, 17), st.sampled_from(ALPHABET))
def test_every_single_character_change_to_a_credit_code_fails(
    body: str, index: int, char: str
) -> None:
    code = body + credit_code_check_char(body)
    if code[index] == char:
        char = ALPHABET[(ALPHABET.index(char) + 1) % len(ALPHABET)]
    changed = code[:index] + char + code[index + 1 :]
    assert credit_code_problem(changed) is not None


def test_real_style_credit_code_and_refusals() -> None:
    body = "91320115MA1MXXQ8"[:16] + "0"
    code = body + credit_code_check_char(body)
    assert validate_credit_code(code.lower()) == code
    assert "不允许的字符" in credit_code_problem("91320115MA1MOOOOO1").message
    assert credit_code_problem("91320115MA1MOOOOO1").kind == CHARACTERS
    assert "应为18位" in credit_code_problem("9132011").message
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    problem = credit_code_problem(wrong)
    assert "校验位错误" in problem.message and problem.kind == CHECK_CHARACTER


def test_phone_numbers() -> None:
    assert clean_phone("138 1234 5678") == "13812345678"
    assert clean_phone("025-52101234") == "02552101234"
    assert clean_phone("+86 13912345678") == "13912345678"
    assert clean_phone("") == ""
    assert clean_phone("(025) 5210-1234转808") == "02552101234转808"
    for bad in ("12345", "1381234567", "phone", "0255210123456789"):
        with pytest.raises(ValidationError, match="联系电话"):
            clean_phone(bad)


def test_money_in_fen_never_float() -> None:
    assert parse_money_fen("1,200.50") == 120050
    assert parse_money_fen("800元") == 80000
    assert parse_money_fen(0.1 + 0.2) == 30
    assert parse_money_fen("１２") == 1200
    for bad, reason in (("-1", "负数"), ("1.234", "两位小数"), ("abc", "不是有效的金额")):
        with pytest.raises(ValidationError, match=reason):
            parse_money_fen(bad, "金额(元)")


def test_counts_refuse_negatives_and_fractions() -> None:
    assert parse_count("12") == 12
    assert parse_count(12.0) == 12
    for bad in ("-3", "1.5", "x", True):
        with pytest.raises(ValidationError):
            parse_count(bad, "职工人数")


@pytest.mark.parametrize(
    "value",
    ["2023-03-01", "2023/3/1", "2023年3月1日", "2023.03.01", "20230301", 44986, "44986",
     "２０２３－０３－０１"],
)  # fmt: skip
def test_dates_as_clerks_and_excel_write_them(value: object) -> None:
    assert parse_date(value) == date(2023, 3, 1)


@pytest.mark.parametrize("value", ["2023-02-30", "明天", "3/1/2023", -5])
def test_bad_dates(value: object) -> None:
    with pytest.raises(ValidationError, match="日期"):
        parse_date(value, "日期")


def test_masks() -> None:
    assert mask_id_number("320115198001011234") == "320115********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("") == ""
