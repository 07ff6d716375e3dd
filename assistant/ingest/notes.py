"""Reference notes (corpus/reference/*.md): YAML front matter + Markdown, chunked by `##` heading."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..types import Chunk
from .standard_chunks import make_chunk

REQUIRED_KEYS = ("slug", "title", "covers", "levels", "keywords", "related")
_FRONT_RE = re.compile(r"^---\n(.*?)\n---\n(.*)$", re.S)


@dataclass(frozen=True)
class Note:
    slug: str
    title: str
    covers: tuple[str, ...]
    levels: tuple[str, ...]
    keywords: tuple[str, ...]
    related: tuple[str, ...]
    body: str
    path: Path


def parse_note(path: Path) -> Note:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    m = _FRONT_RE.match(text)
    if not m:
        raise ValueError(f"{path.name}: 缺少 YAML 头（--- … ---）")
    meta = yaml.safe_load(m.group(1)) or {}
    missing = [k for k in REQUIRED_KEYS if k not in meta]
    if missing:
        raise ValueError(f"{path.name}: YAML 头缺少字段 {missing}")
    as_tuple = lambda key: tuple(str(v) for v in (meta.get(key) or ()))  # noqa: E731
    return Note(str(meta["slug"]), str(meta["title"]), as_tuple("covers"), as_tuple("levels"),
                as_tuple("keywords"), as_tuple("related"), m.group(2).strip(), path)


def load_notes(directory: Path) -> list[Note]:
    return [parse_note(p) for p in sorted(directory.glob("*.md"))] if directory.is_dir() else []


def _sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) per `##` section; text before the first `##` goes with the note title."""
    parts = re.split(r"^##\s+(.+)$", body, flags=re.M)
    lead = re.sub(r"^#\s+.+$", "", parts[0], flags=re.M).strip()
    sections = [("", lead)] if lead else []
    sections += [(parts[i].strip(), parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]
    return sections


def note_chunks(note: Note) -> list[Chunk]:
    out = []
    for heading, text in _sections(note.body):
        title = f"参考笔记 › {note.title}" + (f" › {heading}" if heading else "")
        body = f"{note.title}｜{heading}\n{text}" if heading else f"{note.title}\n{text}"
        out.append(make_chunk(f"R:{note.slug}", title, body, covers=note.covers,
                              levels=note.levels, kind="note"))
    return out
