"""Level names: resolve what a user types, and spot levels a question mentions."""

from __future__ import annotations

import re

from .errors import AssistantError
from .standard.model import LEVELS

LEVEL_NAMES = tuple(name for _, name in LEVELS)
_ALIASES = {
    "四级": "四级/中级工", "中级工": "四级/中级工", "4": "四级/中级工",
    "三级": "三级/高级工", "高级工": "三级/高级工", "3": "三级/高级工",
    "二级": "二级/技师", "技师": "二级/技师", "2": "二级/技师",
    "一级": "一级/高级技师", "高级技师": "一级/高级技师", "1": "一级/高级技师",
    "4级": "四级/中级工", "3级": "三级/高级工", "2级": "二级/技师", "1级": "一级/高级技师",  # as typed: "3级 客户资信"
    "高技": "一级/高级技师",  # candidates' shorthand ("技师和高技"); not 高技能/高技术
    "高工": "三级/高级工",  # shorthand for 高级工; not 提高工作/高工资
}
# Longest first so that 高级技师 is not read as 技师, nor 高级工 inside it.
_MENTION_RE = re.compile("|".join(sorted(_ALIASES.keys() - {"1", "2", "3", "4"}, key=len, reverse=True))
                         .replace("高技", "高技(?![能术巧])")
                         .replace("高工", "(?<![提较很最太更升抬增])高工(?![资艺作程效时龄伤厂])"))


def resolve_level(text: str | None) -> str | None:
    """'二级', '技师', '二级/技师' → '二级/技师'; None/'' → None; anything else → AssistantError."""
    if not text:
        return None
    t = text.strip().replace(" ", "")
    if t in LEVEL_NAMES:
        return t
    if t in _ALIASES:
        return _ALIASES[t]
    raise AssistantError(f"未知等级：{text}。可选：{'、'.join(LEVEL_NAMES)}（也可写 四级/三级/二级/一级）")


def mentioned_levels(question: str) -> set[str]:
    """Levels a question names, e.g. '一级/高级技师要会什么' → {'一级/高级技师'}."""
    return {_ALIASES[m] for m in _MENTION_RE.findall(question.replace(" ", ""))}


def remove_level_mentions(text: str) -> str:
    return _MENTION_RE.sub("", text)
