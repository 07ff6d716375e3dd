"""Is a unit a statement, and what does it show? Rules over jieba part-of-speech tags and the text.

Evidence is what the candidate says about a point: a clause with a predicate, in the candidate's own
words, specific to the question. A bare list of terms, text copied from the question or the rubric, and
boilerplate that fits any question show nothing. These are the measurements; their weights are fitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..tokenize import Tokenizer
from .units import Unit

_CLAUSE = re.compile(r"[，,；;：:。！？!?]+")
_ENUM = re.compile(r"[、/\s]+")
_PREDICATE_FLAGS = ("v", "vd", "vi", "vl", "vg", "a", "ad")  # adjectives are predicates in Chinese
# Copulas, comparisons and modals that make a claim even when jieba tags them otherwise.
_PREDICATES = frozenset(
    "是 就是 即 为 在 等于 大于 小于 低于 高于 超过 不超过 达到 包括 属于 要 应 应该 应当 须 必须 需要 不得 不能 可以 会 能 "
    "就 说明 意味着 导致 除以 乘以 减去 加上 减 乘 除".split())
_ACTION_FLAGS = ("v", "vd", "vi")  # not vn: 调查/评估 in 客户调查 are verbal nouns
_FUNCTION_FLAGS = frozenset("d p r c u uj ul uz uv ud ug y".split())  # adverbs, prepositions, pronouns, particles
_NOT_PREDICATE = frozenset("需要 进行 加强 强化 重视".split())  # predicates that on their own say nothing
# Generic management talk that fits any question.
GENERIC = frozenset(
    "高度 重视 高度重视 健全 完善 加强 强化 持续 改进 持续改进 提高 提升 认识 意识 机制 体系 全面 科学 有效 规范 "
    "落实 推进 优化 闭环 数据 驱动 全局 统筹 协同 综合 考虑 综合考虑 各方面 因素 认真 对待 重要 非常 关键 核心 理念 "
    "思路 方向 层面 维度 赋能 抓手 长效 常态化 精细化 系统性 系统 平衡 把控 管控 水平 能力 建设 质量 效率 作用 工作 方面 "
    "问题 管理 风险 发展 保障 坚持 做好 做到 注重 确保 形成 积极 主动 及时 到位 整体 相关 方法 手段 措施 环节 过程 "
    "全方位 多维度 前瞻性 动态 实际 情况 结合 基础 根本 目标 价值 良好 合理 充分 深入 不断 进一步 切实 务必 始终 "
    "我们 我 认为 觉得 一定 这个 那个 一些 这些 需要 进行 同时 另外 此外 总之 所以 因此 首先 其次 最后".split())
SPECIFIC_RULES = {
    "figure": re.compile(r"\d+(?:[.,]\d+)*\s*(?:%|万|亿|元|天|倍|年|个月|月|日|次|家|笔|分|级|小时|周|个|项|条|人)|\d+/\d+"),
    "formula": re.compile(r"[=÷×]|除以|乘以|减去|加上|等于|相除|相乘|\d\s*(?:[-+*/]|加|减|乘|除)\s*\d"),
    "law": re.compile(r"《[^》]{2,30}》|[\u4e00-\u9fff]{2,10}(?:法|条例|办法|规定|守则|司法解释)(?:第[\d一二三四五六七八九十百]+条)?"),
    "example": re.compile(r"例如|比如|举个例子|举例|有一次|去年|前年|今年|上个月|我们公司|我们单位|我所在|我之前|某客户|有个客户|有一家|一家"),
    "reason": re.compile(r"因为|所以|因此|由于|否则|导致|原因|意味着|说明|目的是|为了"),
    "condition": re.compile(r"如果|一旦|假如|只要|除非|若是|要是|超过.{0,6}就"),
    "step": re.compile(r"首先|其次|然后|接着|最后|第一步|第二步|先.{1,12}再|之后"),
}


@dataclass(frozen=True)
class UnitQuality:
    predicate: float  # share of the unit's clauses that make a claim (not a bare term or enumeration)
    copied: float  # share of its character 4-grams found in the question or rubric
    generic: float  # share of its content words that are boilerplate
    specific: frozenset[str]  # kinds of specifics it states (figure, formula, law, example, reason, …)

    def quality(self, copy_floor: float, copy_span: float) -> float:
        """0–1: how much this unit can count as the candidate's own evidence."""
        own = min(1.0, max(0.0, (1.0 - self.copied - copy_floor) / copy_span)) if copy_span else 1.0
        return self.predicate * own * (1.0 - 0.8 * self.generic)


