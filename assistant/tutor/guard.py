"""Requests the tutor declines, detected by reviewed patterns in prompts/guard.yaml.

Questions *about* an unlawful act ("催收能给欠款人家属打电话吗？") are answered from the material;
requests to *do* it ("帮我写条短信发给他老婆") are declined with the 职业守则 as ground.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..tokenize import normalise_text

_ABOUT_LEGALITY = re.compile(r"((合法|违法|犯法|合规|违规|侵权|作弊|骗局|骗人|骗子|算不算违|是否违)[^，,。]{0,6}"
                             r"|(会有|有什么|有啥|受到|受什么|担什么)[^，,。]{0,4}(后果|处罚|责任)"
                             r"|(该|应该|要)(怎么|如何|咋)[^，,。\s]{0,4}(办|处理|应对|拒绝|回绝|解释|答复|回复|沟通|讲清楚|说清楚|劝)|(怎么|如何)(拒绝|回绝)[^，,。]{0,6}"
                             r"|(需要|要|得)(满足|具备|有)?(什么|哪些|啥)(条件|授权|手续|前提)"
                             r"|(守则|法律|法规|条例|规定)[^，,。]{0,4}(是)?(怎么|如何|咋)(说|规定|要求)的?"
                             r"|才(能)?不(算|会被当作|会被认为是?)(造假|违规|违法|夸大|抄袭|代写|作弊|侵权)|(怎么|咋)办"
                             r"|会不会被?(当成|当作|认为是?|算|视为)[^，,。]{0,8}(弄虚作假|造假|违规|违法|作弊|抄袭|侵权|威胁|恐吓|骚扰)"
                             r"|(被(抓|查|发现|查出|抓到|查到)[^，,。]{0,10}|会|将)(咋样|怎么样|怎样|怎么处理|如何处理|什么后果|啥后果|什么下场|啥下场)"
                             r"|(这种|这类|这道|这个|这样的)(题|问题)[^，,。]{0,4}(怎么|如何|咋)(答|回答|应答)[^，,。]{0,6}"
                             r"|(要|该|得|需要)?走(啥|什么|哪些|哪个|怎样的)(流程|程序|手续)|(还)?(能|可以)(改|更正|修改|补正)吗"
                             r"|行不行|可不可以|可以吗|能行吗|算不算踩线|踩线|越界|违不违法|合不合规|合不合法|违不违规)[吗嘛呢不啊呀]*\s*$")
_REQUEST = re.compile(r"帮我(?!(看看|看一?下|判断|评估|分析|瞅瞅))|替我|给我(?!们)|教我|帮忙|(怎么|如何)(?![^，,。\s]{0,4}(办|处理|应对|拒绝|回绝|规定|要求|说|判断|认定|区分|"
                      r"理解|看待|回答|答复|答|解释|考|界定|讲清楚|劝|回事|样))|有没有.{0,12}(办法|招|法子)|有啥.{0,8}(办法|招|法子)|能不能帮")
# "…公司内部应该怎么保管才符合个人信息保护法的要求": how to do something lawfully is a question about the law,
# unless the tutor is asked to do it ("帮我查下张三的征信，怎么查才合法").
_COMPLIANCE = re.compile(r"才(能|算)?(符合|满足)[^，,。？?]{0,16}(要求|规定)|才(能|算)?(合规|合法)")
_HELP = re.compile(r"帮我|替我|给我(?!们)|帮忙|能不能帮")
# A question about the standard's own content (an item code, its 相关知识) is a study question, whatever the user
# is writing it for ("对着标准写个人工作总结，3.2.12对应的相关知识是…吧？"): only the topic declines skip it.
_ABOUT_STANDARD = re.compile(r"(?<![\d.])\d\.\d{1,2}\.\d{1,2}(?![\d.])|相关知识|技能要求|职业功能")
_ASKING = re.compile(r"[？?]|吗|吧|什么|啥|哪|几|是不是|对不对")  # …and it is asked about, not just mentioned
_TOPIC_DECLINES = ("out_of_scope", "writing_for_you")
# A 职业守则 rule quoted in the question ("守则第3条说的是不擅自更改客户信用记录，抵制篡改…") states the rule; it asks
# nobody to tamper with anything, so its words are not matched against the requests to decline.
_QUOTED_RULE = re.compile(r"(不擅自|抵制|禁止|不得|严禁)(更改|篡改|修改|删除|删改)[^，,。？?！!；;\s]{0,14}")
_CLAUSE_END = re.compile(r"[？?！!。；;，,\s]")


def about_legality(question: str) -> bool:
    """A sentence of the question ends by asking whether something is lawful, what it costs or what the right
    course is ("…这算违法吗？", "…被查到会有什么后果", "…我该怎么处理"), even when another question follows: it is
    answered, not declined."""
    return any(_ABOUT_LEGALITY.search(c) for c in _CLAUSE_END.split(question))


@dataclass(frozen=True)
class Decline:
    category: str
    reason: str  # Chinese, shown to the user
    rules: tuple[str, ...]  # 职业守则 locators given as ground


@dataclass(frozen=True)
class _Category:
    name: str
    reason: str
    rules: tuple[str, ...]
    all_of: tuple[re.Pattern, ...]
    any_of: tuple[re.Pattern, ...]

    def fires(self, text: str) -> bool:
        if self.all_of and all(p.search(text) for p in self.all_of):
            return True
        return any(p.search(text) for p in self.any_of)


class Guard:
    def __init__(self, path: Path) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))["categories"]
        self._categories = [
            _Category(name, c["reason"], tuple(c.get("rules", ())),
                      tuple(re.compile(p) for p in c.get("all", ())), tuple(re.compile(p) for p in c.get("any", ())))
            for name, c in data.items()
        ]

    def check(self, question: str) -> Decline | None:
        text = _QUOTED_RULE.sub("", normalise_text(question))
        if about_legality(text) and not _REQUEST.search(text) or _COMPLIANCE.search(text) and not _HELP.search(text):
            return None  # "花钱找中介把逾期记录洗掉，算不算违法": asks whether, answered from the material
        about_standard = _ABOUT_STANDARD.search(text) and _ASKING.search(text) and not _HELP.search(text)
        for c in self._categories:
            if about_standard and c.name in _TOPIC_DECLINES:
                continue
            if c.fires(text):
                return Decline(c.name, c.reason, c.rules)
        return None
