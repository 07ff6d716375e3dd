"""Exam rules of chapter 1 (申报条件, 鉴定方式, 配比, 时间, 场所, 学时): the clauses a question asks about, and
the figures it states checked against them ("综合评审要60分钟吧" → 不少于30min〔1.9.4〕).

A question can ask several things at once ("要笔试吗？评委几个人？多少分算过？"): each clause of the question is
matched to the section it asks about, and each section answers with the sentences closest to those clauses.
"""

from __future__ import annotations

import re

from ..levels import _ALIASES
from ..providers.simplify import numerals_to_digits
from ..tokenize import normalise_text
from .compare import Direct
from .intents import Intent
from .wording import (
    APPLY,
    APPLY_BEFORE,
    EXAM_SECTIONS,
    FIGURE,
    RATIO,
    UNIT_CLASS,
    asked_about,
    bigrams,
    unit_class,
)

# How candidates say what the standard words otherwise ("评委起码5个人" is about 综合评审委员, not 监考人员).
STANDARD_WORDS = {"综评": "综合评审", "评委": "评审委员"}
_STANDARD_WORDS = re.compile("|".join(STANDARD_WORDS))


def _pairs(text: str) -> set[str]:
    """Word pairs of the text as said and as the standard says it (quotes keep the candidate's words)."""
    return bigrams(text) | bigrams(_STANDARD_WORDS.sub(lambda m: STANDARD_WORDS[m.group(0)], text))
_QUESTION_CLAUSES = re.compile(r"[，,。；;？?！!\s]|还是")  # typed on a phone, a space ends a clause


def _aspects(question: str) -> dict[str, str]:
    """Section locator -> the clauses of the question that ask about it, in the order asked."""
    out: dict[str, str] = {}
    for clause in _QUESTION_CLAUSES.split(question):
        if loc := next((loc for loc, pat in EXAM_SECTIONS if pat.search(clause)), None):
            out[loc] = out.get(loc, "") + clause
    return out


def _closest(sentences: list[str], asked: str, question: str, n: int) -> list[str]:
    """The n sentences sharing most word pairs with the clauses that ask (then with the whole question), in
    the section's order; sentences sharing nothing are left out when any shares something."""
    near, words = _pairs(asked) | asked_about(question), _pairs(question)
    key = {s: (sum(w in s for w in near), sum(w in s for w in words)) for s in sentences}
    best = sorted(sentences, key=lambda s: key[s], reverse=True)[:n]
    if any(key[s] != (0, 0) for s in best):
        best = [s for s in best if key[s] != (0, 0)]
    return [s for s in sentences if s in best]

def _clause_at(text: str, pos: int) -> str:
    """The clause of the question a figure sits in ("综合评审要5个评委" of "…，时间不少于20分钟吧")."""
    start = max(text.rfind(p, 0, pos) for p in "，,。；;？?！! ") + 1
    ends = [e for e in (text.find(p, pos) for p in "，,。；;？?！! ") if e >= 0]
    return text[start:min(ends, default=len(text))]


_COUNTS = re.compile(r"算不算|能不能算|能算|算进去|算吗|算进|属于|包括|有哪些|都有啥|是指|指什么")


STUDENT = re.compile(r"应届|在校|在读|研[一二三123]|大[一二三四1234]|还没毕业|没毕业|毕业前|未毕业")


def _clause_with(block: str, word: str) -> str:
    """The numbered condition "（3）…" of a block that holds the word."""
    return next((c.strip().rstrip("。；") for c in re.split(r"(?=（\d）)", block) if word in c), "")


def _notes_asked(notes: list[str], question: str) -> list[str]:
    """The footnotes defining what the question asks about: by their term ("相关职业有哪些"), or, when the question
    asks whether something counts, by a listed entry it names ("做会计的…能算进去吗": 会计专业人员)."""
    out = []
    for note in notes:
        term, _, body = note.partition("：")
        entries = [e for e in re.split(r"[、，；]", body) if len(e) >= 2]
        if term in question or _COUNTS.search(question) and any(e[:2] in question for e in entries):
            out.append(note)
    return out


# Years said as a requirement ("要干满5年吧"), not as the candidate's own experience ("在企业干了8年会计",
# "有6年经验"), which is no premise about the standard.
_REQUIRED_YEARS = re.compile(r"(?<!干了)(?<!做了)(?<!工作了)(?<!从事了)(?<!已经)(?<!有)(?<![\d.])(\d+)年(?!经验|工龄|会计|了)")


