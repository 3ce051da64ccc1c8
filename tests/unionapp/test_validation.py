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
from unionapp.validation.idcard import PROVINCE_CODES, id_check_char, mask_id_number, mask_phone
from unionapp.validation.text import BLANK_LETTERS, TextIssueKind, check_text, text_issues

TODAY = date(2024, 6, 15)

birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
id_bodies = st.builds(
    lambda province, region, birth, order: f"{province}{region:04d}{birth:%Y%m%d}{order:03d}",
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.integers(0, 9999),
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
        ("000000198001011234", "前两位“00”不是有效的省级行政区代码"),
        ("160115198001011234", "前两位“16”不是有效的省级行政区代码"),
        ("990115198001011234", "前两位“99”"),
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


def test_eleven_digits_are_a_mobile_only_when_they_look_like_one() -> None:
    """Eleven digits take a short path when they are a mobile; any other eleven are read as
    the longer path reads them (a landline with its area code, or refused)."""
    assert clean_phone("13812345678") == "13812345678"
    assert clean_phone("１３８１２３４５６７８") == "13812345678"  # full-width, as typed in WPS
    assert clean_phone("01052101234") == "01052101234"  # Beijing's area code and 8 digits
    assert clean_phone("02552101234") == "02552101234"
    for bad in ("12812345678", "10012345678", "20012345678", "11112345678"):
        with pytest.raises(ValidationError, match="不是有效的手机或固定电话号码"):
            clean_phone(bad)


def test_money_in_fen_never_float() -> None:
    assert parse_money_fen("1,200.50") == 120050
    assert parse_money_fen("800元") == 80000
    assert parse_money_fen(0.1 + 0.2) == 30
    assert parse_money_fen("１２") == 1200
    for bad, reason in (("-1", "负数"), ("1.234", "两位小数"), ("abc", "不是有效的金额")):
        with pytest.raises(ValidationError, match=reason):
            parse_money_fen(bad, "金额(元)")


@pytest.mark.parametrize("huge", [9.999999999999995e25, 10**30, "1e40", "1" * 40, 1e300])
def test_an_amount_too_large_to_round_is_refused_not_a_crash(huge: object) -> None:
    """Found by the members' Hypothesis test: such a cell crashed the import (Decimal could not
    round it to fen) instead of being named in its report."""
    with pytest.raises(ValidationError, match="金额过大"):
        parse_money_fen(huge, "月收入(元)")


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


def test_region_codes_are_a_table_of_real_province_level_codes() -> None:
    expected = {
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
        83,
        91,
    }
    assert {int(code) for code in PROVINCE_CODES} == expected
    for code in PROVINCE_CODES:
        body = f"{code}0101198001011234"[:17]
        assert parse_id_number(body + id_check_char(body), today=TODAY).number.startswith(code)
    body = "00000019800101123"
    with pytest.raises(ValidationError, match="省级行政区代码"):
        parse_id_number(body + id_check_char(body), today=TODAY)


def test_money_with_a_third_decimal_is_refused_even_as_a_float() -> None:
    assert parse_money_fen(1200.55) == 120055  # the float nearest 1200.55 is 1200.5499999…
    assert parse_money_fen(0.1 + 0.2) == 30  # 0.30000000000000004, shown by Excel as 0.3
    assert parse_money_fen(1200.5) == 120050 and parse_money_fen(3600.0) == 360000
    assert parse_money_fen(19.99 * 3) == 5997  # 59.97000000000001
    for bad in (1200.555, "1200.555", 0.005, 1200.5549999999):
        with pytest.raises(ValidationError, match="最多保留两位小数"):
            parse_money_fen(bad, "金额(元)")
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValidationError, match="不是有效的金额"):
            parse_money_fen(bad, "金额(元)")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("9999-12-31", "晚于2029年"),
        (2958465, "晚于2029年"),
        ("2030-01-01", "晚于2029年"),
        ("1899-12-31", "早于1900年"),
        ("0023-03-01", "早于1900年"),
        (date(1066, 10, 14), "早于1900年"),
    ],
)
def test_dates_outside_a_sane_range_are_refused_with_the_reason(value: object, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as caught:
        parse_date(value, "协议到期日期", today=TODAY)
    assert caught.value.message.startswith("协议到期日期：")


def test_dates_at_the_edges_of_the_range_pass() -> None:
    assert parse_date("1900-01-01", today=TODAY) == date(1900, 1, 1)
    assert parse_date(2, today=TODAY) == date(1900, 1, 1)  # Excel's serial 2
    assert parse_date("2029-12-31", today=TODAY) == date(2029, 12, 31)


REFUSED = {
    "\x00": TextIssueKind.CONTROL,
    "\x07": TextIssueKind.CONTROL,
    "\x1b": TextIssueKind.CONTROL,
    "\x1f": TextIssueKind.CONTROL,
    "\x7f": TextIssueKind.CONTROL,
    "\x85": TextIssueKind.CONTROL,
    "\x9b": TextIssueKind.CONTROL,
    "\u2028": TextIssueKind.LINE_BREAK,
    **{
        chr(c): TextIssueKind.BIDI
        for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
    },
    **{
        chr(c): TextIssueKind.INVISIBLE
        for c in [
            *range(0x2060, 0x2065),
            0xFEFF,
            0xFFF9,
            0xFFFA,
            0xFFFB,
            0x200B,
            0x00AD,
            0x3164,
            0xE0041,
        ]
    },
    "\ud800": TextIssueKind.BROKEN,
}
ALLOWED = {
    "ZWNJ": "\u200c",
    "ZWJ (Uyghur)": "ئۆ\u200dم",
    "Mongolian FVS1": "ᠠ\u180b",
    "Mongolian vowel separator": "ᠬ\u180eᠠ",
    "FVS4": "ᠠ\u180f",
    "NNBSP": "ᠮᠣᠩᠭᠣᠯ\u202fᠤᠨ",
    "CJK variation selector": "葛\U000e0100",
    "VS16": "☺\ufe0f",
    "emoji ZWJ": "👨\u200d👩",
    "rare CJK": "刘𠇔䶮",
    "Tibetan": "བཀྲ་ཤིས",
    "Yi": "ꆈꌠ",
    "spaces": "张 三\u3000",
}


@pytest.mark.parametrize(("char", "kind"), REFUSED.items(), ids=lambda v: repr(v))
def test_control_and_invisible_characters_are_refused_in_every_text_field(char, kind) -> None:
    text = f"张{char}三"
    assert [(i.kind, i.index, i.char) for i in text_issues(text, multiline=True)] == [
        (kind, 1, char)
    ]
    with pytest.raises(ValidationError) as caught:
        check_text(text, "姓名")
    assert caught.value.message.startswith("姓名：第2个字符是") and f"U+{ord(char):04X}" in (
        caught.value.message
    )


@pytest.mark.parametrize("text", ALLOWED.values(), ids=ALLOWED.keys())
def test_format_characters_real_names_need_stay_allowed(text: str) -> None:
    assert text_issues(text) == [] or all(not i.is_error for i in text_issues(text))
    assert check_text(text, "姓名") == text


def test_line_breaks_and_tabs_only_in_long_text() -> None:
    assert check_text("第一行\n第二行\r\n\t缩进", "备注", multiline=True)
    for text in ("江宁路\n1号", "江宁路\t1号", "江宁路\r1号"):
        with pytest.raises(ValidationError, match="此处只能填一行"):
            check_text(text, "地址")


def test_private_use_and_unassigned_code_points_are_warnings_only() -> None:
    text = "王\ue000明\U000323af"  # a 造字 in the private-use area; an Ext-H ideograph (Unicode 15)
    issues = text_issues(text)
    assert {i.kind for i in issues} <= {TextIssueKind.PRIVATE_USE, TextIssueKind.UNASSIGNED}
    assert issues and not any(i.is_error for i in issues)
    assert check_text(text, "姓名") == text


@given(st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))))
def test_text_of_letters_marks_and_symbols_passes(text: str) -> None:
    text = "".join(c for c in text if c not in BLANK_LETTERS)
    assert [i for i in text_issues(text, multiline=False) if i.is_error] == []


