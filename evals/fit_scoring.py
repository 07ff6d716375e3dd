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


def isotonic(x: np.ndarray, y: np.ndarray) -> tuple[list[float], list[float]]:
    """Pool-adjacent-violators: the best non-decreasing fit of y on x, as interpolation knots."""
    order = np.argsort(x)
    xs, ys = x[order], y[order].astype(float)
    blocks = [[v, 1.0, [xv]] for v, xv in zip(ys, xs)]  # mean, weight, xs
    merged: list = []
    for b in blocks:
        merged.append(b)
        while len(merged) > 1 and merged[-2][0] > merged[-1][0]:
            b2, b1 = merged.pop(), merged.pop()
            w = b1[1] + b2[1]
            merged.append([(b1[0] * b1[1] + b2[0] * b2[1]) / w, w, b1[2] + b2[2]])
    knots_x = [float(np.mean(m[2])) for m in merged]
    knots_y = [float(m[0]) for m in merged]
    return knots_x, knots_y


def offtopic_thresholds(feats: list[dict], grades: list[str]) -> tuple[float, float]:
    """(lexical, dense) thresholds that catch the most off-topic fit answers while capping the fewest others."""
    best = (10**9, 0.1, 0.85)
    for lex in np.arange(0.02, 0.31, 0.01):
        for dense in np.arange(0.6, 1.0, 0.01):
            caught = [f["lexical"] < lex and f["dense"] < dense for f in feats]
            errors = sum(c != (g == "off_topic") for c, g in zip(caught, grades))
            if errors < best[0]:
                best = (errors, float(lex), float(dense))
    return best[1], best[2]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default="evals/datasets/scoring_dev.jsonl")
    rows = read_jsonl(Path(ap.parse_args().dataset))
    app = App(load_settings())
    params = load_params()
    scorer = Scorer(app.embedder, app.tokenizer, params)
    fit = [r for r in rows if r.get("split") == "fit"]
    X, y, all_feats, grades = [], [], [], []
    for r in fit:
        rubric = [(p["point"], p["weight"]) for p in r["rubric"]]
        for a in r["answers"]:
            feats, _ = scorer.features(r["question"], rubric, a["text"])
            X.append([feats[k] for k in FEATURES])
            y.append(a["score"])
            all_feats.append(feats)
            grades.append(a["grade"])
    X, y = np.array(X), np.array(y, dtype=float)
    A = np.hstack([X, np.ones((len(X), 1))])
    reg = RIDGE * np.eye(A.shape[1])
    reg[-1, -1] = 0.0
    w = np.linalg.solve(A.T @ A + reg, A.T @ y)
    knots_x, knots_y = isotonic(A @ w, y)
    lex, dense = offtopic_thresholds(all_feats, grades)
    params.update(version=params.get("version", 0) + 1, coef=dict(zip(FEATURES, map(float, w[:-1]))),
                  intercept=float(w[-1]), knots_x=knots_x, knots_y=knots_y, offtopic_lexical=lex,
                  offtopic_dense=dense, note="fitted by evals/fit_scoring.py on the fit split")
    PARAMS_PATH.write_text(json.dumps(params, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    scorer = Scorer(app.embedder, app.tokenizer, params)
    for split in ("fit", "check"):
        res = eval_scoring(scorer.score, [r for r in rows if r.get("split") == split])
        print(split, {k: res[k] for k in ("n", "spearman", "pairwise_accuracy", "mae")},
              "max off-topic:", res["max_off_topic"])


if __name__ == "__main__":
    main()