_NO_CERTIFICATE = re.compile(r"(?:没有|没|无|未取得|还没考)(?:任何|相关)?[^，,。？?]{0,8}?证")
_WHICH_LEVEL = re.compile(r"(?:报|考)(?:哪|什么|啥)(?:一|个)?(?:级|等级)|哪(?:一|个)?级(?:能|可以)?报|能报(?:什么|啥|哪)")
_OWN_YEARS = re.compile(r"(?:干了|做了|工作了|从事了|当了|有|已经|累计)\s*(\d+)\s*年|(\d+)\s*年(?:经验|工龄)")
_DEGREE = re.compile(r"毕业证书|硕士|大专|本科|专业")


def _without_certificate(blocks: dict[str, str], q: str) -> list[str]:
    """"没有任何证书…不行的话能报哪级": the conditions of each level that ask for no certificate, and the highest
    level the candidate's own years of work meet on years alone (a degree condition is left to the candidate)."""
    if not (_NO_CERTIFICATE.search(q) and _WHICH_LEVEL.search(q)):
        return []
    own = next((int(m.group(1) or m.group(2)) for m in _OWN_YEARS.finditer(q)), None)
    open_to, lines = [], []
    for name, block in blocks.items():
        for cond in (c.strip().rstrip("。；") for c in re.split(r"(?=（\d）)", block) if c.strip()):
            if "证书（技能等级证书）" in cond or "职业资格证书" in cond:
                continue
            open_to.append(f"{name}{cond}")
            years = re.search(r"(\d+)\s*年", cond)
            if own is not None and years and int(years.group(1)) <= own and not _DEGREE.search(cond):
                lines = [f"按你说的 {own} 年工作经历（须是本职业或相关职业），不需证书即可申报{name}：{cond}〔1.9.1〕。"]
    return lines + ["没有职业资格证书时，可用的申报条件只有：" + "；".join(open_to) + "〔1.9.1〕。"] if open_to else []


