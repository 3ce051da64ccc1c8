"""Cleaning a record the way an import does (a memo of clean values, a layout per set of raw
keys) gives exactly what cleaning it alone gives: the same values, errors in the description's
order and warnings; and the memo never keeps an identity, phone or bank number."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from unionapp.schema import clean_record
from unionapp.schema.fields import NOT_REMEMBERED, Context
from unionapp.schema.hardship import FAMILY, MEMBER
from unionapp.schema.records import ENTERPRISE
from unionapp.validation.idcard import id_check_char

TODAY = date(2024, 6, 15)
BODY = "32011519800101002"
CONTEXT = Context(today=TODAY, enterprise_ids={"甲机械有限公司": 7})

# Values a sheet holds: good, bad, blank, numbers where text is expected, dates, rare script.
CELLS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "",
            "  ",
            "汉族",
            "蒙古族",
            "在岗",
            "失业",
            "深度困难",
            "相对困难",
            "是",
            "否",
            "甲机械有限公司",
            "街道外某厂",
            "13812345678",
            "025-5211234",
            "1500",
            "abc",
            "-3",
            "2024-05-06",
            "2099-01-01",
            "ᠪᠠᠲᠦ",
            "刘𠇔",
            BODY + id_check_char(BODY),
            BODY + "0",
            "6222021234567890123",
            "\u202e反",
        ]
    ),
    st.integers(-5, 100_000),
    st.dates(date(1900, 1, 1), date(2100, 1, 1)),
    st.booleans(),
)


def _rows(spec):  # type: ignore[no-untyped-def]
    keys = [f.key for f in spec.editable]
    return st.lists(
        st.dictionaries(st.sampled_from(keys), CELLS, max_size=len(keys)), min_size=1, max_size=6
    )


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([FAMILY, MEMBER, ENTERPRISE]).flatmap(lambda s: st.tuples(st.just(s), _rows(s)))
)
def test_an_import_cleans_each_row_as_the_form_would(case) -> None:  # type: ignore[no-untyped-def]
    spec, rows = case
    memo: dict = {}
    for raw in rows:
        alone = clean_record(spec, raw, CONTEXT)
        remembered = clean_record(spec, raw, CONTEXT, memo=memo)
        assert remembered.values == alone.values
        assert list(remembered.errors.items()) == list(alone.errors.items())
        assert remembered.warnings == alone.warnings
        partial = clean_record(spec, raw, CONTEXT, partial=True, memo=memo)
        assert set(partial.values) <= set(raw) | set(spec.id_facts)
    kinds = {f.key: f.kind for f in spec.editable}
    assert not [key for key, _type, _raw in memo if kinds[key] in NOT_REMEMBERED]
    assert not [key for key, _type, _raw in memo if spec.field(key).sensitive]


def test_errors_come_in_the_order_of_the_description() -> None:
    raw = {"id_number": "123", "household_size": "很多"}  # worker_name and category missing
    errors = list(clean_record(FAMILY, raw, CONTEXT).errors)
    order = [f.key for f in FAMILY.editable]
    assert errors == sorted(errors, key=order.index)
    assert {"worker_name", "id_number", "household_size"} <= set(errors)
