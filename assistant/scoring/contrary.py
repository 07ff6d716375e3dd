"""A clause that says the opposite of what the question's own correct statements say.

The rubric points and the correct statements of the question's known misconceptions are true by
construction. A clause of the answer that is about the same thing (shares at least GATE content words with
one of them) and uses the opposite member of an antonym pair ("多约束取最小" → "取其中最大的那个",
"不得低于强制性国家标准" → "可以低于强制性国家标准") contradicts it. This catches a confidently wrong
answer whose wording no misconception pattern foresaw. It is deliberately narrow: only direction and
magnitude words, and modals only when they govern the same verb; a negated clause is not judged. Three more
narrow forms: denying what a statement affirms, saying that what it requires is not needed, and doing what it
forbids.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .facts import _NEGATED, Error
from .units import Unit, matching_form

GATE = 3  # shared content words before a clause counts as being about the same thing
# Each pair: two words that cannot both describe the same quantity or rule.
DIRECTIONS = (("最大", "最小"), ("最高", "最低"), ("越大", "越小"), ("越长", "越短"), ("越高", "越低"),
              ("越多", "越少"), ("越快", "越慢"), ("增加", "减少"), ("提高", "降低"), ("上调", "下调"),
              ("调高", "调低"), ("增额", "降额"), ("放宽", "收紧"), ("上升", "下降"), ("许可制", "备案制"),
              ("高于", "低于"), ("大于", "小于"), ("少查", "多查"))
# Modals: opposite only when the same verb follows ("不得低于" vs "可以…低于").
MODALS = (("可以", "不得"), ("可以", "不能"), ("需要", "不需要"), ("必须", "无需"), ("应当", "不得"))
MODAL_REACH = 6  # characters between the modal and its verb in the answer
# Other ways of saying a modal: a fact that itself permits something ("也可书面协议选择…") and forbids
# another ("不能约定无联系的法院") is not contradicted by a permission.
MODAL_FORMS = {"可以": ("可以", "可", "允许", "能够"), "不得": ("不得", "不能", "不可", "禁止", "严禁"),
               "不能": ("不得", "不能", "不可", "禁止", "严禁"), "需要": ("需要", "须", "应当", "必须"),
               "必须": ("必须", "须", "应当"), "应当": ("应当", "应", "须", "必须")}
_CLAUSE = re.compile(r"[^，,；;。！？!?：:\s]+")  # a space in Chinese text is a pause (speech recognition writes one)
_NEGATED_BEFORE = re.compile(r"(不|没|并非|而非|不是|别)$")
_NUMBER = re.compile(r"^[\d.%]+$")
# Words that deny what their clause says (jieba keeps 不良/不足/非法/未来 as words of their own, so they are not here).
NEGATORS = frozenset("不 没 没有 无 无需 无须 不是 不能 不可 不得 不用 不必 不要 不会 不再 并非 非 未 未经 别 勿 不应 不宜 "
                     "并不 从不 绝不 不算 不存在 不属于 不需要 不等于 无力 无法".split())
NEGATION_GATE = 3  # shared content words before a denied clause contradicts an affirmed one
NEGATION_SHARE = 0.25  # and their share of that clause's words (one item of a long list is not what it says)
# A clause that supposes, asks or reports someone else's view does not assert its polarity.
_EXCEPTION = re.compile(r"例外|除非|除外|(但是?|不过)(如果|若|一旦)")
_SUPPOSES = r"如果|假如|假设|若|一旦|否则|是否|能否|吗|误区|有人|以为"
_HYPOTHETICAL = re.compile(_SUPPOSES + r"|只要|即使|哪怕|有没有|不管|无论|还是|没有[^，,]{0,8}就|不[^，,]{0,6}就")
_NOT_NEEDED = r"不需要|不用|不必|无需|无须"
_NOT_EVERY = r"(?!每|逐|都|天天)"  # "不用每年买深度报告" denies a frequency: the thing is still done
_DENIAL = re.compile(rf"({_NOT_NEEDED}|不属于|不存在|不算|没有|不涉及|不构成|不适用)" + _NOT_EVERY)
_ASKING = re.compile(r"(.)[不没]\1|不是1回事|不是同1")  # asking (能不能, 有没有); or telling two things apart
# "没有取得本人的单独同意" reports what someone failed to do (the fault in a case), not a belief about the rule; so
# does any denial in a sentence that names the breach ("明显违反最小必要原则，也没有…").
_FAILED_TO = re.compile(r"没有?(取得|征得|获得|经过|履行|告知|核实|审批|签订?|做|进行|按)")
_BREACH = re.compile(r"(?<![不没非])(?<![不没非].)(违反|违法|违规|侵犯|侵害)|不合规|错在|问题在于")  # not "不算违规"
_FACT_CLAUSE = re.compile(r"[，,；;：:（）()。]")
# What the question's statements forbid, done in the answer as a plan or a rule ("我会在协议里统一约定最低转售价格"
# against "不得约定…最低转售价格"): the clause says the forbidden act's verb and most of its words (and one of its
# subject's, when the prohibition names one), with no negator; nothing before it in its sentence forbids or warns, and
# nothing after it condemns (a list of red lines names forbidden acts without a negator; "把欠款信息告诉无关的人，违反
# 《个人信息保护法》").
_FORBID = re.compile(r"不得|禁止|严禁|不准|不允许")
_CONDEMNED = re.compile(r"违法|违规|违反|违背|侵犯|侵害|犯罪|构成|不合规|不允许|不行|不可以|禁止|处罚|红线")
_WARNED = re.compile(_FORBID.pattern + r"|不能|不可|不应|不要|不会|不该|别|勿|违法|违规|违反|违背|红线|底线|避免|防止|杜绝|"
                     r"警惕|风险|误区|以为|有人|如果|若|一旦|否则|是否|处罚|责任|后果|构成|侵犯|侵害")
# A prohibition under a negated condition, in its clause or the one before ("未经登记，不得对抗善意第三人"), permits the
# act once the condition is met.
_CONDITION = re.compile(r"未经|未|没有|没|非|不")
_SUPPOSED = re.compile(r"要是|的话|假使|倘若")
_FULL_STOP = re.compile(r"[。！？!?]\s*$")
# Saying that something a statement requires is not needed ("也不用做影响评估" against "须…做个人信息保护影响评估"). Not
# a prohibition (不得/不要: how correct answers state rules) or a limit ("额度不需要超过实际需求"), not "而不用…" (naming
# the alternative), not a frequency.
_DISMISS = re.compile(rf"(?<!而)({_NOT_NEEDED}|没必要|不建议|不再|用不着|不单独|不单列|不另外)"
                      r"(?!超|高于|低于|多于|少于|大于|小于)" + _NOT_EVERY)
# A statement clause that replaces or cancels something does not require it ("以附加证明书代替领事认证").
_REPLACES = re.compile(r"代替|取代|替代|取消|免除|免于|豁免|而非|而不是")
# Supposed or reported since the last full stop. Not "只要…就不需要", "即使…也不用": a condition claimed to suffice is
# the confident form of the same error.
_SUPPOSING = re.compile(_SUPPOSES + "|" + _SUPPOSED.pattern)
DISMISS_GATE = 2  # content words after the dismissal shared with an affirmed clause of a statement
DISMISS_SHARE = 0.4  # and their share of the words after the dismissal (a long run-on transcript clause says little)
BAN_MIN = 2  # content words a forbidden act needs before it is looked for
BAN_SHARE = 0.4  # and the share of them (at least three, or all when fewer) the answer's clause must say, its verb too


@dataclass(frozen=True)
class Words:
    """Content words of a text (two or more characters, not bare figures, not negators) and its negators."""
    split: Callable[[str], list[str]]

    def __call__(self, text: str) -> set[str]:
        return set(self.in_order(text))

    def in_order(self, text: str) -> list[str]:
        return [w for w in self.split(text) if len(w) >= 2 and not _NUMBER.match(w) and w not in NEGATORS]

    def negations(self, text: str) -> int:
        return sum(w in NEGATORS for w in self.split(text))


@dataclass(frozen=True)
class Statement:
    text: str  # matching form
    point: int  # 0-based rubric point it belongs to
    right: str  # as shown in the report
    locator: str
    words: frozenset[str]  # its content words, found once per question rather than once per answer
    clauses: tuple[tuple[frozenset[str], int], ...] = ()  # each clause's content words and negator count
    # What a clause forbids: its verb, its content words and those of its subject ("准备金支出不得税前扣除").
    bans: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = ()

    @classmethod
    def of(cls, right: str, point: int, locator: str, words: Words) -> Statement:
        text = matching_form(right)
        parts = [c for c in _FACT_CLAUSE.split(text) if c.strip()]
        clauses = tuple((frozenset(words(c)), words.negations(c) + bool(_REPLACES.search(c))) for c in parts)
        # The subject's own words: "…病史信息属于禁止采集的信息" names its subject (病史) before the ban, and 信息 is the act's.
        bans = tuple((act[0], frozenset(act), frozenset(words(c[:m.start()])) - frozenset(act))
                     for n, c in enumerate(parts) for m in _FORBID.finditer(c)
                     if len(act := words.in_order(c[m.end():])) >= BAN_MIN
                     and not _CONDITION.search((parts[n - 1] if n else "") + c[:m.start()]))
        return cls(text, point, right, locator, frozenset(words(text)), clauses, bans)


def _permits(fact: str, modal: str) -> bool:
    """The fact says this modal itself, in any of its forms (the "可" of "不可" does not count)."""
    plain = re.sub("不可|不能|不得|不需要|无需|不必", "", fact) if modal not in ("不得", "不能") else fact
    return any(form in plain for form in MODAL_FORMS.get(modal, (modal,)))


def _flip(clause: str, fact: str) -> bool:
    for a, b in DIRECTIONS:
        for said, true in ((a, b), (b, a)):
            if true in fact and said in clause and true not in clause and said not in fact:
                at = clause.find(said)
                if not _NEGATED_BEFORE.search(clause[max(0, at - 2):at]) and not _NEGATED.search(clause[:at]):
                    return True
    for a, b in MODALS:
        for said, true in ((a, b), (b, a)):
            for hit in re.finditer(re.escape(true), fact):
                verb = fact[hit.end():hit.end() + 2]
                if len(verb) < 2 or _permits(fact, said):
                    continue
                at = clause.find(said)
                if at >= 0 and true not in clause and verb in clause[at + len(said):at + len(said) + MODAL_REACH + 2] \
                        and not _NEGATED.search(clause[:at]):
                    return True
    return False


def _denied(clause: str, words: Words) -> bool:
    """The clause denies once that something is, is needed or happened ("不需要单独同意", "不属于个人信息",
    "没有超过三十天"). Prohibitions (不得/不能) and thresholds (不超过) are how correct answers state rules, and
    "能不能"/"有没有" ask; neither denies."""
    plain = _ASKING.sub("", clause)
    if _FAILED_TO.search(plain):
        return False
    # One denial and no other negator: "不能把没有同意的信息入档" denies nothing.
    return len(_DENIAL.findall(plain)) == 1 and words.negations(plain) == 1 and not _HYPOTHETICAL.search(clause)


def _denial(clause: str, mine: set[str], words: Words, statements: list[Statement]) -> Statement | None:
    """The statement whose closest clause (most shared content words) the clause denies while it affirms."""
    if not _denied(clause, words):
        return None
    shared, size, fact_negated, hit = max(((len(mine & fact), len(fact), n > 0, s) for s in statements
                                           for fact, n in s.clauses), key=lambda t: t[0], default=(0, 1, True, None))
    return hit if shared >= NEGATION_GATE and shared >= NEGATION_SHARE * size and not fact_negated else None


def _dismissal(clause: str, before: str, words: Words, statements: list[Statement]) -> Statement | None:
    """The statement one of whose affirmed clauses names most of what the clause says is not needed (see _DISMISS)."""
    said = _DISMISS.search(clause)
    if not said or words.negations(clause) != 1 or _SUPPOSING.search(before) or _HYPOTHETICAL.search(clause) or \
            _FAILED_TO.search(clause) or _ASKING.search(clause):
        return None
    dismissed = words(clause[said.end():])
    shared, hit = max(((len(dismissed & fact), s) for s in statements for fact, n in s.clauses if not n),
                      key=lambda t: t[0], default=(0, None))
    return hit if shared >= DISMISS_GATE and shared >= DISMISS_SHARE * len(dismissed) else None


def _does_banned(clause: str, mine: set[str], before: str, after: str, words: Words,
                 statements: list[Statement]) -> Statement | None:
    """The statement one of whose forbidden acts the clause affirms (see _FORBID)."""
    if words.negations(clause) or _WARNED.search(before + clause) or _CONDEMNED.search(after) or \
            _HYPOTHETICAL.search(clause) or _SUPPOSED.search(clause):
        return None
    for s in statements:
        for verb, ban, subject in s.bans:
            said = len(mine & ban)
            if verb in mine and said >= min(len(ban), 3) and said >= BAN_SHARE * len(ban) and (mine & subject or not subject):
                return s
    return None


def contrary_errors(statements: list[Statement], units: list[Unit], words: Words) -> list[Error]:
    """One error per unit, for the first clause that flips or denies a statement it is about, dismisses what one
    requires, or does what one forbids."""
    errors, whole = [], {}
    for unit in units:
        whole[unit.sentence] = whole.get(unit.sentence, "") + unit.norm
    said_before, period = "", ""  # the sentence so far; all since the last full stop (a list of red lines runs over "；")
    for n, unit in enumerate(units):
        if n and units[n - 1].sentence != unit.sentence:  # a new sentence: the last one joins the period unless it closed it
            period = "" if _FULL_STOP.search(units[n - 1].norm) else period + said_before
            said_before = ""
        breach = bool(_BREACH.search(unit.norm))
        # "例外是…另一方没有提出异议": a condition of the rule, said over several clauses, is not judged.
        for m in () if _EXCEPTION.search(unit.norm) else _CLAUSE.finditer(unit.norm):
            clause, mine = m.group(0), words(m.group(0))
            before_here = period + said_before + unit.norm[:m.start()]
            hit = next((s for s in statements if len(mine & s.words) >= GATE and _flip(clause, s.text)), None) \
                or (None if breach else _denial(clause, mine, words, statements)
                    or _dismissal(clause, before_here, words, statements)) \
                or _does_banned(clause, mine, before_here,
                                whole[unit.sentence][len(said_before) + m.end():], words, statements)
            if hit:
                errors.append(Error(hit.point, n, unit.raw, hit.right, hit.locator))
                break
        said_before += unit.norm
    return errors


def content_words(split: Callable[[str], list[str]]) -> Words:
    """Words of two or more characters that are not bare figures or negators, from a plain word cut."""
    return Words(split)
