"""The user's own documents: a registry in the data dir, chunks with locators `U:<file>#<part>`."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ..types import Chunk
from .loaders import LoadError, check_file, load_parts
from .standard_chunks import chunk_id, make_chunk

CHUNK_CHARS = 400  # user text is split to about this size, at sentence ends where possible


@dataclass(frozen=True)
class DocResult:
    name: str
    status: str  # added | updated | unchanged | failed
    message: str
    chunks: int = 0


def _splitter():
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(chunk_size=CHUNK_CHARS, chunk_overlap=40, keep_separator="end",
                                          separators=["\n\n", "\n", "。", "！", "？", "；", "，", ""])


def document_chunks(name: str, path: Path, owner: str = "") -> list[Chunk]:
    """A named user's chunks carry their name, in the id too: two people adding the same file get two sets
    of chunks, each visible to its owner only (the local user's ids are as before)."""
    splitter = _splitter()
    unit = "页" if path.suffix.lower() == ".pdf" else "部分"
    out = []
    for part in load_parts(path):
        for piece in splitter.split_text(part.text):
            chunk = make_chunk(f"U:{name}#{part.no}", f"我的资料 › {name} › 第{part.no}{unit}", piece, kind="user")
            out.append(replace(chunk, owner=owner, id=chunk_id(chunk.id, owner)) if owner else chunk)
    return out


class UserDocs:
    """User documents under the data dir: one JSON file (registry + chunks), replaced atomically
    and only after the index accepted the new chunks."""

    def __init__(self, directory: Path, owner: str = "") -> None:
        self.path = directory / "docs.json"
        self.owner = owner

    def _state(self) -> tuple[dict[str, dict], list[Chunk]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, []
        return data.get("entries", {}), [Chunk.from_json(c) for c in data.get("chunks", [])]

    def entries(self) -> dict[str, dict]:
        return self._state()[0]

    def chunks(self) -> list[Chunk]:
        return self._state()[1]

    def plan_add(self, paths: list[Path]) -> tuple[dict, list[Chunk], list[DocResult]]:
        """New registry and chunks with `paths` added; nothing is written yet."""
        entries, chunks = self._state()
        by_doc = _by_doc(chunks)
        results = []
        for path in paths:
            name = path.name
            try:
                check_file(path)
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                if entries.get(name, {}).get("sha256") == digest:
                    results.append(DocResult(name, "unchanged", "内容未变，跳过", entries[name]["chunks"]))
                    continue
                doc_chunks = document_chunks(name, path, self.owner)
            except LoadError as err:
                results.append(DocResult(name, "failed", str(err)))
                continue
            status = "updated" if name in entries else "added"
            entries[name] = {"sha256": digest, "source": str(path.resolve()), "chunks": len(doc_chunks),
                             "parts": len({c.locator for c in doc_chunks}), "added": time.strftime("%Y-%m-%d %H:%M")}
            by_doc[name] = doc_chunks
            results.append(DocResult(name, status, f"已加入 {len(doc_chunks)} 段", len(doc_chunks)))
        return entries, [c for cs in by_doc.values() for c in cs], results

    def plan_remove(self, name: str) -> tuple[dict, list[Chunk]]:
        entries, chunks = self._state()
        entries.pop(name, None)
        return entries, [c for c in chunks if _doc_name(c) != name]

    def commit(self, entries: dict, chunks: list[Chunk]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        data = {"entries": entries, "chunks": [c.to_json() for c in chunks]}
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)


def _doc_name(chunk: Chunk) -> str:
    return chunk.locator[2:].rsplit("#", 1)[0]


def _by_doc(chunks: list[Chunk]) -> dict[str, list[Chunk]]:
    out: dict[str, list[Chunk]] = {}
    for c in chunks:
        out.setdefault(_doc_name(c), []).append(c)
    return out
