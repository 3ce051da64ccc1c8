"""Which characters a text field may hold.

Refused: control characters (C0 except tab and line breaks in long text, DEL, C1), bidi
embeddings, overrides, isolates and marks, and the other invisible format characters that can
make one name look like another or hide text on a printed form (zero-width space, word joiner,
a BOM inside the text, soft hyphen, Hangul fillers …). Allowed, because real names need them:
ZWNJ and ZWJ (Uyghur, emoji sequences), the Mongolian free variation selectors and vowel
separator, the narrow no-break space (Mongolian), and the variation selectors (rare CJK glyph
variants). Unassigned and private-use code points are only a warning: new CJK extensions are
unassigned in older Unicode tables, and offices still hold 造字 in the private-use area.

Forms, imports and the command line all call :func:`check_text` (or :func:`text_issues` to
show warnings too), so the rule is the same everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from unionapp.validation.common import ValidationError


class TextIssueKind(Enum):
    CONTROL = "control"  # C0 (other than allowed breaks), DEL, C1
    LINE_BREAK = "line_break"  # a break or tab in a one-line field; U+2028/U+2029 anywhere
    BIDI = "bidi"  # embeddings, overrides, isolates, LRM/RLM/ALM
    INVISIBLE = "invisible"  # other format characters and blank letters
    BROKEN = "broken"  # a lone surrogate: text that was decoded wrongly
    UNASSIGNED = "unassigned"  # warning only
    PRIVATE_USE = "private_use"  # warning only


WARNING_KINDS = frozenset({TextIssueKind.UNASSIGNED, TextIssueKind.PRIVATE_USE})

# Format characters (category Cf) that names legitimately contain.
ALLOWED_FORMAT = frozenset(
    [0x200C, 0x200D, 0x202F, *range(0x180B, 0x1810), *range(0xFE00, 0xFE10)]
    + list(range(0xE0100, 0xE01F0))
)
BIDI_CONTROLS = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Letters and marks that draw nothing (not category Cf, so listed by hand).
BLANK_LETTERS = "\u115f\u1160\u17b4\u17b5\u3164\uffa0"
_BLANK_LETTER = re.compile(f"[{BLANK_LETTERS}]")
MULTILINE_BREAKS = "\n\r\t"

_NAMES = {
    TextIssueKind.CONTROL: "控制字符",
    TextIssueKind.LINE_BREAK: "换行符或制表符",
    TextIssueKind.BIDI: "文字方向控制符",
    TextIssueKind.INVISIBLE: "不可见字符",
    TextIssueKind.BROKEN: "无效字符",
    TextIssueKind.UNASSIGNED: "未定义的字符",
    TextIssueKind.PRIVATE_USE: "自造字（私用区字符）",
}


@dataclass(frozen=True)
class TextIssue:
    kind: TextIssueKind
    index: int  # position in the text, from 0
    char: str

    @property
    def is_error(self) -> bool:
        return self.kind not in WARNING_KINDS

    def describe(self) -> str:
        code = f"U+{ord(self.char):04X}"
        if self.kind is TextIssueKind.LINE_BREAK and self.char in MULTILINE_BREAKS:
            name = "制表符" if self.char == "\t" else "换行"
            return f"第{self.index + 1}个字符是{name}（{code}），此处只能填一行，请删除"
        advice = "请删除后重新输入" if self.is_error else "请确认打印和检索时显示正常"
        return f"第{self.index + 1}个字符是{_NAMES[self.kind]}（{code}），{advice}"


def _kind_of(char: str, multiline: bool) -> TextIssueKind | None:
    code = ord(char)
    category = unicodedata.category(char)
    if category == "Cc":
        if char in MULTILINE_BREAKS:
            return None if multiline else TextIssueKind.LINE_BREAK
        return TextIssueKind.CONTROL
    if category == "Cf":
        if code in ALLOWED_FORMAT:
            return None
        return TextIssueKind.BIDI if code in BIDI_CONTROLS else TextIssueKind.INVISIBLE
    if category in ("Zl", "Zp"):
        return TextIssueKind.LINE_BREAK
    if category == "Cs":
        return TextIssueKind.BROKEN
    if category == "Co":
        return TextIssueKind.PRIVATE_USE
    if category == "Cn":
        return TextIssueKind.UNASSIGNED
    if char in BLANK_LETTERS:
        return TextIssueKind.INVISIBLE
    return None  # spaces (Zs), marks and letters


def text_issues(text: str, *, multiline: bool = False) -> list[TextIssue]:
    """Every character of ``text`` that is refused or worth a warning, in order."""
    if text.isprintable() and not _BLANK_LETTER.search(text):
        return []  # the common case: every category above is "not printable"
    issues = []
    for index, char in enumerate(text):
        if char == " " or (char.isprintable() and char not in BLANK_LETTERS):
            continue
        kind = _kind_of(char, multiline)
        if kind is not None:
            issues.append(TextIssue(kind, index, char))
    return issues


def check_text(text: str, label: str, *, multiline: bool = False) -> str:
    """Return ``text`` unchanged, or raise naming the field and the first refused character."""
    if text.isprintable() and not _BLANK_LETTER.search(text):
        return text  # the common case, without building a list
    for issue in text_issues(text, multiline=multiline):
        if issue.is_error:
            raise ValidationError(f"{label}：{issue.describe()}", label)
    return text
