"""Typed tree of the standard. Plain dataclasses, built once by the parser."""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS: tuple[tuple[str, str], ...] = (
    ("3.1", "四级/中级工"),
    ("3.2", "三级/高级工"),
    ("3.3", "二级/技师"),
    ("3.4", "一级/高级技师"),
)
LEVEL_BY_SECTION = dict(LEVELS)
SECTION_BY_LEVEL = {name: sec for sec, name in LEVELS}


def function_key(name: str) -> str:
    """Chapter 3 prints 一级's 审批授信 where the weight tables print 授信审批: one function, one key."""
    return "".join(sorted(name))


@dataclass
class Item:
    """One skill (技能要求) or knowledge (相关知识要求) cell."""

    code: str  # printed code, "" for a knowledge cell printed without one
    text: str
    locator: str  # e.g. "3.3/2.2.3" or "3.3/2.2.1k"
    kind: str  # "skill" | "knowledge"


@dataclass
class Content:
    """A 工作内容 with its skill and knowledge cells."""

    no: str
    name: str
    locator: str
    skills: list[Item] = field(default_factory=list)
    knowledge: list[Item] = field(default_factory=list)


@dataclass
class Function:
    """A 职业功能."""

    no: str
    name: str
    locator: str
    contents: list[Content] = field(default_factory=list)


@dataclass
class Level:
    section: str  # "3.3"
    name: str  # "二级/技师"
    functions: list[Function] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # footnotes printed under this level's table

    def counts(self) -> tuple[int, int, int, int]:
        """(functions, contents, skills, knowledge) as the issue counts them."""
        contents = [c for f in self.functions for c in f.contents]
        return (
            len(self.functions),
            len(contents),
            sum(len(c.skills) for c in contents),
            sum(len(c.knowledge) for c in contents),
        )


@dataclass
class Section:
    """A prose unit: preface item, chapter 1/2 section, chapter 3 intro."""

    locator: str
    title: str
    text: str
    items: list[str] = field(default_factory=list)  # numbered sub-items, e.g. the 15 守则
    notes: list[str] = field(default_factory=list)  # footnotes printed on the section's pages


@dataclass
class Anomaly:
    locator: str
    kind: str  # duplicate_code | odd_code | uncoded_knowledge | page_continuation | label | dash_weight | code_format
    detail: str


@dataclass
class Standard:
    preface: list[Section]
    sections: list[Section]  # chapters 1, 2 and the chapter-3 intro, in print order
    levels: list[Level]
    weights: dict[str, dict[str, dict[str, int]]]  # table -> level -> function -> percent
    anomalies: list[Anomaly]

    def level(self, name_or_section: str) -> Level:
        for lv in self.levels:
            if name_or_section in (lv.name, lv.section) or lv.name.startswith(name_or_section):
                return lv
        raise KeyError(name_or_section)

    def weight(self, table: str, level: str, function: str) -> int | None:
        """A function's percent in 4.1 (table "theory") or 4.2 ("skill"); None where the table prints “—”."""
        row = self.weights[table][self.level(level).name]
        return next((w for name, w in row.items() if function_key(name) == function_key(function)), None)

    def skills(self) -> list[str]:
        """Every level's skill requirements (技能要求), as printed."""
        return [i.text for lv in self.levels for f in lv.functions for c in f.contents for i in c.skills]

    def all_locators(self) -> set[str]:
        locs = {s.locator for s in self.preface + self.sections} | {"4.1", "4.2"}
        locs |= {f"2.1.2.{n}" for n in range(1, 16)}
        for lv in self.levels:
            for f in lv.functions:
                locs.add(f.locator)
                for c in f.contents:
                    locs.add(c.locator)
                    locs |= {i.locator for i in c.skills + c.knowledge}
        return locs
