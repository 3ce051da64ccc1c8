"""Amounts in Chinese capitals, including the edge cases named in the issue."""

import pytest

from unionapp.reports.money import to_capital, yuan


@pytest.mark.parametrize(
    ("fen", "capital"),
    [
        (5, "伍分"),
        (1000, "壹拾元整"),
        (10001000, "壹拾万零壹拾元整"),
        (1250050, "壹万贰仟伍佰元伍角整"),
        (0, "零元整"),
        (105, "壹元零伍分"),
        (20, "贰角整"),
        (100000100, "壹佰万零壹元整"),
        (10000000100, "壹亿零壹元整"),
        (12345678900, "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整"),
        (100100, "壹仟零壹元整"),
        (1000000000, "壹仟万元整"),
        (12345, "壹佰贰拾叁元肆角伍分"),
    ],
)
def test_capitals(fen: int, capital: str) -> None:
    assert to_capital(fen) == capital


def test_yuan_figures() -> None:
    assert yuan(1250050) == "12,500.50"
    assert yuan(5) == "0.05"
