"""Panel reviewers: a 主审 and 委员, each with focus functions and a questioning style (Chinese)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import AssistantError


@dataclass(frozen=True)
class Reviewer:
    name: str
    role: str  # 主审 | 委员
    focus: tuple[str, ...]  # 职业功能 names this reviewer prefers to examine
    style: str  # how the reviewer phrases questions, shown in the panel list
    opener: str  # the words before a question
    dimension_weights: dict  # 专业知识/实践应用/逻辑表达/合规意识 → weight (sums to 1): what this reviewer values
    severity: float = 0.0  # points added to every mark: below 0 a strict marker, above 0 a lenient one
    manner: str = ""  # the severity in words, printed in the report

    @property
    def values(self) -> str:
        """The dimension this reviewer weighs most, in words."""
        return max(self.dimension_weights, key=self.dimension_weights.get)


_PERSONAS = (
    Reviewer("王评委", "主审", ("客户资信管理", "授信审批", "审批授信"), "严谨，先问原理再追问数据与依据",
             "请你谈一谈：", {"专业知识": 0.4, "实践应用": 0.2, "逻辑表达": 0.2, "合规意识": 0.2}, -4.0, "偏严"),
    Reviewer("李评委", "委员", ("商账追收", "全程信控", "国际信控"), "务实，关注实际操作流程和风险处置",
             "请你说说：", {"专业知识": 0.2, "实践应用": 0.5, "逻辑表达": 0.15, "合规意识": 0.15}, 3.0, "偏宽"),
    Reviewer("陈评委", "委员", ("制度规范", "设施建设", "重点领域信控", "培训管理和指导"),
             "关注制度、合规与管理，常让考生举例", "我想了解一下：",
             {"专业知识": 0.2, "实践应用": 0.2, "逻辑表达": 0.2, "合规意识": 0.4}, 1.0, "适中"),
    Reviewer("赵评委", "委员", ("授信审批", "审批授信", "客户资信管理"), "偏重案例分析，会给出情境让考生判断",
             "请你分析：", {"专业知识": 0.3, "实践应用": 0.4, "逻辑表达": 0.2, "合规意识": 0.1}, -2.0, "略严"),
    Reviewer("周评委", "委员", ("重点领域信控", "国际信控", "商账追收", "全程信控"), "关注前沿做法与法律合规",
             "请说明：", {"专业知识": 0.3, "实践应用": 0.2, "逻辑表达": 0.2, "合规意识": 0.3}, 2.0, "略宽"),
)


def make_panel(size: int) -> list[Reviewer]:
    """3 or 5 reviewers (the standard requires an odd number of at least 3)."""
    if size not in (3, 5):
        raise AssistantError(f"评审组人数须为 3 或 5（标准要求 3 人及以上单数），收到：{size}")
    return list(_PERSONAS[:size])


def reviewer_for(panel: list[Reviewer], function: str, turn: int) -> Reviewer:
    """The reviewer whose focus includes the function; ties go round the table."""
    keen = [r for r in panel if function in r.focus]
    pool = keen or panel
    return pool[turn % len(pool)]
