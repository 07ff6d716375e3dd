"""Direct answers from the structured standard, and premise checks against it.

Item codes, levels, functions, weights and the exam rules of chapter 1 are data in the parsed standard;
a question about them is answered from that data first ("二级/技师 3.3.1：能设计客户信用申请表"), and a
question built on something the standard does not have (an item, a level, a chapter, a rule number, a
duration, a headcount, a weight) is corrected before anything else.
"""

from __future__ import annotations

import re
import unicodedata

from ..standard.model import Content, Function, Item, Level, Standard, function_key
from ..tokenize import normalise_text
from .compare import Comparisons, Direct, coded, content_line, extremes, nearest_knowledge, pct
from .exam import ExamRules
from .intents import Intent, code_levels
from .locate import ItemLocator
from .placement import placement_premises
from .wording import (
    ASKS_REQUIREMENTS,
    BASICS,
    FIGURE,
    TABLE_LOC,
    TABLE_NAMES,
    tables_meant,
)
from .worked import worked_from_question

FOCUS_LEVELS = ("二级/技师", "一级/高级技师")  # the levels with a comprehensive review


def _find(level: Level, code: str) -> tuple[Function | None, Content | None, Item | None]:
    parts = code.split(".")
    fn = next((f for f in level.functions if f.no == parts[0]), None)
    content = next((c for c in fn.contents if c.no == ".".join(parts[:2])), None) if fn and len(parts) > 1 else None
    item = next((i for i in content.skills if i.code == code), None) if content and len(parts) > 2 else None
    return fn, content, item


# "美国破产法第11章", "申请了破产保护，好像是第11章": a chapter of another text, not of the standard.


def _has_function(level: Level, fn: str) -> bool:
    return any(function_key(f.name) == function_key(fn) for f in level.functions)


def _figures_by(question: str, fn: str) -> set[float]:
    """The percents in the clause that names the function ("制度规范占20%，授信审批占25%": 20 for 制度规范)."""
    for name in (fn, fn[2:] + fn[:2]) if len(fn) == 4 else (fn,):  # 审批授信 / 授信审批
        # said right after the name ("客户资信管理40% 全程信控15%"): that figure
        if m := re.search(re.escape(name) + r"(?:占|是|为|的?比重|的?权重)?\s*(\d+(?:\.\d+)?)\s*[%％]", question):
            return {float(m.group(1))}
    for clause in re.split(r"[，,。；;？?！!]", question):
        if fn in clause or (len(fn) == 4 and fn[2:] + fn[:2] in clause):
            return {float(m.group(1)) for m in FIGURE.finditer(clause) if m.group(2) == "%"}
    return set()





