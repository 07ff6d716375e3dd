"""Persistent hybrid index: a JSONL docstore, Chroma vectors (our own e5 embeddings), BM25 side index.

Unchanged chunks keep their content-hash id and are never re-embedded.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from .errors import AssistantError, IndexCorruptError, IndexMissingError
from .providers.embeddings import Embedder
from .tokenize import Tokenizer
from .types import Chunk

log = logging.getLogger(__name__)
FORMAT_VERSION = 2  # 2: deterministic, wide-beam HNSW settings (older indexes are rebuilt)
COLLECTION = "corpus"
EMBED_BATCH = 64  # texts per embedding call and per Chroma upsert
# A few thousand vectors: a wide beam makes the HNSW search effectively exact, and one build thread makes the
# graph (hence rankings and every measured figure) the same on every run, locally and on a server alike.
HNSW = {"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": 200, "num_threads": 1}}
_MISSING = "索引尚未建立。请先运行：assistant ingest"
_CORRUPT = "索引文件已损坏或不完整（{0}）。请运行：assistant ingest --rebuild"
_UNREACHABLE = "无法连接 Chroma 服务器 {0}：{1}。请确认 chroma run 已启动，或取消 ASSISTANT_CHROMA_URL。"
_BAD_URL = "ASSISTANT_CHROMA_URL 格式错误：{0}（应为 http://主机:端口，可加 /集合名）"
_FOREIGN = ("Chroma 服务器 {0} 上的集合“{1}”存有按其他设置建立的向量（{2}，当前为 {3}）。"
            "请在 ASSISTANT_CHROMA_URL 末尾换一个集合名（如 http://主机:端口/corpus2），"
            "或运行：assistant ingest --rebuild（会清空该集合）")
_COLLECTION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]")  # Chroma's naming rule


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


@dataclass(frozen=True)
class ServerAddress:
    """Where a shared index lives: http(s)://host:port[/collection]; the collection defaults to COLLECTION."""

    url: str
    host: str
    port: int
    ssl: bool
    collection: str

    @classmethod
    def parse(cls, url: str) -> ServerAddress:
        try:
            parts = urlsplit(url.strip())
            ssl = parts.scheme == "https"
            port = parts.port or (443 if ssl else 8000)
        except ValueError as exc:
            raise AssistantError(_BAD_URL.format(url)) from exc
        name = parts.path.strip("/") or COLLECTION
        if parts.scheme not in ("http", "https") or not parts.hostname or not _COLLECTION_NAME.fullmatch(name):
            raise AssistantError(_BAD_URL.format(url))
        return cls(url.strip(), parts.hostname, port, ssl, name)


@contextmanager
def _server_errors(server: ServerAddress | None, connecting: bool = False):
    """Turn a server that cannot be reached (or is lost later) into the user's Chinese message."""
    import httpx

    try:
        yield
    except AssistantError:
        raise
    except Exception as exc:
        # While connecting, any failure means the server is unusable; later only transport errors do.
        if server is None or not (connecting or isinstance(exc, httpx.TransportError)):
            raise
        raise AssistantError(_UNREACHABLE.format(server.url, exc)) from exc