_OPERATORS = [(re.compile(p), r) for p, r in ((r"等于|＝", "="), (r"除以|除|÷", "/"), (r"乘以|乘|×", "*"),
                                             (r"减去|减|−|－", "-"), (r"加上|加|＋", "+"))]


_WAN = re.compile(r"(\d+(?:\.\d+)?)万")


def _plain_figure(m: re.Match) -> str:
    return f"{float(m.group(1)) * 10000:.0f}"


_WORDY = re.compile(r"[\u4e00-\u9fffa-z]")


def grams(text: str, n: int = 4) -> set[str]:
    """Character n-grams of the words and figures, with spoken and written operators made one, and
    "100万" written as the spoken "一百万" reads in matching form (1000000). An n-gram of mostly figures and
    operators ("85*0") is left out: working a computation with the question's figures, or reaching the
    rubric's result, is not copying; copied words are."""
    text = _WAN.sub(_plain_figure, text)
    for pattern, symbol in _OPERATORS:
        text = pattern.sub(symbol, text)
    plain = re.sub(r"[^\u4e00-\u9fffa-z0-9.%=/*+-]", "", text)
    return {g for g in (plain[i : i + n] for i in range(len(plain) - n + 1)) if len(_WORDY.findall(g)) >= 2}


def source_grams(question: str, points: list[str]) -> set[str]:
    """What copying is measured against: the question's 4-grams and the rubric's, except rubric 4-grams holding a
    figure the question does not give ("超额度15万" when the question gives 200/180/35). Such a figure is a
    result the candidate works out; stating it is the answer, not a copy of the rubric."""
    given = "|".join(re.findall(r"\d+", _WAN.sub(_plain_figure, question)))
    derived = lambda g: any(run not in given for run in re.findall(r"\d+", g))  # noqa: E731
    return grams(question) | {g for g in grams("".join(points)) if not derived(g)}


def _action(tags: list[tuple[str, str]]) -> bool:
    """A verb with its object or complement ("组织考试", "判断现金流能否覆盖还款"), or a subject with its
    predicate at the end ("资料整理归档", "费用结算清楚"). Compound terms put a noun last ("利息保障倍数")
    or read as noun + verbal noun ("客户调查"); jieba tags verbal nouns vn."""
    if len(tags) < 3:  # two words ("转移风险", "存档报告") read as a term as often as an action
        return False
    if tags[0][1] in _ACTION_FLAGS and any(f[0] in "nvamr" for _, f in tags[1:]):
        return True
    return tags[-1][1] in _ACTION_FLAGS + ("a", "ad") and tags[0][1].startswith("n")


