"""Amounts in Chinese capital numerals (大写), as the 支付结算办法 prescribes."""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
BIG_UNITS = ("", "万", "亿", "万亿")


def _four(group: int) -> str:
    """0 < group < 10000, with inner zeros as 零 and no trailing zeros."""
    text = ""
    zero = False
    for position in range(3, -1, -1):
        digit = group // 10**position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + SMALL_UNITS[position]
    return text


def _yuan(amount: int) -> str:
    groups = []
    while amount:
        groups.append(amount % 10000)
        amount //= 10000
    text = ""
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(text)
            continue
        if text and (need_zero or group < 1000):
            text += "零"
        text += _four(group) + BIG_UNITS[index]
        need_zero = False
    return text


def to_capital(fen: int) -> str:
    """``1250050`` fen → ``壹万贰仟伍佰元伍角整``; 5 fen → ``伍分``; 0 → ``零元整``."""
    if fen < 0:
        return "负" + to_capital(-fen)
    yuan, rest = divmod(fen, 100)
    jiao, cents = divmod(rest, 10)
    text = _yuan(yuan) + "元" if yuan else ""
    if not jiao and not cents:
        return (text or "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if cents:
        text += DIGITS[cents] + "分"
    else:
        text += "整"
    return text


def yuan(fen: int) -> str:
    """``125000`` fen → ``1,250.00``."""
    return f"{fen / 100:,.2f}"