@given(st.text(), st.sampled_from(sorted(REFUSED)))
def test_a_refused_character_anywhere_is_found(text: str, bad: str) -> None:
    where = len(text) // 2
    with pytest.raises(ValidationError):
        check_text(text[:where] + bad + text[where:], "名称", multiline=True)


def test_forms_and_imports_share_the_rule() -> None:
    from unionapp.schema import clean_record
    from unionapp.schema.fields import Context
    from unionapp.schema.records import ENTERPRISE

    raw = {
        "name": "甲公司\u202e司公乙",
        "union_status": "未建会",
        "notes": "第一行\n第二行",
        "address": "江宁路\x1b[31m1号",
    }
    result = clean_record(ENTERPRISE, raw, Context(today=TODAY))
    assert set(result.errors) == {"name", "address"}
    assert "文字方向控制符（U+202E）" in result.errors["name"]
    assert "控制字符（U+001B）" in result.errors["address"]
    raw.update(name="甲公司", address="江宁路1号")
    assert clean_record(ENTERPRISE, raw, Context(today=TODAY)).values["notes"] == "第一行\n第二行"


def _money_by_decimal(value: object) -> int | str:
    """The rule written plainly with Decimal: fen, or the kind of refusal."""
    from decimal import Decimal, InvalidOperation

    from unionapp.validation.common import normalize_text

    if isinstance(value, float):
        amount = Decimal(f"{value:.15g}")
    elif isinstance(value, int):
        amount = Decimal(value)
    else:
        text = normalize_text(value).replace(",", "").replace("，", "").removesuffix("元")
        text = text.replace("¥", "").replace("￥", "").strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            return "invalid"
    if not amount.is_finite() or amount < 0:
        return "invalid"
    if amount > 100_000_000:
        return "too large"
    if amount.quantize(Decimal("0.01")) != amount:
        return "invalid"
    return int(amount * 100)