class ExamRules:
    def __init__(self, sections: dict) -> None:
        self.sections = sections

    def answer(self, intent: Intent, question: str, out: Direct) -> None:
        loc = next((loc for loc, pat in EXAM_SECTIONS if pat.search(question)), None)
        section = self.sections.get(loc) if loc else None
        if section is None:
            return
        blocks, years_wrong = self._conditions(question, intent, section.text) if loc == "1.9.1" else ([], [])
        for note in _notes_asked(section.notes, question) if loc == "1.9.1" else ():  # "做会计的能算相关职业吗"
            out.lines.append(f"标准注：{note.rstrip('。')}〔{loc}〕。")
            out.locators.append((loc, None))
        if blocks:
            out.premise += years_wrong
            out.lines += blocks
            out.locators.append((loc, None))
            return
        aspects = _aspects(question)
        out.locators.append((loc, None))
        self._figure_premise(question, section.text, loc, out)
        if loc == "1.9.1":
            return  # 申报条件 without a level: one level's conditions picked by shared words would mislead
        if not out.premise:
            out.lines.append("标准规定：" + self._said(section.text, aspects.get(loc, question), question) + f"〔{loc}〕。")
            for other in aspects:  # the other things the question asks
                if other not in (loc, "1.9.1") and (sec := self.sections.get(other)):
                    out.lines.append(self._said(sec.text, aspects[other], question) + f"〔{other}〕。")
                    out.locators.append((other, None))
        # "考120分钟，培训得满120学时": each figure is checked against the section that states its kind
        for other, pat in EXAM_SECTIONS:
            if other not in (loc, "1.9.1") and pat.search(question) and (sec := self.sections.get(other)):
                before = len(out.premise)
                self._figure_premise(question, sec.text, other, out)
                if len(out.premise) > before:
                    out.locators.append((other, None))

    @staticmethod
    def _said(text: str, asked: str, question: str) -> str:
        sentences = [s for s in re.split(r"(?<=[。；])", text) if s.strip()]
        return "".join(_closest(sentences, asked, question, 2) if len(sentences) > 2 else sentences).rstrip("；。")

    def _conditions(self, question: str, intent: Intent, text: str) -> tuple[list[str], list[str]]:
        """申报条件 for the level the candidate wants to apply for ("能直接报技师不" → 二级/技师), and the
        correction of a number of years the conditions do not state ("要干满5年吧")."""
        blocks = dict(re.findall(r"具备以下条件之一者，可申报([^：]+)：(.*?)(?=具备以下条件之一者|$)", text))
        q = normalise_text(question).replace(" ", "")
        target = APPLY.search(q) or APPLY_BEFORE.search(q)
        wanted = [_ALIASES[target.group(2) if target.re is APPLY else target.group(1)]] if target else list(intent.levels[-1:])
        lines = [f"申报{name}须具备以下条件之一：{blocks[name].strip()}〔1.9.1〕" for name in wanted if name in blocks]
        wrong = []
        for name in wanted:
            said = {int(y) for y in re.findall(r"(\d+)年", blocks.get(name, ""))}
            asked = [int(y) for y in _REQUIRED_YEARS.findall(q) if int(y) < 20]
            if said and asked and not set(asked) & said:
                wrong = [f"不对，不是{asked[0]}年：申报{name}的年限要求是{'或'.join(f'{y}年' for y in sorted(said))}（见下）〔1.9.1〕。"]
        takes = [other for other, block in blocks.items() if "应届" in block] if STUDENT.search(q) else []
        for name in wanted:  # "研三…硕士应届生可以直接报二级吧": only another level admits students
            if takes and name in blocks and "应届" not in blocks[name]:
                wrong.append(f"不对：申报{name}的条件里没有在校应届毕业生这一项；在校应届毕业生可申报的是"
                             f"{'、'.join(takes)}，条件{_clause_with(blocks[takes[0]], '应届')}〔1.9.1〕。")
        return lines + _without_certificate(blocks, q), wrong

    def _figure_premise(self, question: str, text: str, loc: str, out: Direct) -> None:
        """A figure the question states (120分钟, 1:5, 40学时, 5名) that the clause about the thing asked does not
        say is corrected, quoting that clause ("理论考试60分钟" against "理论知识考试时间不少于90min", though
        技能考核's clause has 60min). When no clause is more about the question than another, any will do."""
        clauses = [c.strip() for c in re.split(r"[，；。]", text) if c.strip()]
        q = numerals_to_digits(question)  # "至少要五个人" is 5个人
        words = _pairs(q)
        for m in FIGURE.finditer(q):
            clause = _clause_at(q, m.start())
            near = _pairs(clause)
            value, unit = m.group(1), unit_class(m.group(2))
            if unit is None or re.search(r"几|多少", clause):  # "一个考评员管几个考生": asked, not stated
                continue
            if m.group(2).endswith(("小时", "钟头")):
                value = f"{float(value) * 60:g}"
            said = UNIT_CLASS[unit]
            fitting = [c for c in clauses if re.search(rf"\d+\s*{said}", c)]
            if not fitting:
                continue
            about = {c: (sum(w in c for w in near), sum(w in c for w in words)) for c in fitting}
            best = max(fitting, key=about.get)
            if not about[best][0] and not re.search(r"考|评审|答辩|鉴定|培训|学时|监考|评委", clause):
                continue  # "写一篇3分钟的口播稿": a figure said of something else
            if not any(about[c] == about[best] and re.search(rf"(?<![\d.]){re.escape(value)}\s*{said}", c)
                       for c in fitting):
                # "至少要5个人" states a bound of its own: another bound is wrong, not merely unsaid
                bound = re.search(r"(至少|不少于|起码|最少|最低)[^，,。？?]{0,4}$", q[:m.start()]) or \
                    re.match(r"\S{0,2}(以上|起)", q[m.end():])
                if not any(best in p for p in out.premise):  # one correction per clause of the standard
                    self._premise_line(m.group(0), None if bound else float(value), best, loc, out)
        words = _pairs(question)
        for m in RATIO.finditer(question):
            near = _pairs(_clause_at(question, m.start()))
            fitting = [c for c in clauses if ":" in c.replace("：", ":")]
            if not fitting:  # a section stating no ratio (鉴定方式) has nothing to correct it with
                continue
            best = max(fitting, key=lambda c: (sum(w in c for w in near), sum(w in c for w in words)))
            ratio = f"1:{m.group(1)}"
            if ratio not in best.replace("：", ":") and not any(best in p for p in out.premise):
                self._premise_line(m.group(0), None, best, loc, out)
                if other := next((c for c in fitting if ratio in c.replace("：", ":")), None):  # mixed up
                    out.premise[-1] += f"{ratio} 是另一项的配比：{other}〔{loc}〕。"

    @staticmethod
    def _premise_line(wrong: str, asked: float | None, clause: str, loc: str, out: Direct) -> None:
        bound = re.search(r"(?:不少于|至少)\s*(\d+)|(\d+)\s*\S{0,2}（含）以上", clause)
        odd = "单数" not in clause or (asked or 0) % 2 == 1
        if asked is not None and bound and asked >= float(bound.group(1) or bound.group(2)) and odd:
            # "要考120分钟" against "不少于90min": not wrong, only not what the standard says
            out.premise.append(f"标准没有规定 {wrong}，只规定{clause}〔{loc}〕。")
        else:
            out.premise.append(f"不对，不是 {wrong}：标准规定{clause}〔{loc}〕。")