class VectorStore:
    """Chroma collection holding our vectors; Chroma's own embedding function is never used.

    `where` is a local directory (PersistentClient) or a server (HttpClient); `stamp` (format and embedder)
    is kept in a new collection's metadata, so a shared collection tells which vectors it holds.
    """

    def __init__(self, where: Path | ServerAddress, stamp: dict | None = None) -> None:
        self.server = where if isinstance(where, ServerAddress) else None
        self._name = self.server.collection if self.server else COLLECTION
        self._stamp = stamp or None  # Chroma refuses empty metadata
        with _server_errors(self.server, connecting=True):
            self._client = self._connect(where)
            self._col = self._open()

    def _connect(self, where: Path | ServerAddress):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = ChromaSettings(anonymized_telemetry=False)
        if isinstance(where, ServerAddress):
            return chromadb.HttpClient(host=where.host, port=where.port, ssl=where.ssl, settings=settings)
        where.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(where), settings=settings)

    def _open(self):
        return self._client.get_or_create_collection(
            self._name, embedding_function=None, metadata=self._stamp, configuration=HNSW)

    @property
    def stamp(self) -> dict:
        """What the collection says it holds (its metadata when it was created)."""
        return dict(self._col.metadata or {})

    def reset(self) -> None:
        """Drop every vector: the collection is deleted and created again."""
        from chromadb.errors import NotFoundError

        with _server_errors(self.server):
            with suppress(NotFoundError):
                self._client.delete_collection(self._name)
            self._col = self._open()

    def _run(self, op):
        """`op(collection)`; a shared collection rebuilt meanwhile by another instance is opened again."""
        from chromadb.errors import NotFoundError

        with _server_errors(self.server):
            try:
                return op(self._col)
            except NotFoundError:
                if not self.server:
                    raise
                self._col = self._open()
                return op(self._col)

    def chunk_ids(self) -> set[str]:
        """Ids of the chunks that have vectors (a chunk has one vector per dense text)."""
        metas = self._run(lambda col: col.get(include=["metadatas"])["metadatas"])
        return {m["chunk"] for m in metas}

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
        self._run(lambda col: col.upsert(ids=ids, embeddings=vectors.tolist(), documents=docs, metadatas=metas))

    def delete(self, chunk_ids: list[str]) -> None:
        if chunk_ids:
            self._run(lambda col: col.delete(where={"chunk": {"$in": chunk_ids}}))

    def query(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        """(chunk id, best cosine over its vectors), best first."""
        res = self._run(lambda col: col.query(query_embeddings=[vector.tolist()], n_results=min(n, col.count()),
                                              include=["distances", "metadatas"]))
        best: dict[str, float] = {}
        for meta, dist in zip(res["metadatas"][0], res["distances"][0]):
            best.setdefault(meta["chunk"], 1.0 - dist)  # results arrive best first
        return list(best.items())


class CorpusIndex:
    """Owns the on-disk index under `directory` and the in-memory BM25 built from the docstore.

    Vectors live in `directory`/chroma, or on a Chroma server when `chroma_url` is set (the docstore,
    manifest and BM25 stay local either way).
    """

    def __init__(self, directory: Path, embedder: Embedder | None, tokenizer: Tokenizer,
                 chroma_url: str = "") -> None:
        self.dir = directory
        self.server = ServerAddress.parse(chroma_url) if chroma_url.strip() else None
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

    def _stamp(self) -> dict:
        return {"format": FORMAT_VERSION, "embedder": self._embedder_name()}

    def _vector_store(self) -> VectorStore:
        return VectorStore(self.server or self.dir / "chroma", self._stamp())

    def _check_stamp(self, store: VectorStore) -> None:
        """A shared collection must hold vectors made like ours (local ones are checked by the manifest)."""
        if store.server and store.stamp != self._stamp():
            theirs = store.stamp.get("embedder", "未知")
            raise IndexCorruptError(_FOREIGN.format(store.server.url, store.server.collection, theirs,
                                                    self._embedder_name()))

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
            embedded, removed = self._sync_vectors(chunks, progress, rebuild)
        self._write_docstore(chunks)
        self._load_docstore()
        return IngestReport(len(chunks), embedded, removed, time.perf_counter() - start)

    def _sync_vectors(self, chunks: list[Chunk], progress: bool, rebuild: bool) -> tuple[int, int]:
        store, existing = self._server_store(rebuild) if self.server else self._local_store()
        wanted = {c.id for c in chunks}
        stale = sorted(existing - wanted)
        store.delete(stale)
        todo = [c for c in chunks if c.id not in existing]
        self._embed_in_batches(store, todo, progress)
        self._vectors = store
        return len(todo), len(stale)

    def _local_store(self) -> tuple[VectorStore, set[str]]:
        try:
            store = self._vector_store()
            return store, store.chunk_ids()
        except Exception as exc:  # a corrupt sqlite file or half-written segment: start over
            log.warning("vector store unreadable, rebuilding: %s", exc)
            _remove_tree(self.dir / "chroma")
            return self._vector_store(), set()

    def _server_store(self, rebuild: bool) -> tuple[VectorStore, set[str]]:
        """The server's collection survives a fresh data dir (other instances share it) but not --rebuild."""
        store = self._vector_store()
        if rebuild:
            store.reset()
        self._check_stamp(store)
        return store, store.chunk_ids()

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
            self._vectors = self._open_vectors()

    def _open_vectors(self) -> VectorStore:
        try:
            store = self._vector_store()
            with_vectors = store.chunk_ids()
        except AssistantError:  # the server cannot be reached: its own message
            raise
        except Exception as exc:
            raise IndexCorruptError(_CORRUPT.format(type(exc).__name__)) from exc
        self._check_stamp(store)
        # Extra vectors (an interrupted ingest) are ignored and cleaned by the next ingest.
        if missing := set(self._pos) - with_vectors:
            raise IndexCorruptError(_CORRUPT.format(f"{len(missing)} 段缺少向量"))
        return store

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
