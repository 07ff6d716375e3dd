"""How questions word what the standard states: figures with units, exam sections, the weight table meant,
the level applied for, and the word pairs of a topic."""

from __future__ import annotations

import re

CN = {c: n for n, c in enumerate("零一二三四五六七八九十")}
FIGURE = re.compile(r"(?<![\d.\-~～])(\d+(?:\.\d+)?)\s*(min|分钟|学时|标准学时|个?小时|个?钟头|[个位名]?(?:评委|评审委员|考评员|考评人员|监考人员|监考)|个?名|个?人|%|年)")
# How the standard writes each kind of figure the question may state.
UNIT_CLASS = {"分钟": r"(?:min|分钟)", "学时": r"(?:标准)?学时", "人": r"(?:人|名)"}


def unit_class(unit: str) -> str | None:
    if unit in ("min", "分钟") or unit.endswith(("小时", "钟头")):
        return "分钟"
    if unit.endswith("学时"):
        return "学时"
    if unit in ("%", "年"):
        return None  # percents and years in chapter 1 are conditions, not single figures
    return "人"
RATIO = re.compile(r"1\s*[:：比]\s*(\d+)")
# Which chapter-1 section answers which exam question.
EXAM_SECTIONS = (
    ("1.9.4", re.compile(r"时间|多久|多长|分钟|小时|钟头|时长|min")),
    ("1.9.3", re.compile(r"配比|考评|监考|评委|评审委员|几个人|几名")),
    ("1.8", re.compile(r"学时|培训(?!机构|班|学校|老师|师)")),  # "培训机构的人说…" is about who said it
    ("1.9.5", re.compile(r"场所|考场|设备|教室|实验室|(在|去)哪(儿|里)?考|哪里考|电脑|软件")),
    ("1.9.2", re.compile(r"鉴定方式|考核方式|怎么考|形式|笔试|机考|合格|及格|多少分|百分制|综合评审|综评|答辩")),
    ("1.9.1", re.compile(r"申报|报考|条件|资格|年限|满几年|学历|毕业|能报|可以报|直接报|相关职业|"
                           r"(报|升)(个|到)?(高级技师|技师|高级工|中级工|一级|二级|三级|四级)")),
    ("1.4", re.compile(r"几个等级|等级")),
)


BASICS = ("职业道德", "基础知识")  # the 基本要求 rows of the theory table only
TABLE_NAMES = {"theory": "理论知识", "skill": "技能要求"}
APPLY = re.compile(r"(报|申报|报考|考|升)(?:个|到)?(高级技师|技师|高级工|中级工|一级|二级|三级|四级)")
APPLY_BEFORE = re.compile(r"(高级技师|技师|高级工|中级工|一级|二级|三级|四级)(的)?(申报|报考|报名)")
ASKED = ((re.compile(r"过|及格|合格|多少分|几分"), {"合格", "60分"}), (re.compile(r"怎么评|咋评|如何评|形式|方式"), {"审阅", "答辩"}))


# A question about what a work content, named rather than numbered, requires ("追收国际欠款具体要会啥").
ASKS_REQUIREMENTS = re.compile(r"要会|会啥|会什么|要求|讲(的)?(什么|啥)|包括|包含|有哪些|有啥|技能|知识|考啥|考什么|是啥|是什么")

# Word pairs of how people ask, not of what they ask about.
COMMON_PAIRS = {"要会", "会啥", "要求", "区别", "别没", "有区", "什么", "哪些", "比较", "一下", "方面", "这块", "能力", "技能",
                 "客户", "信用", "不同", "有什", "么不", "的要", "求有"}


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def asked_about(question: str) -> set[str]:
    """Words of the standard that answer a colloquial question ("多少分算过" → 合格)."""
    return set().union(*(words for pat, words in ASKED if pat.search(question)))
TABLE_LOC = {"theory": "4.1", "skill": "4.2"}


def tables_meant(question: str) -> tuple[str, ...]:
    """理论/相关知识 → table 4.1; 技能/操作 → 4.2; neither or both → both."""
    theory = bool(re.search(r"理论|相关知识|知识要求|知识里|笔试", question))
    skill = bool(re.search(r"技能|操作|实操", question))
    return ("theory",) if theory and not skill else ("skill",) if skill and not theory else ("theory", "skill")
