"""Premises about where the standard prints something and about the 职业守则 (how many, which says what).

"职业守则是放在第三章工作要求里的吧？好像一共就10条": both are checked against the parsed standard (the
守则 are 2.1.2 in chapter 2, and there are 15), and corrected before the answer.
"""

from __future__ import annotations

import re

from .compare import Direct
from .intents import CHAPTER_RE, RULE_RE
from .wording import CN, bigrams

CHAPTERS = {1: "职业概况", 2: "基本要求", 3: "工作要求", 4: "权重表"}
_ALIASES = {"守则": "2.1.2", "培训学时": "1.8", "考评人员配比": "1.9.3", "比重表": "4", "权重表": "4",
            "理论知识权重": "4.1", "技能要求权重": "4.2"}
RULE_NUMBER = re.compile(r"第\s*([0-9一二三四五六七八九十]+)\s*条")
RULE_WORDS = 30  # characters after "第3条" read as what the question says the rule says
REACH = 20  # characters between the chapter named and what the question puts in it
# A count, not a rule number: "一共就10条", "只有12条" (not "第10条").
_RULE_COUNT = re.compile(r"守则[^。]{0,24}?(?:一共|总共|共|只有|就|有)\s*(?:就|有)?\s*(?<!第)([0-9]+|[一二三四五六七八九十]+|几|多少)\s*条")
_OTHER_TEXT = re.compile(r"破产|重整|法典|法案|美国|英国|外国|境外|条例|教材|课本|书里|chapter", re.I)


def number(text: str) -> int:
    """"10", "十", "十五", "二十" → 10, 10, 15, 20."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return CN.get(text, 0)
    tens, _, ones = text.partition("十")
    return (CN.get(tens, 0) if tens else 1) * 10 + CN.get(ones, 0)


def placement_premises(sections: dict, functions: list[str], question: str, out: Direct) -> None:
    _chapter(sections, functions, question, out)
    rules = sections.get("2.1.2")
    if rules:
        _rule_count(rules, question, out)
        _rule_numbers(rules, question, out)


def _rule_numbers(rules, question: str, out: Direct) -> None:
    """"职业守则第16条" (there are 15), "第3条说要…" (that is another rule's wording); each rule named, quoted."""
    if (m := RULE_RE.search(question)) and number(m.group(1)) > len(rules.items):
        out.premise.append(f"职业守则共 {len(rules.items)} 条，没有第{m.group(1)}条；最后一条是"
                           f"{rules.items[-1]}〔2.1.2.{len(rules.items)}〕")
        out.locators += [("2.1.2", None), (f"2.1.2.{len(rules.items)}", None)]
    elif m:
        _rule_premise(rules.items, number(m.group(1)), question[m.end():], out)
    if "守则" in question:
        for n in dict.fromkeys(number(x) for x in RULE_NUMBER.findall(question)):
            if 1 <= n <= len(rules.items) and rules.items[n - 1] not in "".join(out.premise):
                out.lines.append(f"职业守则第{n}条：{rules.items[n - 1]}〔2.1.2.{n}〕")
                out.locators.append((f"2.1.2.{n}", None))


def _rule_premise(rules: list[str], n: int, said: str, out: Direct) -> None:
    """"职业守则第3条说要依法按期销毁…": what the question says rule n says is another rule's wording."""
    words = bigrams(said[:RULE_WORDS])
    overlap = [len(words & bigrams(text)) for text in rules]
    best = max(range(len(rules)), key=overlap.__getitem__)
    if 1 <= n <= len(rules) and best != n - 1 and overlap[best] >= 4 and overlap[best] >= 2 * overlap[n - 1]:
        out.premise.append(f"不对：你说的这条是职业守则第{best + 1}条：{rules[best]}〔2.1.2.{best + 1}〕"
                           f"第{n}条是：{rules[n - 1]}〔2.1.2.{n}〕")
        out.locators += [(f"2.1.2.{best + 1}", None), (f"2.1.2.{n}", None)]


def _rule_count(rules, question: str, out: Direct) -> None:
    """"一共就10条" is corrected; "一共几条" is answered."""
    if not (m := _RULE_COUNT.search(question)):
        return
    said = number(m.group(1))
    if said and said != len(rules.items):
        last = len(rules.items)
        out.premise.append(f"职业守则共 {last} 条，不是 {m.group(1)} 条；最后一条是第{last}条："
                           f"{rules.items[-1]}〔2.1.2.{last}〕")
        out.locators.append((f"2.1.2.{last}", None))
    else:  # "守则一共几条", "一共十五条吗"
        out.lines.append(f"职业守则共 {len(rules.items)} 条，列在第2章“基本要求”的 2.1.2〔2.1.2〕。")
    out.locators.append(("2.1.2", None))


def _chapter(sections: dict, functions: list[str], question: str, out: Direct) -> None:
    """A section or function put in another chapter ("职业守则在第三章", "授信审批是第四章的内容")."""
    m = CHAPTER_RE.search(question)
    if not m or _OTHER_TEXT.search(question[max(0, m.start() - 16):m.start()] + "|" + question[m.end():m.end() + 6]):
        return  # "破产法第五章", "教材第三章": another text's chapters
    if (said := number(m.group(1))) > 4:
        out.premise.append("标准只有四章：1 职业概况、2 基本要求、3 工作要求、4 权重表，"
                           f"没有第{m.group(1)}章；说明第二条称之为“四个方面的内容”〔P.2〕。")
        out.locators.append(("P.2", None))
        return
    named = {s.title: s.locator for s in sections.values() if s.title not in CHAPTERS.values()}
    named.update(_ALIASES)
    named.update({f: "3" for f in functions})
    for title in sorted(named, key=len, reverse=True):
        at = question.find(title)
        if len(title) < 3 and title not in _ALIASES or at < 0 or abs(at - m.start()) > REACH:
            continue
        locator = named[title]
        chapter = int(locator.split(".")[0])
        if chapter != said:
            where = f"的 {locator}" if "." in locator else ""
            out.premise.append(f"“{title}”不在第{m.group(1)}章：它在第{chapter}章“{CHAPTERS[chapter]}”{where}"
                               f"〔{locator if '.' in locator else {3: '3', 4: '4.1'}[chapter]}〕。")
            out.locators.append((locator if "." in locator else {3: "3", 4: "4.1"}[chapter], None))
        return
