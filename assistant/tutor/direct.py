"""Direct answers from the structured standard, and premise checks against it.

Item codes, levels, functions, weights and the exam rules of chapter 1 are data in the parsed standard;
a question about them is answered from that data first ("二级/技师 3.3.1：能设计客户信用申请表"), and a
question built on something the standard does not have (an item, a level, a chapter, a rule number, a
duration, a headcount, a weight) is corrected before anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..levels import _ALIASES, remove_level_mentions
from ..providers.simplify import numerals_to_digits
from ..standard.model import Content, Function, Item, Level, Standard, function_key
from ..tokenize import normalise_text
from .intents import CHAPTER_RE, RULE_RE, Intent
from .wording import (
    APPLY,
    APPLY_BEFORE,
    CN,
    COMMON_PAIRS,
    EXAM_SECTIONS,
    FIGURE,
    RATIO,
    TABLE_LOC,
    TABLE_NAMES,
    UNIT_CLASS,
    asked_about,
    bigrams,
    tables_meant,
    unit_class,
)

FOCUS_LEVELS = ("二级/技师", "一级/高级技师")  # the levels with a comprehensive review


def _topic_table(levels: list[str], cells: list[str], found: bool, out: Direct) -> bool:
    if found:
        out.lines.append(f"{'和'.join(levels)}在这一方面的技能要求对照如下。")
        out.table += [f"| {' | '.join(levels)} |", "|" + "---|" * len(levels), f"| {' | '.join(cells)} |"]
    return found


@dataclass
class Direct:
    """Lines that answer first, each ending in its 〔locator〕, and the locators to retrieve as support."""
    lines: list[str] = field(default_factory=list)
    premise: list[str] = field(default_factory=list)  # corrections of a wrong premise, shown first
    locators: list[tuple[str, str | None]] = field(default_factory=list)  # (locator, level) to look up
    table: list[str] = field(default_factory=list)  # markdown table rows (comparisons)

    def text(self) -> str:
        parts = self.premise + self.lines
        if self.table:
            parts += [""] + self.table
        return "\n".join(parts)


def _num(text: str) -> int:
    return int(text) if text.isdigit() else CN.get(text, 0) if len(text) == 1 else 10 + CN.get(text[-1], 0)


def _find(level: Level, code: str) -> tuple[Function | None, Content | None, Item | None]:
    parts = code.split(".")
    fn = next((f for f in level.functions if f.no == parts[0]), None)
    content = next((c for c in fn.contents if c.no == ".".join(parts[:2])), None) if fn and len(parts) > 1 else None
    item = next((i for i in content.skills if i.code == code), None) if content and len(parts) > 2 else None
    return fn, content, item


def _pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def _content_line(c: Content) -> str:
    """"3.1 处理客户信用申请：能…；能…〔3.3/3.1〕": a work content with its skills and locator."""
    return f"{c.no} {c.name}：" + "；".join(i.text.rstrip("。") for i in c.skills) + f"〔{c.locator}〕"


class StandardFacts:
    def __init__(self, standard: Standard, formulas: list | None = None) -> None:
        self.std = standard
        self.sections = {s.locator: s for s in standard.sections}
        self.formulas = formulas or []  # canonical ratio formulas (corpus/facts, scoring.canon.Formula)

    def answer(self, intent: Intent, question: str) -> Direct:
        out = Direct()
        self._premises(intent, question, out)
        handler = {"item_lookup": self._items, "comparison": self._compare, "weights": self._weights,
                   "exam_rules": self._exam, "formula": self._formula}.get(intent.kind)
        if handler:
            handler(intent, question, out)
        elif intent.functions and intent.levels:
            self._function_scope(intent, out)
        return out

    def _formula(self, intent: Intent, question: str, out: Direct) -> None:
        """"速动比率怎么算？": the canonical formula first (the notes' worked lines follow as support). The
        longest name found wins, so "逾期DSO" is not answered with DSO."""
        text = normalise_text(question).lower()
        named = [(len(n), f) for f in self.formulas for n in f.names if n in text]
        if named:
            f = max(named, key=lambda x: x[0])[1]
            out.lines.append(f"{f.right}〔{f.locator}〕")
            out.locators.append((f.locator, None))

    # -- premises ---------------------------------------------------------------------------
    def _premises(self, intent: Intent, question: str, out: Direct) -> None:
        names = "、".join(lv.name for lv in self.std.levels)
        if intent.unknown_level:
            out.premise.append(f"标准里没有“{intent.unknown_level}”：本职业共设四个等级，{names}〔1.4〕。")
            out.locators.append(("1.4", None))
        if (m := CHAPTER_RE.search(question)) and _num(m.group(1)) > 4:
            out.premise.append("标准只有四章：1 职业概况、2 基本要求、3 工作要求、4 权重表，"
                               f"没有第{m.group(1)}章；说明第二条称之为“四个方面的内容”〔P.2〕。")
            out.locators.append(("P.2", None))
        rules = self.sections.get("2.1.2")
        if rules and (m := RULE_RE.search(question)) and _num(m.group(1)) > len(rules.items):
            out.premise.append(f"职业守则共 {len(rules.items)} 条，没有第{m.group(1)}条；最后一条是"
                               f"{rules.items[-1]}〔2.1.2.{len(rules.items)}〕")
            out.locators += [("2.1.2", None), (f"2.1.2.{len(rules.items)}", None)]
        for name in intent.levels:
            level = self.std.level(name)
            for fn in intent.functions:
                if not any(function_key(f.name) == function_key(fn) for f in level.functions):
                    have = "、".join(f"{f.no} {f.name}" for f in level.functions)
                    out.premise.append(f"{name}没有单列“{fn}”这一职业功能；{name}的职业功能是：{have}〔{level.section}〕。"
                                       + self._where_function(fn, out))
                    break

    def _where_function(self, fn: str, out: Direct) -> str:
        """Which levels do have the function, with its weights ("国际信控是一级/高级技师的职业功能…")."""
        owners = [lv for lv in self.std.levels if any(function_key(f.name) == function_key(fn) for f in lv.functions)]
        if not owners:
            return ""
        parts = []
        for lv in owners:
            parts.append(f"{lv.name}（" + "、".join(f"{TABLE_NAMES[tb]} {_pct(self.std.weight(tb, lv.name, fn))}"
                                                   for tb in TABLE_NAMES) + "）")
            out.locators += [("4.1", lv.name), ("4.2", lv.name)]
        return f"“{fn}”是{'、'.join(parts)}的职业功能〔4.1〕〔4.2〕。"

    # -- item codes ---------------------------------------------------------------------------
    def _items(self, intent: Intent, question: str, out: Direct) -> None:
        named = list(intent.levels)
        for code in intent.codes:
            levels = named or [n for n in FOCUS_LEVELS if _find(self.std.level(n), code)[1]] or \
                [lv.name for lv in self.std.levels if _find(lv, code)[1]]
            if not levels:
                out.premise.append(f"标准第3章里没有 {code} 这一条目（二级、一级都没有）。")
                continue
            for name in levels:
                self._item(self.std.level(name), code, out, intent.functions, explicit=bool(named))

    def _function_by_name(self, level: Level, named: tuple[str, ...], out: Direct) -> None:
        """A function named in the question that the level has under another number: answer with it."""
        for fn in level.functions:
            if any(function_key(fn.name) == function_key(x) for x in named):
                contents = "；".join(_content_line(c) for c in fn.contents)
                out.lines.append(f"“{fn.name}”是{level.name}的第{fn.no}个职业功能，工作内容是：{contents}。")
                out.locators += [(c.locator, None) for c in fn.contents]

    def _item(self, level: Level, code: str, out: Direct, named: tuple[str, ...] = (), explicit: bool = False) -> None:
        """The item's text and knowledge; a code the level lacks is corrected. `explicit`: the question named
        the level, so its neighbouring items are shown rather than another level's item of that number."""
        fn, content, item = _find(level, code)
        where = level.name
        if content is None or (code.count(".") == 2 and item is None):
            parent = content or fn
            if parent is None:
                have = "、".join(f"{f.no} {f.name}" for f in level.functions)
                out.premise.append(f"{where}没有 {code} 这一条：{where}的职业功能只有 {have}〔{level.section}〕。")
                self._function_by_name(level, named, out)
                return
            siblings = [i.code for i in content.skills] if content else [c.no for c in fn.contents]
            span = f"{siblings[0]}–{siblings[-1]}" if len(siblings) > 1 else siblings[0]
            out.premise.append(f"{where}没有 {code} 这一条：“{parent.name}”下只有 {span}〔{parent.locator}〕。")
            others = [lv.name for lv in self.std.levels if lv is not level and _find(lv, code)[2 if item is None and
                                                                                            code.count(".") == 2 else 1]]
            if explicit and content is not None:
                skills = "；".join(f"{i.code} {i.text.rstrip('。')}" for i in content.skills)
                out.lines.append(f"{where}“{content.name}”的技能要求是：{skills}〔{content.locator}〕。")
                out.locators.append((content.locator, None))
                if others:
                    out.lines.append(f"（{code} 这个编号在{'、'.join(others)}里有，内容不同。）")
            elif others:
                out.premise.append(f"{code} 在{'、'.join(others)}里有，下面按那一级作答。")
                for name in others[:1]:
                    self._item(self.std.level(name), code, out)
            return
        head = f"{where} {code}（{fn.no} {fn.name} › {content.no} {content.name}）"
        if item is not None:
            out.lines.append(f"{head}的技能要求是：{item.text.rstrip('。')}〔{item.locator}〕。")
        else:
            skills = "；".join(f"{i.code} {i.text.rstrip('。')}" for i in content.skills)
            out.lines.append(f"{head}的技能要求：{skills}〔{content.locator}〕。")
        knowledge = "；".join(i.text.rstrip("。") for i in content.knowledge)
        if knowledge:
            out.lines.append(f"对应的相关知识要求：{knowledge}〔{content.locator}〕。")
        out.locators.append((content.locator, None))

    # -- comparisons ------------------------------------------------------------------------------
    def _compare(self, intent: Intent, question: str, out: Direct) -> None:
        if len(intent.levels) < 2 and not intent.functions and not intent.codes:
            return  # nothing of the standard's structure is being compared
        levels = list(intent.levels) if len(intent.levels) >= 2 else \
            (list(intent.levels) + [n for n in FOCUS_LEVELS if n not in intent.levels])[:2]
        if intent.codes:
            self._items(Intent("item_lookup", tuple(levels), intent.codes), question, out)
            return
        functions = list(dict.fromkeys(function_key(f) for f in intent.functions))
        if len(intent.levels) >= 2 and "职业功能" in question:  # the functions themselves are compared
            self._compare_levels(levels, out)
            return
        if not functions and self._compare_contents(levels, question, out):
            return
        if not functions:
            self._compare_levels(levels, out)
            return
        if len(functions) >= 2 and len(intent.levels) <= 1:  # two functions of one level
            level = self.std.level(levels[0])
            out.table += [f"| {level.name} 职业功能 | 工作内容 |", "|---|---|"]
            for key in functions:
                fn = next((f for f in level.functions if function_key(f.name) == key), None)
                if fn:
                    out.table.append(f"| {fn.no} {fn.name}〔{fn.locator}〕 | {'；'.join(c.no + ' ' + c.name for c in fn.contents)} |")
                    out.locators += [(c.locator, None) for c in fn.contents]
            return
        key = functions[0]
        cells, missing = [], []
        for name in levels:
            level = self.std.level(name)
            fn = next((f for f in level.functions if function_key(f.name) == key), None)
            if fn is None:
                missing.append(name)
                cells.append("（未单列）")
                continue
            cells.append("<br>".join(_content_line(c) for c in fn.contents))
            out.locators += [(c.locator, None) for c in fn.contents]
        label = next((f for f in intent.functions if f in question), intent.functions[0])
        present = [n for n in levels if n not in missing]
        gaps = "".join(f"；{name}没有单列“{label}”" + self._nearest(self.std.level(name), label, out) for name in missing)
        out.lines.append(f"“{label}”方面，{'和'.join(present)}的技能要求对照如下{gaps}。")
        out.premise = [p for p in out.premise if "没有单列" not in p]  # said in the line above
        out.table += [f"| {' | '.join(levels)} |", "|" + "---|" * len(levels), f"| {' | '.join(cells)} |"]

    def _compare_contents(self, levels: list[str], question: str, out: Direct) -> bool:
        """Two levels on one topic that is a work content, not a function ("消费者个人信用风险这块")."""
        asked = bigrams(re.sub(r"[^\u4e00-\u9fff]", "", remove_level_mentions(question))) - COMMON_PAIRS
        if not any(len(asked & bigrams(i.text)) >= 2 for n in levels for f in self.std.level(n).functions
                   for c in f.contents for i in c.skills):
            return self._compare_by_content(levels, asked, out)
        cells, found = [], False
        for name in levels:
            level = self.std.level(name)
            # The skill items that share most of the question's topic word pairs ("黑名单"), at each level.
            items = [(len(asked & bigrams(i.text)), i, c) for f in level.functions for c in f.contents for i in c.skills]
            top = max((n for n, _, _ in items), default=0)
            best = [(i, c) for n, i, c in items if n == top and n >= 2][:4]
            found |= bool(best)
            cells.append("<br>".join(f"{i.code} {i.text.rstrip('。')}〔{i.locator}〕" for i, _ in best) or "（未单列）")
            out.locators += [(c.locator, None) for _, c in best]
        return _topic_table(levels, cells, found, out)

    def _compare_by_content(self, levels: list[str], asked: set[str], out: Direct) -> bool:
        """The work content whose name (twice) and skills share most of the topic's word pairs ("培训工作")."""
        cells, found = [], False
        for name in levels:
            level = self.std.level(name)
            scored = [(2 * len(asked & bigrams(c.name)) + len(asked & {g for i in c.skills for g in bigrams(i.text)}), c)
                      for f in level.functions for c in f.contents]
            top = max(scored, key=lambda x: x[0], default=(0, None))
            best = [top[1]] if top[0] >= 3 else []
            found |= bool(best)
            cells.append("<br>".join(_content_line(c) for c in best) or "（未单列）")
            out.locators += [(c.locator, None) for c in best]
        return _topic_table(levels, cells, found, out)

    def _nearest(self, level: Level, label: str, out: Direct) -> str:
        """Where a level that lacks a function treats related matters (一级 has no 商账追收; 追收国际欠款)."""
        found = [(f, c) for f in level.functions for c in f.contents if bigrams(label) & bigrams(c.name)]
        if not found:
            return ""
        out.locators += [(c.locator, None) for _, c in found]
        return "，相关要求见" + "、".join(f"{f.name} › {c.no} {c.name}〔{c.locator}〕" for f, c in found)

    def _compare_levels(self, levels: list[str], out: Direct) -> None:
        out.lines.append(f"{'和'.join(levels)}的职业功能对照如下（理论知识 / 技能要求比重见〔4.1〕〔4.2〕）。")
        keys = {n: {function_key(f.name) for f in self.std.level(n).functions} for n in levels}
        for n in levels:
            others = set().union(*(keys[m] for m in levels if m != n))
            own = [f.name for f in self.std.level(n).functions if function_key(f.name) not in others]
            if own:
                out.lines.append(f"只有{n}单列：{'、'.join(own)}。")
        out.table += [f"| {' | '.join(levels)} |", "|" + "---|" * len(levels)]
        columns = [[f"{f.no} {f.name}〔{f.locator}〕" for f in self.std.level(n).functions] for n in levels]
        for row in range(max(map(len, columns))):
            out.table.append("| " + " | ".join(c[row] if row < len(c) else "" for c in columns) + " |")
        out.locators += [(t, n) for n in levels for t in ("4.1", "4.2")]

    def _function_scope(self, intent: Intent, out: Direct) -> None:
        for name in intent.levels:
            level = self.std.level(name)
            for f in level.functions:
                if any(function_key(f.name) == function_key(x) for x in intent.functions):
                    out.locators += [(c.locator, None) for c in f.contents]

    # -- weights --------------------------------------------------------------------------------
    def _weights(self, intent: Intent, question: str, out: Direct) -> None:
        levels = list(intent.levels) or list(FOCUS_LEVELS)
        asked = {float(m.group(1)) for m in FIGURE.finditer(question) if m.group(2) == "%"}
        tables = tables_meant(question)
        for name in levels:
            columns = {tb: self.std.weights[tb][name] for tb in ("theory", "skill")}
            keys = [function_key(f) for f in intent.functions] or None
            rows = []
            for fn in dict.fromkeys(list(columns["theory"]) + list(columns["skill"])):
                if keys and function_key(fn) not in keys:
                    continue
                said = {tb: columns[tb].get(fn) for tb in tables}
                if all(v is None for v in said.values()):  # "—" in the table meant: give the other one too
                    said = {tb: columns[tb].get(fn) for tb in ("theory", "skill")}
                figures = "、".join(f"{TABLE_NAMES[tb]} {_pct(v)}" for tb, v in said.items())
                rows.append(f"{fn} {figures}")
                if keys and asked and not asked & {v for v in said.values() if v is not None}:
                    out.premise.append(f"不对，不是 {'、'.join(f'{a:g}%' for a in sorted(asked))}：{name}“{fn}”的比重是"
                                       + figures + "".join(f"〔{TABLE_LOC[tb]}〕" for tb in said) + "。")
            if keys and not rows:
                continue  # the function is not in this level: the premise check said so
            dash = any("—" in r for r in rows)  # a "—" is explained, and both tables are cited
            cited = "".join(f"〔{TABLE_LOC[tb]}〕" for tb in (TABLE_LOC if dash else tables))
            out.lines.append(f"{name}：{'；'.join(rows)}{'（“—”表示该表未列）' if dash else ''}{cited}。")
            out.locators += [(loc, name) for loc in TABLE_LOC.values()]

    # -- exam rules (chapter 1) -------------------------------------------------------------------
    def _exam(self, intent: Intent, question: str, out: Direct) -> None:
        loc = next((loc for loc, pat in EXAM_SECTIONS if pat.search(question)), None)
        section = self.sections.get(loc) if loc else None
        if section is None:
            return
        blocks, years_wrong = self._conditions(question, intent, section.text) if loc == "1.9.1" else ([], [])
        if blocks:
            out.premise += years_wrong
            out.lines += blocks
            out.locators.append((loc, None))
            return
        sentences = [s for s in re.split(r"(?<=[。；])", section.text) if s.strip()]
        words = set(re.findall(r"[\u4e00-\u9fff]{2}", question)) | asked_about(question)
        best = sorted(sentences, key=lambda s: -sum(w in s for w in words))[:2] if len(sentences) > 2 else sentences
        out.locators.append((loc, None))
        self._figure_premise(question, section.text, loc, out)
        if not out.premise:
            out.lines.append("标准规定：" + "".join(s for s in sentences if s in best).rstrip("；。") + f"〔{loc}〕。")

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
            asked = [int(y) for y in re.findall(r"(?<![\d.])(\d+)年", q) if int(y) < 20]
            if said and asked and not set(asked) & said:
                wrong = [f"不对，不是{asked[0]}年：申报{name}的年限要求是{'或'.join(f'{y}年' for y in sorted(said))}（见下）〔1.9.1〕。"]
        return lines, wrong

    def _figure_premise(self, question: str, text: str, loc: str, out: Direct) -> None:
        """A figure the question states (120分钟, 1:5, 40学时, 5名) that the section does not say is corrected,
        quoting the clause of the section that gives the figure for the thing asked about."""
        wrong = None
        for m in FIGURE.finditer(numerals_to_digits(question)):  # "至少要五个人" is 5个人
            value, unit = m.group(1), unit_class(m.group(2))
            if unit is None:
                continue
            if m.group(2).endswith("小时"):
                value = f"{float(value) * 60:g}"
            said = UNIT_CLASS[unit]
            if re.search(rf"(?<![\d.]){re.escape(value)}\s*{said}", text) is None and re.search(rf"\d+\s*{said}", text):
                wrong, unit_of = m.group(0), said
                break
        else:
            ratio = next((m for m in RATIO.finditer(question) if f"1:{m.group(1)}" not in text.replace("：", ":")), None)
            if ratio is None:
                return
            wrong, unit_of = ratio.group(0), ":"
        clauses = [c for c in re.split(r"[，；。]", text) if c.strip()]
        words = set(re.findall(r"[\u4e00-\u9fff]{2}", question))
        fitting = [c for c in clauses if (":" in c if unit_of == ":" else re.search(rf"\d+\s*{unit_of}", c))] or clauses
        best = max(fitting, key=lambda c: sum(w in c for w in words))
        out.premise.append(f"不对，不是 {wrong}：标准规定{best.strip()}〔{loc}〕。")
