"""Text helpers for the PDF-extracted standard: widths, markers, layout spaces."""

from __future__ import annotations

import re

FOOTNOTE_MARKS = "①②③④⑤"
_MARK_RE = re.compile(f"[{FOOTNOTE_MARKS}]")
# A space is layout unless it separates two Latin/digit runs ("Days Sales").
_LAYOUT_SPACE_RE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")


def width(line: str) -> float:
    """Printed width in CJK cells: ASCII counts half."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in line)


def strip_marks(text: str) -> str:
    return _MARK_RE.sub("", text)


def clean(text: str) -> str:
    """Remove footnote markers and layout spaces; keep spaces between Latin words."""
    text = strip_marks(text).strip()
    return _LAYOUT_SPACE_RE.sub("", text)


def join(parts: list[str]) -> str:
    return clean("".join(p.strip() for p in parts))


def is_mark_only(line: str) -> bool:
    s = line.strip()
    return bool(s) and all(ch in FOOTNOTE_MARKS for ch in s)


def is_footnote_start(line: str) -> bool:
    """A footnote body: a marker followed by text (not a lone marker)."""
    s = line.strip()
    return len(s) > 2 and s[0] in FOOTNOTE_MARKS
