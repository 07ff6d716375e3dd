"""Parse the preface and chapters 1–2 (prose with numbered sections and footnotes)."""

from __future__ import annotations

import re

from .lines import Line
from .model import Section
from .text import is_footnote_start, is_mark_only, join, width

_SECTION_RE = re.compile(r"^(\d\.\d+(?:\.\d+)?)\s*(\S.*)$")
_PREFACE_RE = re.compile(r"^([一二三四五六七八])、\s*(.*)$")
_ITEM_RE = re.compile(r"（(\d+)）")
_CN_NUM = "一二三四五六七八"
# Footnote lines run across the full page; body lines of this layout stay under ~37 cells.
_FOOTNOTE_WIDTH = 40.0


def _split_footnotes(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Separate footnote text from body lines; footnotes cut by a page break are rejoined."""
    body: list[Line] = []
    notes: list[list[str]] = []
    in_note = False
    for ln in lines:
        t = ln.text
        if ln.page_start:
            in_note = False  # a page break always ends the footnote block above it
        if is_mark_only(t):
            continue
        wide = width(t) >= _FOOTNOTE_WIDTH
        if is_footnote_start(t):
            notes.append([t])
            in_note = wide
        elif wide or in_note:
            if not in_note and notes and not notes[-1][-1].endswith("。"):
                notes[-1].append(t)  # tail of a footnote continued on the next page
            elif in_note:
                notes[-1].append(t)
            else:
                notes.append([t])
            in_note = wide
        else:
            body.append(ln)
    return body, [join(n) for n in notes]


def _sub_items(text: str) -> list[str]:
    parts = _ITEM_RE.split(text)
    return [f"（{parts[i]}）{parts[i + 1]}" for i in range(1, len(parts) - 1, 2)]


def parse_sections(lines: list[Line]) -> list[Section]:
    """Numbered sections of chapter 1 or 2; a parent keeps its own lead text."""
    body, notes = _split_footnotes(lines)
    sections: list[Section] = []
    buf: list[str] = []

    def flush() -> None:
        if sections:
            sections[-1].text = join(buf)
            sections[-1].items = _sub_items(sections[-1].text)

    for ln in body:
        m = _SECTION_RE.match(ln.text)
        if m:
            flush()
            buf = []
            sections.append(Section(locator=m.group(1), title=m.group(2).strip(), text=""))
        else:
            buf.append(ln.text)
    flush()
    if notes:
        with_notes = next(s for s in sections if s.locator == "1.9.1")
        with_notes.notes = notes
    return sections


def parse_preface(lines: list[Line]) -> list[Section]:
    """The 说明: an unnumbered lead paragraph (locator P) and items 一 … 八 (P.1 … P.8)."""
    body, notes = _split_footnotes(lines)
    sections = [Section(locator="P", title="说明", text="")]
    buf: list[str] = []
    for ln in body:
        m = _PREFACE_RE.match(ln.text)
        if m:
            sections[-1].text = join(buf)
            n = _CN_NUM.index(m.group(1)) + 1
            sections.append(Section(locator=f"P.{n}", title=f"说明（{m.group(1)}）", text=""))
            buf = [m.group(2)]
        else:
            buf.append(ln.text)
    sections[-1].text = join(buf)
    sections[-1].notes = notes
    for s in sections:
        s.items = [p for p in s.text.split("——") if p][1:] if "——" in s.text else []
    return sections
