"""The union's settings as the clerk edits them (设置): checked together before any is saved,
each problem named per setting, so the dialog can show it beside its field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.fonts_coverage import unprintable
from unionapp.services.settings import DEFAULTS, FORM_WORDING, get_setting, set_setting
from unionapp.validation import ValidationError
from unionapp.validation.common import parse_money_fen
from unionapp.validation.text import check_text

EDITABLE = (
    "union_name",
    "operator",
    "idle_lock_minutes",
    "archive_prefix",
    "dibao_line_fen",
    *FORM_WORDING,
)
LABELS = {
    "union_name": "工会名称",
    "operator": "操作员",
    "idle_lock_minutes": "闲置锁定",
    "archive_prefix": "档案编号前缀",
    "dibao_line_fen": "低保标准",
    "form_title": "审批表标题",
    "form_levels": "审批栏",
    "form_commitment": "申请人承诺",
    "form_note": "表下注释",
}
LENGTHS = {
    "union_name": 40,
    "operator": 20,
    "archive_prefix": 10,
    "form_title": 40,
    "form_commitment": 200,
    "form_note": 200,
}
REQUIRED = ("union_name", "form_title", "form_levels")
LEVELS = (1, 4)  # approval boxes on the form
LEVEL_LENGTH = 12  # a level's name sits in the label column
_PREFIX = re.compile(r"[A-Za-z0-9\u4e00-\u9fff]+")


class SettingsInvalid(ValueError):
    """Some settings were refused; ``problems`` names each by its key."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("；".join(problems.values()))
        self.problems = problems


def current(session: Session) -> dict[str, str]:
    """The editable settings as the clerk edits them (the 低保 line in yuan, "" when unset)."""
    values = {key: get_setting(session, key) or DEFAULTS.get(key, "") for key in EDITABLE}
    fen = int(values["dibao_line_fen"] or 0)
    values["dibao_line_fen"] = f"{Decimal(fen) / 100:.2f}" if fen else ""
    return values


def _check(key: str, value: str) -> str:
    """The value as it will be stored; raises ValidationError with the reason."""
    label = LABELS[key]
    value = value.strip()
    check_text(value, label, multiline=key == "form_levels")
    if key in REQUIRED and not value:
        raise ValidationError(f"{label}：不能为空", label)
    if key in LENGTHS and len(value) > LENGTHS[key]:
        raise ValidationError(f"{label}：最多 {LENGTHS[key]} 个字（现有 {len(value)} 个）", label)
    missing = unprintable(value)
    if missing:
        raise ValidationError(f"{label}：打印字体里没有“{missing}”，打印出来会是方框", label)
    if key == "archive_prefix" and value and not _PREFIX.fullmatch(value):
        raise ValidationError(f"{label}：只能用字母、数字或汉字（如 DA、JN），不含“-”", label)
    if key == "dibao_line_fen":
        return str(parse_money_fen(value, label)) if value else "0"
    if key == "idle_lock_minutes":
        if not value.isdigit() or int(value) > 240:
            raise ValidationError(f"{label}：应为 0 到 240 分钟", label)
        return str(int(value))
    if key == "form_levels":
        levels = [line.strip() for line in value.splitlines() if line.strip()]
        if not LEVELS[0] <= len(levels) <= LEVELS[1]:
            raise ValidationError(f"{label}：每行一级，应有 1 到 4 级", label)
        long = [level for level in levels if len(level) > LEVEL_LENGTH]
        if long:
            raise ValidationError(
                f"{label}：“{long[0]}”太长（每级最多 {LEVEL_LENGTH} 个字）", label
            )
        return "\n".join(levels)
    return value


def checked(values: Mapping[str, str]) -> dict[str, str]:
    """The values as they will be stored; raises SettingsInvalid naming every problem."""
    problems: dict[str, str] = {}
    result: dict[str, str] = {}
    for key, value in values.items():
        if key not in LABELS:
            raise KeyError(key)
        try:
            result[key] = _check(key, value)
        except ValidationError as error:
            problems[key] = str(error)
    if problems:
        raise SettingsInvalid(problems)
    return result


def save(session: Session, values: Mapping[str, str]) -> dict[str, str]:
    """Check all, then store all (the caller's transaction); returns what was stored."""
    stored = checked(values)
    for key, value in stored.items():
        set_setting(session, key, value)
    return stored


FIRST_START = ("union_name", "archive_prefix", "operator")  # 初次使用设置 asks these


def saved_keys(session: Session) -> set[str]:
    """The editable settings this union has saved (the others are still the defaults)."""
    from unionapp.models import Setting

    return set(session.scalars(select(Setting.key).where(Setting.key.in_(EDITABLE))))


def first_start_needed(session: Session) -> bool:
    """A new office's first start: no settings of the union saved and nothing recorded yet (a
    database filled by ``demo`` or an import opens straight to the window)."""
    from unionapp.models import Setting
    from unionapp.services.counts import anything_recorded

    saved = select(Setting.key).where(Setting.key.in_(EDITABLE)).limit(1)
    if session.scalar(saved) is not None:
        return False
    return not anything_recorded(session)
