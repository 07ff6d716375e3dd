"""Offline answers: quote the best sentences of the retrieved passages, each with its locator."""

from __future__ import annotations

import re

from ..locators import shown_by
from ..tokenize import Tokenizer
from ..types import Hit

_UNIT_SPLIT = re.compile(r"(?<=[。；！？])|\n")
_ASKS_FORMULA = re.compile(r"怎么算|如何算|计算|公式|算法|等于|多少天")
_ASKS_NUMBER = re.compile(r"多少|几|多久|多长|比例|占|分钟|min|%|百分")
_ASKS_COURSE = re.compile(r"流程|程序|步骤|怎么走|咋走|怎么办|咋办|之后|以后")  # what happens next: its deadlines
_DEADLINE = re.compile(r"\d+\s*(日|天|个?工作日|个月)内")
GENERIC = frozenset(("信用 管理 信用管理 信用管理师 知识 要求 问题 一下 什么 怎么 如何 能力 工作 内容 相关 "
                     "标准 技师 高级技师 二级 一级 三级 四级 等级 条目 讲的 讲啥 是啥 举个 例子 "
                     "反过来 到底 一般 平时 我们 你们 他们 这个 那个 为啥 咋用 靠不靠谱 是不是 有没有 可以 应该").split())


def content_token_list(tokenizer: Tokenizer, text: str) -> list[str]:
    """The words that carry content, in order and with repeats (for counting)."""
    return [t for t in tokenizer.tokens(text) if (len(t) >= 2 or t.isascii()) and t not in GENERIC]


def content_tokens(tokenizer: Tokenizer, text: str) -> set[str]:
    return set(content_token_list(tokenizer, text))


# How a question asks ("算不算", "有没有") and bare figures ("2018") are not what the material lacks.
_ASKING_WORD = re.compile(r"(.)不\1|有没有|\d+$|[零一二两三四五六七八九十百千几]+个?(年|月|天|日|次|岁|倍|人|家|笔|条|万|亿|元|个)?$")


def support(tokenizer: Tokenizer, question: str, hits: list[Hit]) -> tuple[float, list[str]]:
    """Share of the question's content words found in the passages (1.0 when it has none), and the
    longest words that were not found (what the material does not speak about)."""
    q = content_tokens(tokenizer, question)
    if not q:
        return 1.0, []
    found = set()
    for h in hits:
        found |= q & set(tokenizer.tokens(f"{h.chunk.title} {h.chunk.text}"))
    missing = sorted((t for t in q - found if (len(t) >= 3 or t.isascii()) and not _ASKING_WORD.match(t)),
                     key=len, reverse=True)
    return len(found) / len(q), [t for t in missing if not any(t in m for m in missing if m != t)][:4]


_LABEL = re.compile(r"\s*(?:[-*]|\d+[.、．])\s*([^：:，。；\n]{2,16})[：:]")  # "- 无追索权保理：…", a list item's label
_DEBRIS = re.compile(r"\*\*|__|`|^#+\s*|^>\s*|^\|.*\|$")
_MYTH = re.compile(r"误区：([^\n]+?)｜正确：([^\n]+)")  # a note's 常见误区 bullet: say the right thing first
_EXAMPLE = re.compile(r"例如|比如|举例|例：|算例|假设|某(企业|公司|客户)")


class Labelled(str):
    """A later sentence of a list item, shown with the item's label ("无追索权保理：买方信用风险…") and scored
    and matched without it (`bare`), so the repeated label adds no weight."""
    bare: str


def _labelled(label: str, sentence: str) -> Labelled:
    unit = Labelled(f"{label}：{sentence}")
    unit.bare = sentence
    return unit


def _units(text: str) -> list[str]:
    first, _, rest = text.partition("\n")
    if "｜" in first and "误区：" not in first:  # a note's first line: "note title｜section heading"
        text = rest
    text = _MYTH.sub(lambda m: f"{m.group(2).rstrip('。')}（常见误区：{m.group(1).rstrip('。')}）。", text)
    parts = []
    for line in text.split("\n"):
        label = _LABEL.match(line)
        for n, p in enumerate(_UNIT_SPLIT.split(line)):
            p = _DEBRIS.sub("", p).strip(" -*#")
            # a later sentence of a labelled line ("无追索权保理：…；买方信用风险转移给保理人") keeps its label: said
            # alone, or after another line's sentence, it would read as that line's
            parts.append(_labelled(label.group(1), p) if n and label and p else p)
    # The first line of a chapter-3 passage repeats its title ("…职业功能：…工作内容：…"): skip it.
    return [p for p in parts if len(p) >= 4 and "职业功能：" not in p]


