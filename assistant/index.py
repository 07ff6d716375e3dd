"""Persistent hybrid index: a JSONL docstore, Chroma vectors (our own e5 embeddings), BM25 side index.

Unchanged chunks keep their content-hash id and are never re-embedded.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import IndexCorruptError, IndexMissingError
from .providers.embeddings import Embedder
from .tokenize import Tokenizer
from .types import Chunk

log = logging.getLogger(__name__)
FORMAT_VERSION = 2  # 2: deterministic, wide-beam HNSW settings (older indexes are rebuilt)
COLLECTION = "corpus"
EMBED_BATCH = 64  # texts per embedding call and per Chroma upsert
_MISSING = "索引尚未建立。请先运行：assistant ingest"
_CORRUPT = "索引文件已损坏或不完整（{0}）。请运行：assistant ingest --rebuild"


@dataclass(frozen=True)
class IngestReport:
    total: int  # chunks in the index after ingest
    embedded: int  # chunks embedded in this run (new or changed)
    removed: int  # stale chunks deleted
    seconds: float


def _forget_chroma_clients() -> None:
    """Chroma caches one client per path in-process; after deleting files it must be dropped."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _remove_tree(path: Path) -> None:
    _forget_chroma_clients()
    shutil.rmtree(path, ignore_errors=True)


