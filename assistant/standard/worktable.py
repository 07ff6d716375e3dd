"""Parse one level's 工作要求 table (chapter 3) into functions, contents and items.

The PDF extraction serialises the table cell by cell; vertical labels arrive one character
per line, cells wrap over several lines, and page breaks can split a content or a label.
Skill cells always start with 能; everything else after a content header is knowledge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line
from .model import Anomaly, Content, Function, Item, Level
from .text import is_footnote_start, is_mark_only, join, width

_HEADER_END = "工作内容 技能要求 相关知识要求"
_FUNCTION_RE = re.compile(r"^(\d)[．.](?!\d)\s*(.*)$")
_CONTENT_RE = re.compile(r"^(\d\.\d)(?![.\d])\s*(.*)$")
_ITEM_RE = re.compile(r"^(\d\.\d\.\d+)(\.?)\s*(.*)$")
_EMBEDDED_CODE_RE = re.compile(r"\s+(?=\d\.\d\.\d)")
# At a page start, a short run before an item code is the tail of a vertical function label.
_LABEL_TAIL_RE = re.compile(r"^([\u4e00-\u9fff]{1,2})\s+(\d\.\d\.\d.*)$")


@dataclass
class _Cell:
    code: str
    lines: list[str]
    first_width: float  # printed width of the first line including the code
    last_full: bool = False  # did the last physical line fill the column (so the cell wraps on)?
    page_after_knowledge: bool = False
    trailing_dot: bool = False


@dataclass
class _RawContent:
    no: str
    name_parts: list[str]
    cells: list[_Cell] = field(default_factory=list)


def _tokens(lines: list[Line], notes: list[str]) -> list[tuple[str, Line]]:
    """Drop the table header and footnotes (kept in notes); split lines holding two item codes."""
    start = next(i for i, ln in enumerate(lines) if ln.text == _HEADER_END) + 1
    out = []
    for ln in lines[start:]:
        if is_footnote_start(ln.text):
            notes.append(join([ln.text[1:]]))
            continue
        if is_mark_only(ln.text):
            continue
        m = _LABEL_TAIL_RE.match(ln.text) if ln.page_start else None
        if m:
            out.append(("label_tail", Line(m.group(1), True, ln.no)))
            ln = Line(m.group(2), True, ln.no)
        for part in _EMBEDDED_CODE_RE.split(ln.text):
            out.append(("line", Line(part, ln.page_start, ln.no)))
    return out


def _scan(lines: list[Line], notes: list[str]) -> list[tuple[str, list[str], list[_RawContent], list[str]]]:
    """Group tokens into functions -> raw contents -> cells. Returns (no, label, contents, label_tails)."""
    functions: list[tuple[str, list[str], list[_RawContent], list[str]]] = []
    for kind, ln in _tokens(lines, notes):
        t = ln.text
        if kind == "label_tail":
            functions[-1][3].append(t)
            continue
        if (m := _FUNCTION_RE.match(t)) and not _ITEM_RE.match(t):
            functions.append((m.group(1), [m.group(2)] if m.group(2) else [], [], []))
        elif m := _CONTENT_RE.match(t):
            functions[-1][2].append(_RawContent(m.group(1), [m.group(2)]))
        elif m := _ITEM_RE.match(t):
            cell = _Cell(m.group(1), [m.group(3)], width(t), trailing_dot=bool(m.group(2)))
            functions[-1][2][-1].cells.append(cell)
        elif not functions[-1][2]:
            functions[-1][1].append(t)  # vertical label before the first content
        elif not functions[-1][2][-1].cells:
            functions[-1][2][-1].name_parts.append(t)
        else:
            functions[-1][2][-1].cells.append(_Cell("", [t], width(t)))
    return functions


def _merge_continuations(raw: _RawContent, column: float) -> list[_Cell]:
    """Join wrapped lines onto their cell. Uncoded text after the last skill is a knowledge
    cell only when the content has no coded knowledge and the skill line did not fill the column."""
    has_coded_knowledge = any(c.code and not c.lines[0].startswith("能") for c in raw.cells)
    merged: list[_Cell] = []
    for cell in raw.cells:
        if cell.code or not merged:
            merged.append(cell)
            cell.last_full = cell.first_width >= column
            continue
        prev = merged[-1]
        starts_new = not has_coded_knowledge and _is_skill(prev) and not prev.last_full
        if starts_new:
            merged.append(cell)
            cell.last_full = False
        else:
            prev.lines.extend(cell.lines)
            prev.last_full = cell.first_width >= column
    return merged


def _is_skill(cell: _Cell) -> bool:
    return bool(cell.code) and cell.lines[0].startswith("能")


def _column_width(functions) -> float:
    """The skill column's width at this level: its widest first line, minus one cell of slack."""
    widths = [c.first_width for f in functions for rc in f[2] for c in rc.cells if _is_skill(c)]
    return max(widths) - 1.0


def parse_level(section: str, name: str, lines: list[Line], anomalies: list[Anomaly]) -> Level:
    level = Level(section=section, name=name)
    raw_functions = _scan(lines, level.notes)
    column = _column_width(raw_functions)
    for no, label, raw_contents, tails in raw_functions:
        fn = Function(no=no, name=join(label + tails), locator=f"{section}/{no}")
        if tails:
            anomalies.append(Anomaly(fn.locator, "label",
                                     f"职业功能名称“{fn.name}”的末字“{''.join(tails)}”印在下一页开头"))
        for rc in raw_contents:
            fn.contents.append(_build_content(section, rc, _merge_continuations(rc, column), anomalies))
        level.functions.append(fn)
    return level


def _build_content(section: str, rc: _RawContent, cells: list[_Cell], anomalies: list[Anomaly]) -> Content:
    content = Content(no=rc.no, name=join(rc.name_parts), locator=f"{section}/{rc.no}")
    seen_knowledge = False
    for cell in cells:
        text = join(cell.lines)
        if _is_skill(cell):
            item = Item(cell.code, text, f"{section}/{cell.code}", "skill")
            if seen_knowledge:
                anomalies.append(Anomaly(item.locator, "page_continuation",
                                         f"技能要求 {cell.code} 在换页后印在本工作内容的相关知识要求之后"))
            _check_code(content, item, content.skills, anomalies)
            content.skills.append(item)
        else:
            seen_knowledge = True
            loc = f"{section}/{cell.code}k" if cell.code else f"{content.locator}k"
            item = Item(cell.code, text, loc, "knowledge")
            if not cell.code:
                anomalies.append(Anomaly(loc, "uncoded_knowledge", f"相关知识要求“{text}”未印编号"))
            else:
                _check_code(content, item, content.knowledge, anomalies)
            content.knowledge.append(item)
        if cell.trailing_dot:
            anomalies.append(Anomaly(item.locator, "code_format", f"编号印作“{cell.code}.”（多一个句点）"))
    return content


def _check_code(content: Content, item: Item, siblings: list[Item], anomalies: list[Anomaly]) -> None:
    if any(s.code == item.code for s in siblings):
        anomalies.append(Anomaly(item.locator, "duplicate_code", f"编号 {item.code} 在 {content.no} 中重复出现"))
    elif not item.code.startswith(content.no + "."):
        anomalies.append(Anomaly(item.locator, "odd_code",
                                 f"编号 {item.code} 印在工作内容 {content.no} 之下（前缀不符）"))
