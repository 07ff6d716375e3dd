"""Canonical locators (DESIGN.md §4): parse, normalise and the retrieval match rule."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CH3_RE = re.compile(r"^(3\.[1-4])/(\d+(?:\.\d+)*)(k?)$")
_NUMERIC_RE = re.compile(r"^\d+(?:\.\d+)*$")
_PREFACE_RE = re.compile(r"^P(?:\.(\d+))?$")
# An item code as people type it: "3.3.1", "第2.2.3条", "3。3。1"; not a figure such as "3.5%" or "0.92倍".
# A two-part number said as a value ("Z值算出来2.5左右", "比率为1.2") is a figure too.
ITEM_CODE_RE = re.compile(r"(?<![\d.])(?<![值约≈=])(?<!大约|等于|达到)(?<!算出来)([1-6])[.。．、]([1-9])(?:[.。．、](\d{1,2}))?"
                          r"(?![\d%])(?!\s*(?:倍|元|万|天|分|个|年|左右|以上|以下))")


def shown_by(cited: str, passage: str) -> bool:
    """Whether a passage stored under `passage` shows the locator a text cites: the same locator, or an item
    of that work content (3.3/3.3.1 and 3.3/3.3.1k are shown by 3.3/3.3)."""
    return cited == passage or cited.rstrip("k").rsplit(".", 1)[0] == passage


_SPOKEN_DIGIT = {c: str(n) for n, c in enumerate("零一二三四五六七八九")}
_SPOKEN_TAIL = {"十": "10", "十一": "11", "十二": "12", "十三": "13", "十四": "14", "十五": "15"}
# An item code said aloud (voice input): "技师的五点一点五这条", "三点三点十二". Three parts always; two parts
# ("一级的三点二讲什么") only where an item is being asked about, since "三点二" is also the figure 3.2.
_SPOKEN_CODE_RE = re.compile(r"(?<![零一二两三四五六七八九十百千万点])([一二三四五六])点([一二三四五六七八九])"
                             r"(?:点(十[一二三四五]?|[一二三四五六七八九])(?![零一二三四五六七八九十百千万点])"
                             r"|(?![零一二三四五六七八九十百千万点])(?=这?一?条|节|项|讲|是讲|是什么|是啥|要求|的(?:技能|相关知识|内容)))")


def spoken_codes(text: str) -> str:
    """'五点一点五' -> '5.1.5' where a question says an item code aloud; other text unchanged."""
    def code(m: re.Match) -> str:
        tail = m.group(3) and (_SPOKEN_TAIL.get(m.group(3)) or _SPOKEN_DIGIT[m.group(3)])
        return ".".join(x for x in (_SPOKEN_DIGIT[m.group(1)], _SPOKEN_DIGIT[m.group(2)], tail) if x)
    return _SPOKEN_CODE_RE.sub(code, text)


def item_codes(text: str) -> list[str]:
    """Item codes in normalised text (full-width digits already half-width), in order, without repeats."""
    return list(dict.fromkeys(".".join(g for g in m.groups() if g) for m in ITEM_CODE_RE.finditer(text)))


@dataclass(frozen=True)
class Locator:
    space: str  # "" for chapters 1/2/4, "P" preface, "3.3" a level of chapter 3, "R"/"U" notes/user docs
    parts: tuple[str, ...]  # numeric parts inside the space; for R/U the single name
    knowledge: bool = False  # a chapter-3 knowledge cell ("…k")

    def __str__(self) -> str:
        if self.space in ("R", "U"):
            return f"{self.space}:{self.parts[0]}"
        if self.space == "P":
            return "P" + "".join(f".{p}" for p in self.parts)
        code = ".".join(self.parts) + ("k" if self.knowledge else "")
        return f"{self.space}/{code}" if self.space else code


def parse(text: str) -> Locator:
    """Parse a locator string; raise ValueError for anything malformed."""
    s = text.strip()
    if s.startswith(("R:", "U:")) and len(s) > 2:
        return Locator(s[0], (s[2:],))
    if m := _PREFACE_RE.match(s):
        return Locator("P", (m.group(1),) if m.group(1) else ())
    if m := _CH3_RE.match(s):
        return Locator(m.group(1), tuple(m.group(2).split(".")), bool(m.group(3)))
    if _NUMERIC_RE.match(s) and s[0] in "1234":
        return Locator("", tuple(s.split(".")))
    raise ValueError(f"无法识别的定位符：{text!r}")


def normalise(loc: Locator | str) -> Locator:
    """Chapter-3 items fold into their work content: 3.3/3.2.8 and 3.3/3.2.8k -> 3.3/3.2."""
    loc = parse(loc) if isinstance(loc, str) else loc
    if loc.space.startswith("3.") and (len(loc.parts) > 2 or loc.knowledge):
        return Locator(loc.space, loc.parts[:2])
    return loc


def _is_prefix(short: Locator, long: Locator) -> bool:
    return short.space == long.space and long.parts[: len(short.parts)] == short.parts


def matches(candidate: str, expected: str) -> bool:
    """Match rule: equal, a descendant, or an ancestor that keeps at least two numeric parts."""
    try:
        c, e = normalise(candidate), normalise(expected)
    except ValueError:
        return False
    if c.space in ("R", "U") or e.space in ("R", "U"):
        return c == e
    if _is_prefix(e, c):
        return True
    return _is_prefix(c, e) and len(c.parts) >= 2


def hit_matches(locator: str, covers: list[str] | tuple[str, ...], expected: list[str]) -> bool:
    """A search hit matches when its locator or any of its covers matches any expected locator."""
    return any(matches(cand, exp) for cand in (locator, *covers) for exp in expected)


def split_expected(source: str) -> list[str]:
    return [s.strip() for s in source.split(";") if s.strip()]