class VectorStore:
    """Chroma collection holding our vectors; Chroma's own embedding function is never used."""

    def __init__(self, path: Path) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        path.mkdir(parents=True, exist_ok=True)
        self._client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
        # A few thousand vectors: a wide beam makes the HNSW search effectively exact, and one build thread
        # makes the graph (hence rankings and every measured figure) the same on every run.
        self._col = self._client.get_or_create_collection(
            COLLECTION, embedding_function=None,
            configuration={"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": 200, "num_threads": 1}})

    def chunk_ids(self) -> set[str]:
        """Ids of the chunks that have vectors (a chunk has one vector per dense text)."""
        return {m["chunk"] for m in self._col.get(include=["metadatas"])["metadatas"]}

    def add(self, chunks: list[Chunk], vectors: np.ndarray) -> None:
        """Vectors arrive in the order of each chunk's dense_texts(), chunk after chunk."""
        ids, docs, metas = [], [], []
        for c in chunks:
            meta = {"chunk": c.id, "locator": c.locator, "kind": c.kind, "levels": "|".join(c.levels),
                    "function": c.function}
            texts = c.dense_texts()
            ids += [f"{c.id}:{i}" for i in range(len(texts))]
            docs += texts
            metas += [meta] * len(texts)
        self._col.upsert(ids=ids, embeddings=vectors.tolist(), documents=docs, metadatas=metas)

    def delete(self, chunk_ids: list[str]) -> None:
        if chunk_ids:
            self._col.delete(where={"chunk": {"$in": chunk_ids}})

    def query(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        """(chunk id, best cosine over its vectors), best first."""
        n = min(n, self._col.count())
        res = self._col.query(query_embeddings=[vector.tolist()], n_results=n, include=["distances", "metadatas"])
        best: dict[str, float] = {}
        for meta, dist in zip(res["metadatas"][0], res["distances"][0]):
            best.setdefault(meta["chunk"], 1.0 - dist)  # results arrive best first
        return list(best.items())


class CorpusIndex:
    """Owns the on-disk index under `directory` and the in-memory BM25 built from the docstore."""

    def __init__(self, directory: Path, embedder: Embedder | None, tokenizer: Tokenizer) -> None:
        self.dir = directory
        self.embedder = embedder
        self.tokenizer = tokenizer
        self.chunks: list[Chunk] = []
        self._vectors: VectorStore | None = None
        self._bm25 = None
        # The web app's warm-up thread and its first request may both ask for the index: one loads it,
        # the other waits, and nobody sees a half-built index.
        self._lock = threading.RLock()
        self._ready = False

    def ensure_loaded(self) -> None:
        with self._lock:
            if not self._ready:
                self.load()

    # -- paths -------------------------------------------------------------------------------
    @property
    def _docstore(self) -> Path:
        return self.dir / "chunks.jsonl"

    @property
    def _manifest(self) -> Path:
        return self.dir / "manifest.json"

    def _embedder_name(self) -> str | None:
        return self.embedder.name if self.embedder else None

    # -- ingest ------------------------------------------------------------------------------
    def ingest(self, chunks: list[Chunk], rebuild: bool = False, progress: bool = True) -> IngestReport:
        with self._lock:
            self._ready = False
            report = self._ingest(chunks, rebuild, progress)
            self._ready = True
            return report

    def _ingest(self, chunks: list[Chunk], rebuild: bool, progress: bool) -> IngestReport:
        start = time.perf_counter()
        chunks = list({c.id: c for c in chunks}.values())  # identical chunks stored once
        if rebuild or not self._compatible_manifest():
            _remove_tree(self.dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        embedded = removed = 0
        if self.embedder:
            embedded, removed = self._sync_vectors(chunks, progress)
        self._write_docstore(chunks)
        self._load_docstore()
        return IngestReport(len(chunks), embedded, removed, time.perf_counter() - start)

    def _sync_vectors(self, chunks: list[Chunk], progress: bool) -> tuple[int, int]:
        try:
            store = VectorStore(self.dir / "chroma")
            existing = store.chunk_ids()
        except Exception as exc:  # a corrupt sqlite file or half-written segment: start over
            log.warning("vector store unreadable, rebuilding: %s", exc)
            _remove_tree(self.dir / "chroma")
            store, existing = VectorStore(self.dir / "chroma"), set()
        wanted = {c.id for c in chunks}
        stale = sorted(existing - wanted)
        store.delete(stale)
        todo = [c for c in chunks if c.id not in existing]
        self._embed_in_batches(store, todo, progress)
        self._vectors = store
        return len(todo), len(stale)

    def _embed_in_batches(self, store: VectorStore, todo: list[Chunk], progress: bool) -> None:
        from tqdm import tqdm

        with tqdm(total=len(todo), desc="向量化", unit="段", disable=not progress or not todo) as bar:
            batch: list[Chunk] = []
            texts: list[str] = []
            for n, chunk in enumerate(todo, 1):
                batch.append(chunk)
                texts += chunk.dense_texts()
                if len(texts) >= EMBED_BATCH or n == len(todo):
                    store.add(batch, self.embedder.embed_passages(texts))
                    bar.update(len(batch))
                    batch, texts = [], []

    def _write_docstore(self, chunks: list[Chunk]) -> None:
        tmp = self._docstore.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for c in chunks:
                fh.write(json.dumps(c.to_json(), ensure_ascii=False) + "\n")
        tmp.replace(self._docstore)
        manifest = {"version": FORMAT_VERSION, "embedder": self._embedder_name(), "count": len(chunks)}
        self._manifest.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")

    def _compatible_manifest(self) -> bool:
        try:
            m = json.loads(self._manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return m.get("version") == FORMAT_VERSION and m.get("embedder") == self._embedder_name()

    # -- load --------------------------------------------------------------------------------
    def load(self) -> None:
        """Open an existing index; raise a Chinese error if it is missing, stale or corrupt."""
        with self._lock:
            self._ready = False
            self._load()
            self._ready = True

    def _load(self) -> None:
        if not self._manifest.exists() or not self._docstore.exists():
            raise IndexMissingError(_MISSING)
        if not self._compatible_manifest():
            raise IndexCorruptError(_CORRUPT.format("版本或向量模型与当前设置不一致"))
        self._load_docstore()
        if self.embedder:
            try:
                self._vectors = VectorStore(self.dir / "chroma")
                with_vectors = self._vectors.chunk_ids()
            except Exception as exc:
                raise IndexCorruptError(_CORRUPT.format(type(exc).__name__)) from exc
            # Extra vectors (an interrupted ingest) are ignored and cleaned by the next ingest.
            if missing := set(self._pos) - with_vectors:
                raise IndexCorruptError(_CORRUPT.format(f"{len(missing)} 段缺少向量"))

    def _load_docstore(self) -> None:
        import bm25s

        try:
            lines = self._docstore.read_text(encoding="utf-8").splitlines()
            chunks = [Chunk.from_json(json.loads(line)) for line in lines if line.strip()]
        except (OSError, ValueError, TypeError) as exc:
            raise IndexCorruptError(_CORRUPT.format("chunks.jsonl 无法解析")) from exc
        if not chunks:
            raise IndexCorruptError(_CORRUPT.format("索引为空"))
        bm25 = bm25s.BM25()
        bm25.index([self.tokenizer.tokens(f"{c.title} {c.text}") for c in chunks], show_progress=False)
        self._bm25, self._vocab = bm25, set(bm25.vocab_dict)
        self._pos = {c.id: i for i, c in enumerate(chunks)}
        self.chunks = chunks

    # -- search ------------------------------------------------------------------------------
    @property
    def has_vectors(self) -> bool:
        return self._vectors is not None

    def dense(self, query: str, n: int) -> list[tuple[int, float]]:
        """(chunk position, cosine) best first."""
        if not self._vectors:
            return []
        hits = self._vectors.query(self.embedder.embed_queries([query])[0], n * 4)[:n]
        return [(self._pos[i], s) for i, s in hits if i in self._pos]

    def sparse(self, query: str, n: int) -> list[tuple[int, float]]:
        tokens = [t for t in self.tokenizer.tokens(query) if t in self._vocab]
        if not tokens:
            return []
        docs, scores = self._bm25.retrieve([tokens], k=min(n, len(self.chunks)), show_progress=False)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]
