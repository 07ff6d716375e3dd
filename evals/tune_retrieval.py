"""Grid-search the fusion parameters on the DEV set only (never on the holdout).

Usage: python evals/tune_retrieval.py [--dataset DEV.jsonl ...]  (default: the two dev sets, pooled)
Prints the grid sorted by (hit@5, MRR); pick a robust point, not a lone peak, and copy it to settings.yaml.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from assistant.app import App
from assistant.config import load_settings
from assistant.evaluation import eval_retrieval, read_jsonl
from assistant.retrieval import Retriever

GRID = {
    "fusion": ["rrf", "score"],
    "bm25_weight": [0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5],
    "rrf_k": [5, 30, 60],  # used by rrf only
    "candidates": [10, 20, 40],
    "level_boost": [0.0, 0.5],
    "max_per_locator": [2],
}


def _cache_query_vectors(app: App) -> None:
    """The grid re-asks the same questions: embed each once (the results are identical)."""
    embed = app.embedder.embed_queries
    cache: dict[str, object] = {}

    def cached(texts: list[str]):
        key = "\x1f".join(texts)
        if key not in cache:
            cache[key] = embed(texts)
        return cache[key]

    app.embedder.embed_queries = cached


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", nargs="+",
                    default=["evals/datasets/retrieval_dev.jsonl", "evals/datasets/concepts_dev.jsonl"])
    args = ap.parse_args()
    app = App(load_settings())
    app.retriever()  # load the index once
    _cache_query_vectors(app)
    rows = [row for path in args.dataset for row in read_jsonl(Path(path))]  # dev sets only, pooled
    results = []
    for values in itertools.product(*GRID.values()):
        options = app.settings.retrieval.model_copy(update=dict(zip(GRID, values)))
        retriever = Retriever(app.index, options)
        r = eval_retrieval(lambda q, n, rt=retriever: rt.search(q, k=n), rows)
        results.append((r["hit@5"], r["mrr"], r["hit@1"], dict(zip(GRID, values))))
    for hit5, mrr, hit1, params in sorted(results, key=lambda x: (-x[0], -x[1]))[:25]:
        print(f"hit@5={hit5:.3f} mrr={mrr:.3f} hit@1={hit1:.3f} {params}")


if __name__ == "__main__":
    main()