class StandardFacts:
    def __init__(self, standard: Standard, formulas: list | None = None, tables: list | None = None) -> None:
        self.std, self.comparisons = standard, Comparisons(standard)
        self.tables = tables or []  # the notes' points tables (scoretable.ScoreTable), worked with the question's case
        self.sections = {s.locator: s for s in standard.sections}
        self.exam = ExamRules(self.sections)
        self.formulas = formulas or []  # canonical ratio formulas (corpus/facts, scoring.canon.Formula)
        self.locator = ItemLocator(standard, FOCUS_LEVELS)
        self.contents: dict[str, dict[str, Content]] = {}  # work-content name -> {level name: content}
        self._functions = list(dict.fromkeys(f.name for lv in standard.levels for f in lv.functions))
        for lv in standard.levels:
            for f in lv.functions:
                for c in f.contents:
                    self.contents.setdefault(c.name, {})[lv.name] = c

    def answer(self, intent: Intent, question: str) -> Direct:
        out = Direct()
        self._premises(intent, question, out)
        handler = {"item_lookup": self._items, "comparison": self._compare, "weights": self._weights,
                   "exam_rules": self.exam.answer, "formula": self._formula}.get(intent.kind)
        if intent.codes and intent.kind in ("item_lookup", "comparison") and \
                (named := self._misnumbered(intent, question, out)):
            self._contents(intent, named, out)  # "分析客户信用价值…编号都是3.2？": the content, by its name
        elif handler:
            handler(intent, question, out)
        elif intent.kind in ("concept", "definition") and ASKS_REQUIREMENTS.search(question) and \
                (named := self._contents_named(question)):
            self._contents(intent, named, out)
        elif intent.functions and intent.levels:
            self._function_scope(intent, question, out)
        # "“企业破产保护知识”在哪个工作内容"; and "高级技师4.3.7说要能…黑名单": a code the level lacks, with the words
        # of an item that is elsewhere (二级 3.3.7), is corrected with where those words are
        no_such_code = any("这一条" in p for p in out.premise)
        if (self.locator.asked(question) or no_such_code) and intent.kind != "comparison":
            for text, line, loc in self.locator.locate(question):
                if line.split("〔")[0] not in out.text() and not re.search(  # said already, with its code
                        r"\d\.\d\.\d+ " + re.escape(text.rstrip("。")), out.text()):
                    (out.premise if no_such_code else out.lines).append(line)
                    out.locators.append((loc, None))
        for line, locator in worked_from_question(question, not out.lines, self.tables):  # the question's own figures
            out.lines.append(line)
            out.locators.append((locator, None))
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
        question = unicodedata.normalize("NFKC", question)  # "第８条", "第４章"
        names = "、".join(lv.name for lv in self.std.levels)
        if intent.unknown_level:
            out.premise.append(f"标准里没有“{intent.unknown_level}”：本职业共设四个等级，{names}〔1.4〕。")
            out.locators.append(("1.4", None))
        placement_premises(self.sections, self._functions, question, out)
        for name in intent.levels:
            level = self.std.level(name)
            for fn in intent.functions:
                if not _has_function(level, fn):
                    have = "、".join(f"{f.no} {f.name}" for f in level.functions)
                    out.premise.append(f"{name}没有单列“{fn}”这一职业功能；{name}的职业功能是：{have}〔{level.section}〕。"
                                       + self._where_function(fn, out) + self._code_here(level, intent.codes, out))
                    # the levels that have it, the nearest first (一级 lacks 商账追收: 二级's, then 三级's)
                    below = reversed(self.std.levels[:self.std.levels.index(level)])
                    have_it = [lv.name for lv in below if _has_function(lv, fn)] or \
                        [lv.name for lv in self.std.levels if lv is not level and _has_function(lv, fn)]
                    if self.comparisons.above(name, have_it) and intent.kind != "comparison":  # the table line says it
                        out.premise[-1] += ("标准第3章说明各级要求依次递进，高级别涵盖低级别的要求〔3〕"
                                            + self.comparisons.nearest(level, fn, out) + "。")
                        out.locators.append(("3", None))
                    for owner in have_it[:1] if intent.kind != "comparison" else ():  # a table shows it
                        self._function_by_name(self.std.level(owner), (fn,), out)  # what it asks, where it is
                    break

    @staticmethod
    def _code_here(level: Level, codes: tuple[str, ...], out: Direct) -> str:
        """"技师的 3.3 追收国际欠款": what the code the question gives is at the level it names."""
        said = []
        for code in codes:
            fn, content, item = _find(level, code)
            if content is not None:
                what = item.text.rstrip("。") if item is not None else content.name
                said.append(f"{level.name}的 {code} 是“{what}”（{fn.no} {fn.name}）〔{content.locator}〕")
                out.locators.append((content.locator, None))
        return "；".join(said) + ("。" if said else "")

    def _where_function(self, fn: str, out: Direct) -> str:
        """Which levels do have the function, with its weights ("国际信控是一级/高级技师的职业功能…")."""
        owners = [lv for lv in self.std.levels if _has_function(lv, fn)]
        if not owners:
            return ""
        parts = []
        for lv in owners:
            parts.append(f"{lv.name}（{self.comparisons.shares(lv.name, fn)}）")
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
                self._item(self.std.level(name), code, out, intent.functions, explicit=bool(named),
                           knowledge_asked="知识" in question)

    def _function_by_name(self, level: Level, named: tuple[str, ...], out: Direct) -> None:
        """A function named in the question that the level has under another number: answer with it."""
        for fn in level.functions:
            if any(function_key(fn.name) == function_key(x) for x in named):
                contents = "；".join(content_line(c) for c in fn.contents)
                out.lines.append(f"“{fn.name}”是{level.name}的第{fn.no}个职业功能，工作内容是：{contents}。")
                out.locators += [(c.locator, None) for c in fn.contents]

    def _item(self, level: Level, code: str, out: Direct, named: tuple[str, ...] = (), explicit: bool = False,
              knowledge_asked: bool = False) -> None:
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
                if knowledge := "；".join(k.text.rstrip("。") for k in content.knowledge):  # what goes with them
                    out.lines.append(f"对应的相关知识要求：{knowledge}〔{content.locator}〕。")
                out.locators.append((content.locator, None))
            elif explicit and fn is not None:  # "技师商账追收里的4.4.2": the level's contents of that function
                self._function_by_name(level, (fn.name,), out)
            elif others:
                out.premise.append(f"{code} 在{'、'.join(others)}里有，下面按那一级作答。")
                for name in others[:1]:
                    self._item(self.std.level(name), code, out)
            if explicit and not named and (content is not None or fn is not None):  # "…技师那章没找到"
                self._elsewhere(code, [n for n in others if n in FOCUS_LEVELS], out)
            return
        head = f"{where} {code}（{fn.no} {fn.name} › {content.no} {content.name}）"
        if item is not None:
            same = [i for i in content.skills if i.code == code]  # the standard prints 四级 5.2.2 twice
            said = "；".join(i.text.rstrip("。") for i in same)
            twice = f"（标准中这个编号印了 {len(same)} 次）" if len(same) > 1 else ""
            out.lines.append(f"{head}的技能要求是：{said}{twice}〔{item.locator}〕。")
        else:
            skills = "；".join(f"{i.code} {i.text.rstrip('。')}" for i in content.skills)
            out.lines.append(f"{head}的技能要求：{skills}〔{content.locator}〕。")
        knowledge = "；".join(coded(i) for i in content.knowledge)
        if knowledge:
            out.lines.append(f"对应的相关知识要求：{knowledge}〔{content.locator}〕。")
        if item is not None and knowledge_asked and (nearest := nearest_knowledge(item, content)):
            out.lines.append(f"相关知识里没有编号 {code} 的一条（相关知识按工作内容列出，编号不与技能一一对应）；"
                             f"与这条技能最相关的是 {coded(nearest)}〔{nearest.locator}〕。")
            out.locators.append((nearest.locator, None))
        out.locators.append((content.locator, None))

    def _elsewhere(self, code: str, others: list[str], out: Direct) -> None:
        """The code in the levels that have it ("4.4.3 这个编号在一级/高级技师里：…")."""
        for name in others[:2]:
            _, content, item = _find(self.std.level(name), code)
            what, loc = (item.text.rstrip("。"), item.locator) if item is not None else (content.name, content.locator)
            known = next((k.text.rstrip("。") for k in content.knowledge if k.code == code), None) if content else None
            also = f"；对应的相关知识：{known}" if known else ""  # "…这条配套的相关知识是哪个"
            out.lines.append(f"（{code} 这个编号在{name}里是：{what}〔{loc}〕{also}。）")
            out.locators.append((loc, None))

    # -- comparisons ------------------------------------------------------------------------------
    def _compare(self, intent: Intent, question: str, out: Direct) -> None:
        if len(intent.levels) < 2 and not intent.functions and not intent.codes:
            return  # nothing of the standard's structure is being compared
        levels = list(intent.levels) if len(intent.levels) >= 2 else \
            (list(intent.levels) + [n for n in FOCUS_LEVELS if n not in intent.levels])[:2]
        if intent.codes:
            bound = code_levels(question, intent.codes)
            named = {n for names in bound.values() for n in names}
            unbound = [n for n in levels if n not in named]
            if len(bound) == len(intent.codes) and (unbound or len(named) > 1):  # "三级那些催收的技能 跟技师 4.1 有啥不同"
                self._bound_items(bound, unbound, out)
            else:
                self._items(Intent("item_lookup", tuple(levels), intent.codes), question, out)
            return
        self.comparisons.compare(intent, question, levels, out)
        if not out.table:  # one side lacks the function: the other side's contents are the comparison
            for name in levels:
                self._function_by_name(self.std.level(name), intent.functions, out)

    # -- work contents named, not numbered ----------------------------------------------------------
    def _bound_items(self, bound: dict[str, list[str]], unbound: list[str], out: Direct) -> None:
        """Each code at the level it was named with; a level named without a code is compared by the function
        those codes belong to."""
        functions = []
        for code, names in bound.items():
            for name in dict.fromkeys(names):
                self._item(self.std.level(name), code, out, explicit=True)
                if (fn := _find(self.std.level(name), code)[0]) is not None:
                    functions.append(fn.name)
        for name in unbound:
            self._function_by_name(self.std.level(name), tuple(functions), out)

    def _contents_named(self, question: str) -> list[str]:
        """Work-content names the question says ("追收国际欠款"), longest first, none inside another."""
        text = normalise_text(question).replace(" ", "")
        names = sorted((n for n in self.contents if n in text), key=len, reverse=True)
        return [n for n in names if not any(n != m and n in m for m in names)]

    def _misnumbered(self, intent: Intent, question: str, out: Direct) -> list[str]:
        """Work contents the question names together with a number one of their levels does not give them."""
        named = self._contents_named(question)
        codes = {".".join(c.split(".")[:2]) for c in intent.codes}
        wrong = []
        bound = [lv for lvs in code_levels(question, intent.codes).values() for lv in lvs]
        for name in named:
            owners = self.contents[name]
            if bound and len(codes) == 1 and not any(lv in owners for lv in bound):
                # "技师的 3.3 追收国际欠款": another level's content (the content lines say whose); what the code
                # is at the level named
                here = "".join(self._code_here(self.std.level(lv), (min(codes),), out) for lv in dict.fromkeys(bound))
                out.premise.append(f"不对：{here}")
                wrong.append(name)
            for level, content in owners.items():
                if level in (intent.levels or FOCUS_LEVELS) and content.no not in codes and len(codes) == 1:
                    fn = self.comparisons.owner(content.locator)
                    out.premise.append(f"不对：{level}的“{name}”是 {content.no}（{fn.no} {fn.name}），不是 {min(codes)}"
                                       f"〔{content.locator}〕。")
                    wrong.append(name)
        return list(dict.fromkeys(wrong))

    def _contents(self, intent: Intent, names: list[str], out: Direct) -> None:
        """Each named work content's skills and knowledge, for the levels named (or the review levels that
        have it, else any level that has it); a named level without it is corrected."""
        for name in names:
            owners = self.contents[name]
            levels = [n for n in intent.levels if n in owners] or [n for n in FOCUS_LEVELS if n in owners] or list(owners)[:1]
            for missing in (n for n in intent.levels if n not in owners):
                out.premise.append(f"{missing}没有“{name}”这一工作内容；它在{'、'.join(owners)}里"
                                   + "".join(f"〔{owners[n].locator}〕" for n in owners) + "。"
                                   + self._higher_covers(missing, name, owners, out))
            for n in levels:
                self._item(self.std.level(n), owners[n].no, out)

    def _higher_covers(self, missing: str, name: str, owners: dict[str, Content], out: Direct) -> str:
        """一级 asked about 二级's 委托追账: chapter 3 says a higher level covers the lower's requirements, and
        the higher level's own related content is named (追收国际欠款)."""
        if not self.comparisons.above(missing, list(owners)):
            return ""
        level, owner = self.std.level(missing), next(iter(owners.values()))
        fn = self.comparisons.owner(owner.locator)
        if items := self.comparisons.related_items(level, name):
            related = "，相关要求见 " + "；".join(f"{i.code} {i.text.rstrip('。')}〔{i.locator}〕" for i in items)
            out.locators += [(i.locator, None) for i in items]
        else:
            related = self.comparisons.nearest(level, fn.name if fn else name, out)
        if "3" in self.sections:
            out.locators.append(("3", None))
        return f"标准说明，各级要求依次递进，高级别涵盖低级别的要求〔3〕{related}。"

    def _function_scope(self, intent: Intent, question: str, out: Direct) -> None:
        """A level's function named: its contents feed retrieval; asked what it holds ("国际信控有哪几个工作内容"),
        they are the answer."""
        listed = bool(ASKS_REQUIREMENTS.search(question) or "哪几" in question)
        for name in intent.levels:
            level = self.std.level(name)
            if listed:
                self._function_by_name(level, intent.functions, out)
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
                figures = "、".join(f"{TABLE_NAMES[tb]} {pct(v)}" for tb, v in said.items())
                rows.append(f"{fn} {figures}")
                mine = _figures_by(question, fn) or asked
                if keys and mine and not mine & {v for v in said.values() if v is not None}:
                    other = [tb for tb in TABLE_NAMES if tb not in said and columns[tb].get(fn) in mine]
                    mixed = f"（{pct(columns[other[0]][fn])}是{TABLE_NAMES[other[0]]}的比重）" if other else ""
                    out.premise.append(f"不对，不是 {'、'.join(f'{a:g}%' for a in sorted(mine))}：{name}“{fn}”的比重是"
                                       + figures + "".join(f"〔{TABLE_LOC[tb]}〕" for tb in said) + mixed + "。")
            if keys and not rows:
                continue  # the function is not in this level: the premise check said so
            if tables == ("skill",) and (basics := [b for b in BASICS if b in question]):
                # "剩下20%是职业道德加基础知识": the skill table has no such rows
                shares = "、".join(f"{b} {pct(columns['theory'].get(b))}" for b in BASICS)
                out.lines.append(f"{name}技能要求权重表里没有{'、'.join(basics)}；它们只在理论知识权重表里：{shares}〔4.1〕。")
            out.lines += extremes(name, columns, question)
            dash = any("—" in r for r in rows)  # a "—" is explained, and both tables are cited
            cited = "".join(f"〔{TABLE_LOC[tb]}〕" for tb in (TABLE_LOC if dash else tables))
            out.lines.append(f"{name}：{'；'.join(rows)}{'（“—”表示该表未列）' if dash else ''}{cited}。")
            out.locators += [(loc, name) for loc in TABLE_LOC.values()]
