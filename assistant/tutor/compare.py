"""Comparisons from the structured standard: two levels on a function, a work content or a topic.

A level that lacks what the other has says so ("一级/高级技师没有单列“商账追收”") and shows where it treats
related matters; a topic found at one level only is set beside the same function's contents at the other.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..levels import remove_level_mentions
from ..standard.model import Content, Function, Item, Level, Standard, function_key
from .intents import Intent
from .wording import BASICS, COMMON_PAIRS, TABLE_LOC, TABLE_NAMES, bigrams, tables_meant

ASKS_WEIGHT = re.compile(r"分值|权重|比重|占比|占多少|分数|哪个.{0,4}(高|多|重)")
NAMED_SHARE = 0.8  # a work content counts as named when the question holds this share of its name's word pairs
NAMESAKE_SHARE = 0.5  # ... and the other level's closest content name shares this much with the question


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


def pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def content_line(c: Content) -> str:
    """"3.1 处理客户信用申请：能…；能…〔3.3/3.1〕": a work content with its skills and locator."""
    return f"{c.no} {c.name}：" + "；".join(i.text.rstrip("。") for i in c.skills) + f"〔{c.locator}〕"


# "理论知识里哪个职业功能占比最高": the clause that asks for an extreme, and the table it names.
_EXTREME = re.compile(r"[^，,。？?！!；;]*(?:哪|什么)[^，,。？?！!；;]{0,12}(最高|最大|最多|最重|最低|最小|最少|最轻)[^，,。？?！!；;]*")


def extremes(name: str, columns: dict[str, dict[str, int | None]], question: str) -> list[str]:
    lines = []
    for clause in _EXTREME.finditer(question):
        top = clause.group(1) in ("最高", "最大", "最多", "最重")
        for tb in tables_meant(clause.group(0)):
            shares = {fn: v for fn, v in columns[tb].items() if v is not None
                      and not ("功能" in clause.group(0) and fn in BASICS)}
            if shares:
                best = (max if top else min)(shares.values())
                names = "、".join(fn for fn, v in shares.items() if v == best)
                lines.append(f"{name}{TABLE_NAMES[tb]}权重表中占比{'最高' if top else '最低'}的是{names}（{pct(best)}）"
                             f"〔{TABLE_LOC[tb]}〕。")
    return lines


def coded(knowledge: Item) -> str:
    return f"{knowledge.code} {knowledge.text.rstrip('。')}" if knowledge.code else knowledge.text.rstrip("。")


def nearest_knowledge(skill: Item, content: Content) -> Item | None:
    """The knowledge item closest in wording to a skill that has no knowledge item of its own number
    (二级 5.1.5 能选择经政府认可的信用修复服务 → 5.1.3 信用修复方法); None if one has that number."""
    if any(k.code == skill.code for k in content.knowledge):
        return None
    shared = [(len(bigrams(k.text) & bigrams(skill.text)), k) for k in content.knowledge if k.code]
    best = max(shared, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] >= 2 else None


def _topic_table(levels: list[str], cells: list[str], found: bool, out: Direct, what: str = "技能要求") -> bool:
    if found:
        out.lines.append(f"{'和'.join(levels)}在这一方面的{what}对照如下。")
        out.table += [f"| {' | '.join(levels)} |", "|" + "---|" * len(levels), f"| {' | '.join(cells)} |"]
    return found


class Comparisons:
    def __init__(self, standard: Standard) -> None:
        self.std = standard
        # Which function holds each work content (by locator), for setting one level's topic beside another's.
        self._owner = {c.locator: f for lv in standard.levels for f in lv.functions for c in f.contents}

    def owner(self, content_locator: str) -> Function | None:
        return self._owner.get(content_locator)

    def compare(self, intent: Intent, question: str, levels: list[str], out: Direct) -> None:
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
            self._compare_functions(self.std.level(levels[0]), functions, bool(ASKS_WEIGHT.search(question)), out)
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
            cells.append("<br>".join(content_line(c) for c in fn.contents))
            out.locators += [(c.locator, None) for c in fn.contents]
        label = next((f for f in intent.functions if f in question), intent.functions[0])
        for n, name in enumerate(levels):  # the column of a level without the function shows where it treats it
            if name in missing and (related := self._related(self.std.level(name), label)):
                cells[n] = "（未单列；相关内容）<br>" + "<br>".join(content_line(c) for _, c in related)
        present = [n for n in levels if n not in missing]
        gaps = "".join(f"；{name}没有单列“{label}”" + self.nearest(self.std.level(name), label, out)
                       + ("；标准第3章说明各级要求依次递进，高级别涵盖低级别的要求〔3〕" if self.above(name, present) else "")
                       for name in missing)
        if any(self.above(name, present) for name in missing):
            out.locators.append(("3", None))
        out.lines.append(f"“{label}”方面，{'和'.join(present)}的技能要求对照如下{gaps}。")
        out.premise = [p for p in out.premise if "没有单列" not in p]  # said in the line above
        out.table += [f"| {' | '.join(levels)} |", "|" + "---|" * len(levels), f"| {' | '.join(cells)} |"]
        if ASKS_WEIGHT.search(question) and present:  # "…分别要会干啥，顺便说下这块权重"
            self._level_weights(present, label, out)

    def shares(self, level: str, function: str) -> str:
        """"理论知识 25%、技能要求 30%": the function's row in 4.1 and 4.2 for the level."""
        return "、".join(f"{TABLE_NAMES[tb]} {pct(self.std.weight(tb, level, function))}" for tb in TABLE_NAMES)

    def _level_weights(self, levels: list[str], function: str, out: Direct) -> None:
        shares = "；".join(f"{name} {self.shares(name, function)}" for name in levels)
        dash = "（“—”表示该表未列）" if "—" in shares else ""
        out.lines.append(f"“{function}”的比重：{shares}{dash}〔4.1〕〔4.2〕。")
        out.locators += [(loc, name) for name in levels for loc in TABLE_LOC.values()]

    def _compare_functions(self, level: Level, keys: list[str], weights: bool, out: Direct) -> None:
        """Two functions of one level: their work contents, and their weights when the question asks which counts more."""
        table = self.std.weights if weights else {}
        named = [f.name for key in keys for f in level.functions if function_key(f.name) == key]
        out.lines.append(f"{level.name}的{'和'.join(f'“{n}”' for n in named)}对照如下"
                         + ("（含理论知识与技能要求比重）。" if table else "。"))
        head = " | 理论知识比重 | 技能要求比重" if table else ""
        out.table += [f"| {level.name} 职业功能 | 工作内容{head} |", "|---|---|" + "---|" * (2 if table else 0)]
        for key in keys:
            fn = next((f for f in level.functions if function_key(f.name) == key), None)
            if fn:
                shares = "".join(f" | {pct(table[tb][level.name].get(fn.name))}〔{tb_loc}〕"
                                 for tb, tb_loc in (("theory", "4.1"), ("skill", "4.2"))) if table else ""
                out.table.append(f"| {fn.no} {fn.name}〔{fn.locator}〕 | {'；'.join(c.no + ' ' + c.name for c in fn.contents)}{shares} |")
                out.locators += [(c.locator, None) for c in fn.contents]
        if table:
            out.locators += [("4.1", level.name), ("4.2", level.name)]

    def _compare_contents(self, levels: list[str], question: str, out: Direct) -> bool:
        """Two levels on one topic that is a work content, not a function ("消费者个人信用风险这块")."""
        asked = bigrams(re.sub(r"[^\u4e00-\u9fff]", "", remove_level_mentions(question))) - COMMON_PAIRS
        if self._compare_named(levels, asked, "知识" in question, out):
            return True
        if not any(len(asked & bigrams(i.text)) >= 2 for n in levels for f in self.std.level(n).functions
                   for c in f.contents for i in c.skills):
            return self._compare_by_content(levels, asked, out)
        cells, found, hit = [], False, {}
        for name in levels:
            level = self.std.level(name)
            # The skill items that share most of the question's topic word pairs ("黑名单"), at each level.
            items = [(len(asked & bigrams(i.text)), i, c) for f in level.functions for c in f.contents for i in c.skills]
            top = max((n for n, _, _ in items), default=0)
            best = [(i, c) for n, i, c in items if n == top and n >= 2]
            # siblings in the same work content that share the topic too (个人信用分: 2.3.4 and 2.3.1–2.3.2)
            best = (best + [(i, c) for n, i, c in items if 1 <= n < top and any(c is b for _, b in best)])[:6]
            found |= bool(best)
            hit[name] = [c for _, c in best]
            cell = "<br>".join(f"{i.code} {i.text.rstrip('。')}〔{i.locator}〕" for i, _ in best) or "（未单列）"
            if "知识" in question:  # "…背后要掌握的相关知识一样吗": the knowledge of the contents those items sit in
                contents = list({c.locator: c for _, c in best}.values())
                known = [k.text.rstrip("。") for c in contents for k in c.knowledge]
                cell += f"<br>相关知识：{'；'.join(known)}" if known else ""
            cells.append(cell)
            out.locators += [(c.locator, None) for _, c in best]
        return _topic_table(levels, self._gaps_filled(levels, cells, hit, out), found, out)

    def _compare_named(self, levels: list[str], asked: set[str], knowledge: bool, out: Direct) -> bool:
        """A work content the question names ("评估客户信用风险这块"), set beside the other level's namesake
        (一级 2.2 评估企业客户信用风险), with their 相关知识 when knowledge is asked about."""
        named = {}
        for name in levels:
            scored = [(len(asked & pairs) / len(pairs), c) for f in self.std.level(name).functions
                      for c in f.contents if (pairs := bigrams(c.name) - COMMON_PAIRS)]
            named[name] = max(scored, key=lambda x: x[0], default=(0.0, None))
        if max(share for share, _ in named.values()) < NAMED_SHARE or min(s for s, _ in named.values()) < NAMESAKE_SHARE:
            return False
        cells = []
        for name in levels:
            c = named[name][1]
            out.locators.append((c.locator, None))
            cells.append(content_line(c) + (f"<br>相关知识：{'；'.join(k.text.rstrip('。') for k in c.knowledge)}"
                                            if knowledge and c.knowledge else ""))
        return _topic_table(levels, cells, True, out, "技能要求与相关知识" if knowledge else "技能要求")

    def _compare_by_content(self, levels: list[str], asked: set[str], out: Direct) -> bool:
        """The work content whose name (twice) and skills share most of the topic's word pairs ("培训工作")."""
        cells, found, hit = [], False, {}
        for name in levels:
            level = self.std.level(name)
            scored = [(2 * len(asked & bigrams(c.name)) + len(asked & {g for i in c.skills for g in bigrams(i.text)}), c)
                      for f in level.functions for c in f.contents]
            top = max(scored, key=lambda x: x[0], default=(0, None))
            best = [top[1]] if top[0] >= 3 else []
            found |= bool(best)
            hit[name] = best
            cells.append("<br>".join(content_line(c) for c in best) or "（未单列）")
            out.locators += [(c.locator, None) for c in best]
        return _topic_table(levels, self._gaps_filled(levels, cells, hit, out), found, out)

    def _gaps_filled(self, levels: list[str], cells: list[str], hit: dict[str, list[Content]],
                     out: Direct) -> list[str]:
        """A level where the topic has no item of its own shows the work contents of the function that holds the
        topic at the other level ("催账": 三级 has no 催账 item; its 商账追收 contents sit beside 二级's 4.1)."""
        keys = {function_key(self._owner[c.locator].name) for cs in hit.values() for c in cs if c.locator in self._owner}
        filled = []
        for name, cell in zip(levels, cells):
            fn = next((f for f in self.std.level(name).functions if function_key(f.name) in keys), None)
            if not hit.get(name) and fn is None and self.above(name, [n for n in levels if hit.get(n)]):
                out.locators.append(("3", None))  # 一级 lacks 应对政府信用监管: it still covers 二级's
                filled.append("（未单列；标准第3章：高级别涵盖低级别的要求〔3〕）")
                continue
            if hit.get(name) or fn is None:
                filled.append(cell)
                continue
            out.locators += [(c.locator, None) for c in fn.contents]
            filled.append(f"（未单列此项；同属“{fn.name}”的工作内容）<br>" + "<br>".join(content_line(c) for c in fn.contents))
        return filled

    @staticmethod
    def _related(level: Level, label: str) -> list[tuple[Function, Content]]:
        return [(f, c) for f in level.functions for c in f.contents if bigrams(label) & bigrams(c.name)]

    def above(self, name: str, others: list[str]) -> bool:
        """The level is higher than every one of the others (and there are others)."""
        order = [lv.name for lv in self.std.levels]
        return bool(others) and all(order.index(name) > order.index(n) for n in others)

    @staticmethod
    def related_items(level: Level, label: str) -> list[Item]:
        """The level's skills that share the label's rarer word pairs ("转移信用风险": 2.2.4 能制定综合使用风险转移
        服务的方案); pairs in many of the level's skills (风险, 信用) say nothing about which."""
        items = [i for f in level.functions for c in f.contents for i in c.skills]
        counts = Counter(g for i in items for g in bigrams(i.text))
        rare = {g for g in bigrams(label) - COMMON_PAIRS if 0 < counts[g] <= max(2, len(items) // 10)}
        scored = [(len(rare & bigrams(i.text)), i) for i in items]
        top = max((n for n, _ in scored), default=0)
        return [i for n, i in scored if n == top and top > 0][:2]

    def nearest(self, level: Level, label: str, out: Direct) -> str:
        """Where a level that lacks a function treats related matters (一级 has no 商账追收; 追收国际欠款)."""
        found = self._related(level, label)
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