def _score(tokenizer: Tokenizer, unit: str, q: set[str], question: str, example: bool = False) -> float:
    unit = getattr(unit, "bare", unit)
    score = len(q & set(tokenizer.tokens(unit)))
    if _ASKS_FORMULA.search(question) and ("=" in unit or "＝" in unit):
        score += 2
    if _ASKS_NUMBER.search(question) and re.search(r"\d", unit):
        score += 1
    if _ASKS_COURSE.search(question) and _DEADLINE.search(unit):
        score += 1
    if example and _EXAMPLE.search(unit) and re.search(r"\d", unit):
        score += 3
    return score


def best_units(tokenizer: Tokenizer, hit: Hit, question: str, n: int, example: bool = False) -> list[str]:
    q = content_tokens(tokenizer, question)
    units = _units(hit.chunk.text)
    scores = [_score(tokenizer, u, q, question, example) for u in units]
    ranked = sorted(range(len(units)), key=lambda i: (-scores[i], i))
    keep = sorted(i for i in ranked[:n] if scores[i] > 0) or ranked[:1]
    return [units[i] for i in keep]


_ASKED_TERM = re.compile(r"([a-z]{2,8})(?:到底)?(?:是啥意思|是什么意思|啥意思|是什么|指的是|指什么|是啥)")
_LAW = re.compile(r"合法|违法|不得|禁止|严禁|须|应当|侵犯|侵害|《[^》]+》|法律责任|构成")
_STEP = re.compile(r"^(\d+[.、．]|（\d+）|第.步|首先|其次|然后|最后)|→")
_KNOWLEDGE_INTENTS = ("definition", "formula", "legality", "procedure", "concept")


_PAIR = re.compile(r"([\u4e00-\u9fffA-Za-z]{2,14})\s*(?:和|与|跟|同|还是|vs)\s*([\u4e00-\u9fffA-Za-z]{2,14})", re.I)
LEAD_CHARS = 260  # longest comparison lead
_CONTRAST = re.compile(r"不属于|不等于|不是|而是|而|区别|不同|则|只有|前者|后者")


def compared_terms(question: str, text: str) -> tuple[str, str] | None:
    """The two concepts a comparison names ("把信用修复和异议更正搞混", "信用保险和商业保理我总觉得…"), each cut to
    the longest end of its side that the material (`text`) uses, so "老有企业把信用修复" is 信用修复."""
    for m in _PAIR.finditer(question):
        left, right = _used(m.group(1), text, last=True), _used(m.group(2), text, last=False)
        if len(left) >= 2 and len(right) >= 2 and left != right:
            return left, right
    return None


def _used(side: str, text: str, last: bool) -> str:
    """The longest run of `side` the material uses; of equal ones, the nearest the connector."""
    for size in range(len(side), 1, -1):
        runs = [side[i:i + size] for i in range(len(side) - size + 1) if side[i:i + size] in text]
        if runs:
            return runs[-1] if last else runs[0]
    return ""


def compared_clause(question: str) -> str:
    """The clause of a longer question that names the two things compared ("老有企业把信用修复和异议更正搞混")."""
    clauses = [c for c in re.split(r"[，,。？?！!；;\s]", question) if _PAIR.search(c)]
    return clauses[0] if clauses else ""


