"""How the panel says things: times as a person says them, follow-ups that name an area, never the answer."""

from __future__ import annotations

import re

# A rubric point names its area before the expected content: "三等九级划分正确：A等（AAA…）" -> "三等九级划分".
_LABEL = re.compile(r"^([^：:]{2,24})[：:]")
_CONTENT_START = re.compile(r"[（(，,；;。＝=]|\d")
_CLAIM = re.compile(r"[不非无只禁须应要]")  # a label that states a rule gives the answer away
_LEAD = re.compile(r"^(能够|能|会|讲到|谈到|正确地?|准确地?|清楚地?|完整地?|说清楚?|讲清楚?|讲出|说出|说明|指出|给出|列出|提出|"
                   r"写明|明确|区分|分清|结合|举例|阐述|分析|并|且)+")
_TAIL = re.compile(r"(至少.{1,3}[项个条种点]|正确|准确|清楚|完整|到位|合理|得当|恰当|明确|具体)+$")
MAX_AREA_CHARS = 14


def duration_text(seconds: float) -> str:
    """'45 秒' under 90 s, else minutes as said: '2 分钟', '2.5 分钟'."""
    if seconds < 90:
        return f"{max(1, round(seconds))} 秒"
    minutes = round(seconds / 60 * 2) / 2  # to the half minute
    return f"{minutes:g} 分钟"


def area_of(point: str) -> str:
    """The area a rubric point is about, in a few words, without the content it expects: the label before
    its colon ("三等九级划分正确：A等…" -> "三等九级划分"); "" when the point has no such label or the
    label itself states the rule."""
    label = _LABEL.match(point)
    if not label:
        return ""
    head = _CONTENT_START.split(label.group(1), 1)[0].strip()
    head = _TAIL.sub("", _LEAD.sub("", head)).strip("的和与及、 ")
    if len(head) > MAX_AREA_CHARS or _CLAIM.search(head):
        return ""
    return head


def _area_question(kind: str, area: str, dossier: bool) -> str:
    if dossier:
        return f"材料里这项工作，{area}这一块你再具体说说？"
    if kind == "案例":
        return f"回到这个案例，{area}你会怎么考虑？"
    if kind == "实务":
        return f"{area}这一块，实际工作中你是怎么做的？"
    return f"{area}这一块，你再具体说说？"


_GENERIC = {"案例": "回到这个案例，你的结论和依据再说具体一点？",
            "实务": "能举一个你实际处理过的例子吗？当时的数据和结果是怎样的？",
            "论述": "你的观点再展开一点：依据是什么，怎么落地？",
            "知识": "这个问题你再展开说说？"}


def followup_text(kind: str, bank: tuple[str, ...], n: int, missing: list[str], asked: list[str],
                  dossier: bool = False) -> str:
    """The n-th follow-up (0-based) on a question: the bank's own follow-up first, else the area of a rubric
    point still missing (never its content), else a request to be concrete in the question's kind."""
    if n < len(bank):
        return bank[n]
    for point in missing:
        area = area_of(point)
        if len(area) >= 2 and not any(area in a for a in asked):
            return _area_question(kind, area, dossier)
    return _GENERIC.get(kind, _GENERIC["知识"])
