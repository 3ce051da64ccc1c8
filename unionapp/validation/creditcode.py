"""统一社会信用代码 (GB 32100-2015) checking."""

from __future__ import annotations

from dataclasses import dataclass
from operator import mul

from unionapp.validation.common import ValidationError, normalize_text

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {char: index for index, char in enumerate(ALPHABET)}
_ALLOWED = frozenset(ALPHABET)
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

LENGTH, CHARACTERS, CHECK_CHARACTER = "length", "characters", "check_character"


@dataclass(frozen=True)
class CodeProblem:
    """What is wrong with a code: ``kind`` (a failing check character may be confirmed against
    the business licence; the others may not) and the clerk's message."""

    kind: str
    message: str


def credit_code_check_char(first17: str) -> str:
    """The 18th character for a code's first 17 characters."""
    if len(first17) != 17:
        raise ValueError("a credit code's check character needs exactly 17 characters")
    total = sum(map(mul, map(_VALUE.__getitem__, first17), _WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def clean_credit_code(value: object) -> str:
    return normalize_text(value).replace(" ", "").upper()


def credit_code_problem(value: object, label: str = "统一社会信用代码") -> CodeProblem | None:
    """What is wrong with a code, or ``None`` when it is sound."""
    code = clean_credit_code(value)
    if len(code) != 18:
        return CodeProblem(LENGTH, f"{label}：应为18位，当前为{len(code)}位")
    bad = sorted(set(code) - _ALLOWED)
    if bad:
        return CodeProblem(
            CHARACTERS, f"{label}：含有不允许的字符“{''.join(bad)}”（不使用 I、O、S、V、Z）"
        )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return CodeProblem(
            CHECK_CHARACTER, f"{label}：校验位错误，应为“{expected}”，请与营业执照核对"
        )
    return None


def is_valid_credit_code(value: object) -> bool:
    return credit_code_problem(value) is None


def validate_credit_code(value: object, label: str = "统一社会信用代码") -> str:
    problem = credit_code_problem(value, label)
    if problem:
        raise ValidationError(problem.message, label)
    return clean_credit_code(value)