def _lead(tokenizer: Tokenizer, question: str, hits: list[Hit], example: bool, kind: str = "") -> tuple[str, Hit] | None:
    """The sentence of the retrieved passages that best answers the question, to say first: for a formula
    the definition "X = …" before any variant or worked example; for a definition "X：…"; for legality a
    sentence that states the rule. A chapter-3 skill line ("能…") answers no such question: it is support."""
    q = content_tokens(tokenizer, question)
    formula = bool(_ASKS_FORMULA.search(question))
    term = _ASKED_TERM.search(question.lower())  # "这个EOM是啥意思" defines EOM, not n or 10
    defined = {term.group(1)} if term else q
    best = None
    for rank, h in enumerate(hits[:4]):
        skill_line = h.chunk.kind == "standard" and "/" in h.chunk.locator
        for pos, shown in enumerate(_units(h.chunk.text)):
            u = getattr(shown, "bare", shown)
            base = _score(tokenizer, u, q, question, False)
            s = base - 0.3 * rank - 0.05 * pos
            if skill_line and kind in _KNOWLEDGE_INTENTS:
                s -= 2
            if formula and re.match(r"[^=＝，。]{1,20}[=＝]", u) and any(t in u.split("=")[0] for t in q):
                s += 1 if re.search(r"\d", u) else 3  # the definition in words before a worked calculation
            if (kind == "definition" or term) and (m := re.match(r"([^：:，。]{2,24})(：|:|是指|指的是|是)", u)) \
                    and any(t in m.group(1).lower() for t in defined):  # "EOM啥意思，跟ROG有啥区别": EOM defined
                s += 4
            if kind == "legality" and base > 0:  # a rule about what was asked, not any rule; not the story
                s += 3 * bool(_LAW.search(u)) - 3 * bool(re.match(r"情境|案例|例如|某", u))
            if best is None or s > best[0]:
                best = (s, shown, h)
    return (best[1], best[2]) if best and best[0] > 0 else None


def _names(term: str, other: str, unit: str) -> bool:
    """The unit speaks of `term`: in full, or by its end once the topic is set (信用修复 said as 修复) when that
    end does not name the other term too (暗保理/明保理, 汇兑风险/汇率风险)."""
    return term in unit or len(term) >= 4 and term[-2:] not in other and term[-2:] in unit


def pair_lead(question: str, hits: list[Hit]) -> tuple[str, Hit] | None:
    """"A和B是一回事吗": the note sentence that speaks of both and tells them apart, with the sentence before it
    when that one speaks of them too ("修复改变的是公示状态…不改写历史。信息本身有错误的，应走异议更正…")."""
    notes = [h for h in hits if h.chunk.kind == "note"]
    pair = compared_terms(question, "".join(h.chunk.text for h in notes))
    if pair is None:
        return None
    best = None
    for rank, h in enumerate(notes):
        units = _units(h.chunk.text)
        for pos, u in enumerate(units):
            if not (_names(pair[0], pair[1], u) and _names(pair[1], pair[0], u)) or not any(t in u for t in pair):
                continue
            s = 2 + bool(_CONTRAST.search(u)) + sum(t in u for t in pair) - 0.1 * rank
            if best is None or s > best[0]:
                before = units[pos - 1] if pos and (_names(*pair, units[pos - 1]) or
                                                    _names(pair[1], pair[0], units[pos - 1])) else ""
                said = before + u if len(before + u) <= LEAD_CHARS else u
                for nxt in units[pos + 1:]:  # the rest of a sentence split at its "；"
                    if not said.endswith("；") or len(said + nxt) > LEAD_CHARS:
                        break
                    said += nxt
                best = (s, said, h)
    return (best[1], best[2]) if best else _each_defined(pair, notes)


def _each_defined(pair: tuple[str, str], notes: list[Hit]) -> tuple[str, Hit] | None:
    """No sentence speaks of both: each one's definition ("暗保理（隐蔽保理）：不通知债务人…"), from one passage."""
    for h in notes:
        units = _units(h.chunk.text)
        found = [next((u for u in units if re.match(rf"{re.escape(t)}(?:（[^）]*）)?(?:：|:|是指|指的是|是)", u)), None)
                 for t in pair]
        if all(found):
            return "".join(u if u.endswith(("。", "；")) else u + "。" for u in found), h
    return None


def _steps(hit: Hit, limit: int = 6) -> list[str]:
    """The numbered or arrowed steps of a passage, in order (for "怎么做 / 流程")."""
    return [u for u in _units(hit.chunk.text) if _STEP.search(u)][:limit]


def _procedure(hits: list[Hit]) -> tuple[list[str], Hit] | None:
    """The first of the top passages that lays out steps (a note, not a list of skill items)."""
    for h in hits[:3]:
        if len(steps := _steps(h)) >= 2:
            return steps, h
    return None


