"""How learners type → the material's formal terms (prompts/colloquial.yaml, reviewable data).

"扣着货不发抵账" shares no keyword with the passage on 留置权 and 扣货抵债 that answers it. The formal terms
of every colloquial phrase the question contains are added to the keyword (BM25) query only: the meaning
(dense) query keeps the learner's own words.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

COLLOQUIAL_PATH = Path(__file__).resolve().parents[1] / "prompts" / "colloquial.yaml"


@lru_cache(maxsize=4)
def _entries(path: Path) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    if not path.is_file():
        return ()
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return tuple((tuple(map(str, r["says"])), tuple(map(str, r["terms"]))) for r in rows)


def formal_terms(query: str, path: Path = COLLOQUIAL_PATH) -> list[str]:
    """The formal terms for the colloquial phrases in `query`, each once, those it already says left out."""
    out: list[str] = []
    for says, terms in _entries(path):
        if any(s in query for s in says):
            out += [t for t in terms if t not in query and t not in out]
    return out
