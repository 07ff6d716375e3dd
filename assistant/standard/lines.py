"""Split the raw text into regions and lines, remembering where pages start."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The extractor starts each PDF page with a single leading space.
_PAGE_START = re.compile(r"^ (?! )")
_LEVEL_HEADER = re.compile(r"^3\.([1-4])\s*(四级/中级工|三级/高级工|二级/技师|一级/高级技师)$")


@dataclass(frozen=True)
class Line:
    text: str  # stripped, never empty
    page_start: bool
    no: int  # 1-based line number in the source file


def read_lines(raw: str) -> list[Line]:
    out = []
    for no, rawline in enumerate(raw.splitlines(), start=1):
        text = rawline.strip()
        if text:
            out.append(Line(text, bool(_PAGE_START.match(rawline)), no))
    return out


@dataclass
class Regions:
    preface: list[Line]
    chapter1: list[Line]
    chapter2: list[Line]
    chapter3_intro: list[Line]
    levels: dict[str, list[Line]]  # "3.3" -> lines of that level's table
    weights: list[Line]


def _index(lines: list[Line], pred, start: int = 0) -> int:
    for i in range(start, len(lines)):
        if pred(lines[i].text):
            return i
    raise ValueError("标准文本结构无法识别：缺少预期的章节标题")


def split_regions(lines: list[Line]) -> Regions:
    title = _index(lines, lambda t: t == "信用管理师", 1)
    ch1 = _index(lines, lambda t: t == "1 职业概况", title)
    ch2 = _index(lines, lambda t: t == "2 基本要求", ch1)
    ch3 = _index(lines, lambda t: t.startswith("3.工作要求"), ch2)
    ch4 = _index(lines, lambda t: t == "4 权重表", ch3)
    starts = [i for i in range(ch3, ch4) if _LEVEL_HEADER.match(lines[i].text)]
    levels = {}
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else ch4
        levels[lines[i].text[:3]] = lines[i + 1 : end]
    return Regions(
        preface=lines[1:title],
        chapter1=lines[ch1 + 1 : ch2],
        chapter2=lines[ch2 + 1 : ch3],
        chapter3_intro=lines[ch3 + 1 : starts[0]],
        levels=levels,
        weights=lines[ch4 + 1 :],
    )