def _level_of(hit: Hit) -> str:
    """A chapter-3 line is said with its level ("一级/高级技师 3.3.4 …"): the code alone is ambiguous."""
    return f"{hit.chunk.levels[0]} " if hit.chunk.kind == "standard" and "/" in hit.chunk.locator and hit.chunk.levels else ""


def _quoted_in(hit: Hit, text: str) -> bool:
    return any(shown_by(c, hit.chunk.locator) for c in re.findall(r"〔([^〔〕]+)〕", text))


def compose(tokenizer: Tokenizer, question: str, hits: list[Hit], max_points: int, intent=None,
            direct: str = "", lead: str = "") -> tuple[str, list[Hit]]:
    """Offline answer: the direct answer first (from the structured standard, else `lead` — a rule the
    caller found — else the best sentence of the passages), then the support, each line with its
    〔locator〕, then the related entries."""
    example = bool(intent and intent.example)
    standard = [h for h in hits if h.chunk.kind == "standard"][:3]
    if direct:  # the standard passages the direct answer quotes; other ones become related entries
        standard = [h for h in hits if h.chunk.kind == "standard" and _quoted_in(h, direct)]
    notes = [h for h in hits if h.chunk.kind == "note"][:max_points]
    if direct:  # after a direct answer, only notes that teach the quoted items support it
        quoted = {h.chunk.locator for h in standard}
        notes = [h for h in notes if f"〔{h.chunk.locator}〕" in direct  # the note the direct answer cites
                 or any(c == q or c.startswith(q + ".") for c in h.chunk.covers for q in quoted)][:2]
    user = [h for h in hits if h.chunk.kind == "user"][:2]
    lines: list[str] = []
    pair = pair_lead(question, hits) if intent and intent.kind == "comparison" else None
    if pair and not lead:  # two concepts compared: the sentence telling them apart comes first, or after the direct
        text, hit = pair
        said = f"{text.rstrip('。；')}〔{hit.chunk.locator}〕。"
        direct, lead = (direct + "\n" + said, "") if direct else ("", said)
        notes = [hit] + [h for h in notes if h is not hit] if hit not in notes else notes
    if direct or lead:
        lines.append(direct or lead)
    elif lead := _lead(tokenizer, question, standard[:1] + notes[:2] + user[:1] + standard[1:], example,
                       intent.kind if intent else ""):
        text, hit = lead
        procedure = _procedure(notes + user) if intent and intent.kind == "procedure" else None
        if procedure:
            steps, hit = procedure
            lines.append("步骤：" + "".join(steps) + f"〔{hit.chunk.locator}〕")
        else:
            lines.append(f"{_level_of(hit)}{text.rstrip('。；')}〔{hit.chunk.locator}〕。")
    said = "\n".join(lines)
    support = []
    for h in (standard if not direct else []) + notes + user:
        n = 3 if h.chunk.kind == "standard" or (intent and intent.kind == "legality") else 2
        if intent and intent.kind == "procedure" and notes and h is notes[0]:
            n = 4  # a procedure told in prose ("受理后15日内发出；收到之日起15日内异议…"): its steps, in order
        # a note's 常见误区 bullet reads "正确（常见误区：…）": the lead may already say its correct part
        units = [u for u in best_units(tokenizer, h, question, n, example)
                 if u.rstrip("。；") not in said and u.split("（常见误区：")[0].rstrip("。；") not in said]
        if units:
            support.append(f"- {''.join(units)}〔{h.chunk.locator}〕")
            said += "\n" + "".join(units)  # two sections of one note can share a sentence: say it once
    if support:
        lines += (["", "依据："] if lines else ["依据："]) + support
    used = standard + notes + user
    q = content_tokens(tokenizer, question)
    q = {t for t in q if not re.fullmatch(r"[\d.]+", t)}  # an item code is not a topic
    related = [h for h in hits if h not in used and q & set(tokenizer.tokens(h.chunk.title + h.chunk.text))][:3]
    if related:
        lines += ["", "相关条目：" + "；".join(f"{h.chunk.title}〔{h.chunk.locator}〕" for h in related)]
    return "\n".join(lines), used + related