@given(
    st.one_of(
        st.integers(min_value=-5, max_value=10**10),
        st.floats(min_value=0, max_value=2e8, allow_nan=False),
        st.from_regex(r"\A[0-9]{1,12}(\.[0-9]{0,3})?\Z"),
        st.from_regex(r"\A[0-9０-９,.，¥元 ]{1,14}\Z"),
    )
)
def test_money_fast_paths_agree_with_decimal(value: object) -> None:
    """Plain amounts skip Decimal; the result (or the refusal) is the same as Decimal's."""
    expected = _money_by_decimal(value)
    if isinstance(expected, int):
        assert parse_money_fen(value) == expected
    else:
        with pytest.raises(ValidationError) as refused:
            parse_money_fen(value)
        assert (refused.value.message == "金额：金额过大") == (expected == "too large")


def test_an_id_number_is_named_by_its_field_even_when_checked_before() -> None:
    """The check is remembered per number; the message still names the field it came from."""
    number = "11010519491231002X"
    assert parse_id_number(number, "身份证号").gender == "女"
    wrong = number[:-1] + "1"
    for label in ("身份证号", "职工身份证号", "成员身份证号"):
        with pytest.raises(ValidationError) as raised:
            parse_id_number(wrong, label)
        assert raised.value.message == f"{label}：校验位错误，请核对号码"
        assert raised.value.field == label


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_id_check_character_follows_gb_11643(first17: str) -> None:
    """The check character as GB 11643 states it: Σ digit × 2^(17-i) mod 11, mapped by 10X98765432."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    assert id_check_char(first17) == "10X98765432"[total % 11]


@pytest.mark.parametrize(
    "wrong",
    [
        "",
        "1234",
        "3201151990010112X",
        "３２０１１５１９９０００１１２３",
        # what Python's int() would read: an underscore, a sign, a blank at the end
        "3201151990_001123",
        "+320115199000112",
        "3201151990001123 ",
    ],
)
def test_id_check_character_needs_seventeen_ascii_digits(wrong: str) -> None:
    with pytest.raises(ValueError):
        id_check_char(wrong)


# The zeros of other scripts' digits: Arabic-Indic, Devanagari, Bengali, Thai, Tibetan, Mongolian.
OTHER_ZEROS = (0x0660, 0x0966, 0x09E6, 0x0E50, 0x0F20, 0x1810)


@given(st.integers(min_value=0, max_value=16), st.sampled_from(OTHER_ZEROS), st.booleans())
def test_an_id_number_with_another_scripts_digit_is_refused_never_crashes(
    position: int, zero: int, in_check: bool
) -> None:
    """Digits of other scripts (١, ०, ๑ …) are not ID number digits, even where int() would read
    them: refused with the field's message, never an unexpected error, never stored."""
    number = "11010519491231002X"
    at = 17 if in_check else position
    digit = number[at] if number[at].isdigit() else "1"
    text = number[:at] + chr(zero + int(digit)) + number[at + 1 :]
    with pytest.raises(ValidationError) as refused:
        parse_id_number(text)
    assert refused.value.message.startswith("身份证号：")


def test_a_phone_in_arabic_indic_digits_is_refused() -> None:
    with pytest.raises(ValidationError):
        clean_phone("١٣٨١٢٣٤٥٦٧٨")
    with pytest.raises(ValidationError):
        clean_phone("025-8888888转١٢")
