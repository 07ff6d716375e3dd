"""Chunk the standard by its structure: one chunk per preface item, per chapter-1/2 section,
per 职业守则 rule, per chapter-3 work content, per weight table and level."""

from __future__ import annotations

import hashlib

from ..standard.model import Content, Function, Level, Section, Standard
from ..types import Chunk

CHAPTER_TITLES = {"1": "职业概况", "2": "基本要求", "3": "工作要求", "4": "权重表"}
TABLE_TITLES = {"theory": ("4.1", "理论知识权重表"), "skill": ("4.2", "技能要求权重表")}


def chunk_id(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def make_chunk(locator: str, title: str, text: str, **extra) -> Chunk:
    views = extra.get("views", ())
    return Chunk(id=chunk_id(locator, title, text, *views), locator=locator, title=title, text=text, **extra)


def _section_chunks(sections: list[Section]) -> list[Chunk]:
    by_loc = {s.locator: s for s in sections}
    out = []
    for s in sections:
        if not s.text and any(o.locator.startswith(s.locator + ".") for o in sections):
            continue  # a parent heading with no text of its own (1.9, 2.1, 2.2)
        parent = by_loc.get(s.locator.rsplit(".", 1)[0])
        path = [CHAPTER_TITLES[s.locator[0]]] + ([f"{parent.locator} {parent.title}"] if parent else [])
        title = " › ".join(path + [f"{s.locator} {s.title}"])
        text = "\n".join([s.text or s.title] + [f"注：{n}" for n in s.notes])
        out.append(make_chunk(s.locator, title, text))
        if s.locator == "2.1.2":
            out += [make_chunk(f"2.1.2.{n}", f"{title} › 第{n}条", item) for n, item in enumerate(s.items, 1)]
    return out


def _preface_chunks(preface: list[Section]) -> list[Chunk]:
    out = []
    for s in preface:
        text = "\n".join([s.text] + [f"注：{n}" for n in s.notes])
        out.append(make_chunk(s.locator, f"说明 › {s.title}", text))
    return out


def _content_text(level: Level, fn: Function, c: Content) -> str:
    skills = "；".join(f"{i.code} {i.text}" if i.code else i.text for i in c.skills)
    knowledge = "；".join(f"{i.code} {i.text}" if i.code else i.text for i in c.knowledge)
    text = (f"{level.name}　职业功能：{fn.no}. {fn.name}　工作内容：{c.no} {c.name}\n"
            f"技能要求：{skills}。\n相关知识要求：{knowledge}。")
    notes = [n for n in level.notes if n.split("(")[0] in text]
    return "\n".join([text] + [f"注：{n}" for n in notes])


def _level_chunks(level: Level) -> list[Chunk]:
    out = []
    for fn in level.functions:
        for c in fn.contents:
            title = f"{level.name} › {fn.name} › {c.no} {c.name}"
            # One dense view per cell: a long table cell list dilutes a single e5 vector.
            views = tuple(f"{level.name} {fn.name} {c.name}：{i.text}" for i in c.skills + c.knowledge)
            out.append(make_chunk(c.locator, title, _content_text(level, fn, c),
                                  levels=(level.name,), function=fn.name, views=views))
    return out


def _weight_chunks(standard: Standard) -> list[Chunk]:
    out = []
    for key, (loc, name) in TABLE_TITLES.items():
        for level, column in standard.weights[key].items():
            rows = "，".join(f"{fn} {pct}%" for fn, pct in column.items())
            text = f"{name}（{level}）：{rows}；合计 100%。"
            views = tuple(f"{level}{name}中{fn}占{pct}%" for fn, pct in column.items())
            out.append(make_chunk(loc, f"权重表 › {loc} {name} › {level}", text, levels=(level,), views=views))
    return out


def standard_chunks(standard: Standard) -> list[Chunk]:
    chapter3 = [s for s in standard.sections if s.locator == "3"]
    chunks = _preface_chunks(standard.preface) + _section_chunks([s for s in standard.sections if s.locator != "3"])
    chunks += [make_chunk("3", "工作要求", chapter3[0].text)] if chapter3 else []
    for level in standard.levels:
        chunks += _level_chunks(level)
    return chunks + _weight_chunks(standard)