def _steps(parts: list[str], tokenizer: Tokenizer) -> bool:
    """An enumeration of actions, each a verb with its object ("发通知、组织报名、确认讲师"), or of small
    statements with an adverb ("经营正常还在进货、不肯确认欠款"), says what the candidate does or found: not
    terms. Terms put a noun first ("额度审批", "学时出勤核对", "保理的债权转让属性") or are one word."""
    def acts(part: str) -> bool:
        tags = [(w, f) for w, f in tokenizer.tagged(part) if f != "x" and w.strip()]
        if tags and tags[-1][1].startswith("n") and any(f == "uj" for _, f in tags):
            return False  # "保理的债权转让属性": a noun phrase, whatever jieba tags its first word
        said = any(f == "d" for _, f in tags) and any(f in _PREDICATE_FLAGS for _, f in tags)  # 还在进货, 不肯确认
        return len(tags) >= 2 and tags[0][1] in _ACTION_FLAGS or said
    return sum(map(acts, parts)) >= max(2, (len(parts) + 1) // 2)


_OPERATIONS = frozenset("除以 乘以 减去 加上 减 乘 除".split())  # "85乘0.3、55乘0.4" lists operands, claims no result
ENUM_ITEM, ENUM_LONGEST = 12, 24  # mean and longest item, in characters, of an enumeration of terms


def _enumeration(parts: list[str]) -> bool:
    """Three or more short items joined by 、 (or spaces): a list, whatever figures or verbal nouns it holds."""
    return len(parts) >= 3 and max(map(len, parts)) <= ENUM_LONGEST and sum(map(len, parts)) / len(parts) <= ENUM_ITEM


def _noun_list(parts: list[str], tokenizer: Tokenizer) -> bool:
    """Three or more longer items that each end in a noun ("电商信用分的性质与数据来源、芝麻信用分350至950区间、…的区别"):
    a list of topics, however long its items."""
    if len(parts) < 3 or max(map(len, parts)) > ENUM_LONGEST:
        return False
    lasts = [[f for w, f in tokenizer.tagged(p) if f != "x" and w.strip()][-1:] for p in parts]
    return all(t and t[0].startswith("n") for t in lasts)


def _governed(first: str, tokenizer: Tokenizer) -> bool:
    """A list that is the object of a verb said before it ("我会查看营业执照、财务报表、纳税记录")."""
    tags = [f for w, f in tokenizer.tagged(first) if f != "x" and w.strip()]
    return "uj" not in tags and any(f in _ACTION_FLAGS and tags[n + 1].startswith("n")
                                    for n, f in enumerate(tags[1:-1], 1))


def _claims(clause: str, tokenizer: Tokenizer, listed: bool = False) -> bool:
    """A clause makes a claim when a predicate is tied into a sentence by function words (了/的/要/把/就/我…),
    when it states a figure about something ("速动比率0.92"; not in a list of short comma-separated items, where
    "额度200万，超限15万" are the rubric's terms and figures strung together), or when it is an action with its
    object.
    Terms such as 利息保障倍数 contain verbs but are neither; enumerations of terms are not claims either."""
    tags = [(w, f) for w, f in tokenizer.tagged(clause) if f != "x" and w.strip()]
    verbs = [w for w, f in tags if (f in _PREDICATE_FLAGS or w in _PREDICATES) and w not in _NOT_PREDICATE]
    parts = [p for p in _ENUM.split(clause) if p]
    if _enumeration(parts) or _noun_list(parts, tokenizer):  # "审查、核实、评级、审批", "额度100万元、95%使用率": terms
        return any(w in _PREDICATES and w not in _OPERATIONS for w in verbs) or _governed(parts[0], tokenizer) \
            or _steps(parts, tokenizer)
    if not listed and any(f == "m" and re.search(r"\d", w) for w, f in tags) and \
            any(f.startswith("n") for _, f in tags):
        return True
    if not verbs or len(tags) < 2:
        return False
    return len(tags) >= 3 and any(f in _FUNCTION_FLAGS or w in _PREDICATES for w, f in tags) or _action(tags)


_RESULT = re.compile(r"(?:=|等于|得出|得到|算出来?是?|结果是)\s*-?(\d+(?:\.\d+)?)")
RESTATED, RESTATED_WORDS = 0.85, 5  # share of a unit's words the question already holds; shortest unit judged
# The candidate's own word that a sentence tells the question back ("这道题给的情况是：…", "题目问的是…",
# "已知的是…"): in such a sentence a smaller share of the question's words makes a unit a copy.
_TELLS_QUESTION = re.compile(r"(?:这道题|这个题|这个问题|这一问|本题|题目|题干|题里|题中)(?:里|中|上)?"
                             r"(?:[一1主其总][共要实体]|其实就是|主要是)?(?:给的|给出|给了|说的|说了|讲的|讲了|问的|问了|要求|提到|"
                             r"的情况|的数字|的条件|的要素|的已知)|已知(?:的|条件)")
_ASKS = re.compile(r"(?:又|还|再|然后)?(?:问|要求|让我们?|请)")  # "…，问利率下限": what is asked, told back too
_ONE_OF = re.compile(r"(?<![\d.])1(?=[组个项种套批类些])")  # 一组/一个 normalised to 1组: a word, not a figure
RESTATED_FRAMED, FRAME_REACH = 0.6, 16  # share in such a sentence; where in the sentence the frame must start
_ABOUT_QUESTION = frozenset("这道题 道题 题目 本题 题里 数字 问的是 问题是 给的 给出 已知 条件 也就是说 那么 就是说".split())


def telling_question(units: list[Unit]) -> set[int]:
    """Sentences (indices) that open by saying they tell the question back."""
    firsts: dict[int, Unit] = {}
    for u in units:
        firsts.setdefault(u.sentence, u)
    return {n for n, u in firsts.items() if (m := _TELLS_QUESTION.search(u.norm)) and m.start() <= FRAME_REACH}


# The candidate saying they do not know ("具体怎么讲究我当时也没太记住", "有些条款我也记不太清"): no claim, and the
# clause it hedges ("他还说过那个周转率有讲究") shows nothing either unless it states a figure.
_DISCLAIMS = re.compile(r"(?:我|自己)[^，。！？]{0,6}?(?:(?:不|没)(?:太|大|怎么)?(?:记得|记住|记清|清楚|知道|懂|确定|了解|明白)"
                        r"|记不(?:清|住|得|太清)|搞不(?:太)?清|忘了|说不(?:清|上来|好))")


def _disclaimed(clauses: list[str], claims: list[bool]) -> list[bool]:
    out = list(claims)
    for n, clause in enumerate(clauses):
        if _DISCLAIMS.search(clause):
            out[n] = False
            if n and not re.search(r"\d", clauses[n - 1]):
                out[n - 1] = False
    return out


def unit_quality(unit: Unit, source_grams: set[str], tokenizer: Tokenizer,
                 question_words: frozenset[str] = frozenset(), told_back: bool = False) -> UnitQuality:
    clauses = [c for c in _CLAUSE.split(unit.norm) if len(c.strip()) >= 2]
    listed = len(clauses) >= 3 and all(len(c) <= 8 for c in clauses)  # a list written with commas
    weights = [len(c) for c in clauses] or [1]
    claims = _disclaimed(clauses, [_claims(c, tokenizer, listed) for c in clauses])
    predicate = sum(w for w, c in zip(weights, claims) if c) / sum(weights) if clauses else 0.0
    mine = grams(unit.norm)
    # Too short to judge counts as copied; a bare computation ("85×0.3+55×0.4=47.5") is the candidate's work.
    copied = len(mine & source_grams) / len(mine) if mine else 0.0 if re.search(r"\d", unit.norm) else 1.0
    words = [w for w in tokenizer.tokens(unit.norm) if len(w) >= 2]
    generic = sum(w in GENERIC for w in words) / len(words) if words else 1.0
    # The question's own facts told back in other words ("客户额度是200万元，已经占用了180万元") copy no 4-gram
    # but add nothing: a unit made almost only of the question's words counts as copied.
    told = [w for w in words if w not in GENERIC and w not in _ABOUT_QUESTION]
    if question_words and len(told) >= RESTATED_WORDS:
        restated = sum(w in question_words for w in told) / len(told)
        copied = max(copied, restated) if restated >= (RESTATED_FRAMED if told_back else RESTATED) else copied
    if told_back and (frame := _TELLS_QUESTION.search(unit.norm)):
        # "这道题给了一组数字，资金成本、运营成本…还有资本回报": after the frame the unit only names what the question
        # gives (in its own words: 违约概率 for PD; a list after the frame is the givens), so nothing in it is the
        # candidate's.
        rest = [c for c in _CLAUSE.split(_ONE_OF.sub("", unit.norm[frame.end():]))
                if len(c.strip()) >= 2 and not _ASKS.match(c)]
        if rest and not any(_claims(c, tokenizer) and not _enumeration([x for x in _ENUM.split(c) if x]) for c in rest):
            copied = 1.0
    # Givens set out before the candidate's own computation reaches a figure the question does not give
    # ("期末应收400万元，…400除以900再乘90天，等于40天") are part of the working, not a copy.
    reached = [m.group(1) for m in _RESULT.finditer(unit.norm)]
    if question_words and any(r not in question_words for r in reached):
        copied = 0.0
    specific = frozenset(k for k, rule in SPECIFIC_RULES.items() if rule.search(unit.norm))
    return UnitQuality(predicate, copied, generic, specific)


def point_demands(point: str) -> frozenset[str]:
    """The kinds of specifics a rubric point asks for."""
    wants = set()
    if re.search(r"\d|[=÷×%]|公式|计算|算出|比率|天数", point):
        wants.add("figure")
    if re.search(r"《|法》|条例|法律|合规|依法|守则", point):
        wants.add("law")
    if re.search(r"举例|案例|实例|例子|结合.{0,4}(实际|工作)", point):
        wants.add("example")
    if re.search(r"步骤|流程|程序|→|顺序|先.{1,10}再", point):
        wants.add("step")
    return frozenset(wants)


def meets(demands: frozenset[str], specific: frozenset[str]) -> float:
    """Share of a point's demands that the unit meets (figures may come as a formula)."""
    if not demands:
        return 1.0
    have = set(specific) | ({"figure"} if "formula" in specific else set()) | \
        ({"step"} if {"condition", "reason"} & specific and "step" in demands and len(specific) >= 2 else set())
    return sum(d in have for d in demands) / len(demands)


# Words that tie a phrase into a statement (copula, modal, adverb, pronoun, connective, aspect), whole words
# as jieba cuts them: 信用, 应收账款, 被执行人 and 还款 hold 用/应/被/还 without being statements.
_STATEMENT_WORDS = frozenset(
    "是 就是 不是 要 会 就 了 把 被 让 可以 可 应 应该 应当 需要 须 必须 能 能够 不能 不得 如果 若 假如 一旦 只要 "
    "因为 由于 所以 因此 而 但 但是 却 也 都 还 才 再 又 先 然后 之后 再说 我 我们 你 您 他 她 它 他们 对方 咱们 "
    "这 那 这样 那样 这个 那个 这笔 没 没有 不 未 已 已经 在 正在 对 向 跟 给 过 着 吗 呢 吧 啊 得 越 比 从 用 "
    "按 按照 靠 等于 除以 乘以 为 成 叫 算 看 说 做 有 无 很 太 最 更 只 即 即可 便 并 并且 否则 于是 所谓".split())
_STRETCH = re.compile(r"[、，,；;：:。！？!?\n\s]+")
_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


# Talk that only frames an answer ("我从以下几个方面回答", "以上就是我的回答"): it ties nothing together, so it is
# left out of the share rather than counted as a statement that dilutes a framed list.
_FRAME_WORDS = frozenset("我 我们 我的 从 以下 以上 如下 下面 几个 几 个 两个 三个 四个 五个 方面 几点 要点 点 回答 作答 "
                         "就是 是 这 这个 这些 这样 问题 题 道题 这道题 主要 包括 内容 谈谈 说说 讲讲 分 来 的 了 就 "
                         "总结 总之 综上 谢谢 各位 评委 老师 好 那么 简单 完毕 汇报".split())


def _framing(words: list[str]) -> bool:
    said = [w for w in words if w.strip()]
    return bool(said) and all(w in _FRAME_WORDS for w in said)


def term_share(text: str, tokenizer: Tokenizer) -> float:
    """Share of the answer's characters said in stretches that tie nothing together: near 1 for a term list
    however it is dressed (numbered, framed, with figures), 0.1–0.45 for examiners' good answers."""
    stretches = [(len(_CHARS.findall(s)), any(w in _STATEMENT_WORDS for w in words))
                 for s in _STRETCH.split(text) if s and not _framing(words := tokenizer.words(s))]
    total = sum(n for n, _ in stretches)
    return sum(n for n, marked in stretches if not marked) / total if total else 0.0
