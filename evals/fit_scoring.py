"""Fit the scorer's calibration on the FIT split of evals/datasets/scoring_dev.jsonl (never the check split).

Usage: python evals/fit_scoring.py [--dataset evals/datasets/scoring_dev.jsonl]
Computes evidence features with the real embedder, fits a ridge regression from features to the expert
score, places the off-topic threshold below every on-topic fit answer, writes assistant/scoring/params.json
(version + 1) and prints fit and check agreement.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.app import App
from assistant.config import load_settings
from assistant.evaluation import eval_scoring, read_jsonl
from assistant.scoring import FEATURES, PARAMS_PATH, Scorer, load_params

RIDGE = 1.0  # small: 6 features, ~80 answers


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default="evals/datasets/scoring_dev.jsonl")
    rows = read_jsonl(Path(ap.parse_args().dataset))
    app = App(load_settings())
    params = load_params()
    scorer = Scorer(app.embedder, app.tokenizer, params)
    fit = [r for r in rows if r.get("split") == "fit"]
    X, y, rel_on, rel_off = [], [], [], []
    for r in fit:
        rubric = [(p["point"], p["weight"]) for p in r["rubric"]]
        for a in r["answers"]:
            feats, _ = scorer.features(r["question"], rubric, a["text"])
            X.append([feats[k] for k in FEATURES])
            y.append(a["score"])
            (rel_off if a["grade"] == "off_topic" else rel_on).append(feats["relevance"])
    X, y = np.array(X), np.array(y, dtype=float)
    A = np.hstack([X, np.ones((len(X), 1))])
    reg = RIDGE * np.eye(A.shape[1])
    reg[-1, -1] = 0.0
    w = np.linalg.solve(A.T @ A + reg, A.T @ y)
    params.update(version=params.get("version", 0) + 1, coef=dict(zip(FEATURES, map(float, w[:-1]))),
                  intercept=float(w[-1]), note="fitted by evals/fit_scoring.py on the fit split")
    if rel_off:
        params["offtopic_relevance"] = float((max(rel_off) + min(rel_on)) / 2) if max(rel_off) < min(rel_on) \
            else float(min(rel_on) - 1e-3)
    PARAMS_PATH.write_text(json.dumps(params, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    scorer = Scorer(app.embedder, app.tokenizer, params)
    for split in ("fit", "check"):
        res = eval_scoring(scorer.score, [r for r in rows if r.get("split") == split])
        print(split, {k: res[k] for k in ("n", "spearman", "pairwise_accuracy", "mae")},
              "max off-topic:", res["max_off_topic"])


if __name__ == "__main__":
    main()
