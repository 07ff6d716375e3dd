"""Fit the scorer on the calibration sets: scoring_calib.jsonl (fit and first check split), check2, dev3 and dev4.

A check split that has been printed after many parameter versions is retired into fitting when a fresh one is
written and graded blind: the first check split at v29 (when check2 was written), check2 at v44 (when check3 was
written). check3 is split in two: dev3 (diagnosed, fitted) and check3, which no fitting reads; check4 likewise into
dev4 (fitted from v47) and check4; check5 into dev5 (fitted from v48) and check5.
`--dataset evals/datasets/scoring_calib.jsonl --splits fit` fits on the first fit split alone, as up to v28.

Usage: python evals/fit_scoring.py [--dataset a.jsonl,b.jsonl] [--splits fit,check,check2,dev3,dev4,dev5]
       [--lists evals/datasets/scoring_calib_lists.jsonl]   (48 term lists graded blind, joined to their questions)
1. (bank misconceptions are found by their reviewed patterns, so nothing is fitted for them; the phrase
   thresholds for notes' misconceptions stay at the values fitted in v10, when bank items still used them);
2. unit-level constants (copy discount, demand share) by grouped cross-validation over fit questions;
3. ridge regression from answer features to the graders' mean, then an isotonic map (monotone);
4. off-topic thresholds and point-status thresholds (against the graders' per-point marks);
5. the cap on an answer that states an error (a wrong formula, rule or figure);
6. the offset of a spoken answer's point evidence (its speech-recognised copies against their grades).
Writes assistant/scoring/params.json (version + 1) and prints the fit-split cross-validated figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import numpy as np
from scipy import optimize, stats
from scipy.optimize import isotonic_regression

from assistant.app import App
from assistant.config import load_settings
from assistant.evaluation import read_jsonl
from assistant.scoring import FEATURES, PARAMS_PATH, Scorer, feature_row, load_params
from assistant.scoring.analysis import POINT_INPUTS

# Fitting data: the first calibration set (both splits), the second check split (retired into fitting when the third
# was written) and the diagnosis halves of the third, fourth and fifth (dev3, dev4, dev5). check3's, check4's and
# check5's other halves are never read here.
DATASETS = ("evals/datasets/scoring_calib.jsonl", "evals/datasets/scoring_calib_check2.jsonl",
            "evals/datasets/scoring_calib_check3.jsonl", "evals/datasets/scoring_calib_check4.jsonl",
            "evals/datasets/scoring_calib_check5.jsonl")
SPLITS = ("fit", "check", "check2", "dev3", "dev4", "dev5")
RIDGE = 3.0
HUBER_DELTA, HUBER_ROUNDS = 15.0, 8  # points of score beyond which a residual counts linearly
FOLDS = 4
POINT_L2 = 1e-5
MIN_BAND = 0.15  # the "partly" band of point credit is at least this wide, so the report can say 部分
RECALL_MARGIN = 0.1
GRID = {"copy_floor": (0.3,), "copy_span": (0.5,), "demand_share": (0.2, 0.4)}


class CachedEmbedder:
    """The real embedder behind a memo: the grid re-analyses the same texts many times."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dim, self.memo = inner, inner.name, inner.dim, {}

    def _get(self, role: str, texts: list[str]) -> np.ndarray:
        todo = [t for t in texts if (role, t) not in self.memo]
        if todo:
            vecs = self.inner.embed_queries(todo) if role == "q" else self.inner.embed_passages(todo)
            self.memo.update({(role, t): v for t, v in zip(todo, vecs)})
        return np.stack([self.memo[(role, t)] for t in texts])

    def embed_queries(self, texts):
        return self._get("q", texts)

    def embed_passages(self, texts):
        return self._get("p", texts)


def isotonic(x: np.ndarray, y: np.ndarray) -> tuple[list[float], list[float]]:
    res = isotonic_regression(y[np.argsort(x)])  # pool-adjacent-violators
    xs, ys = np.sort(x), res.x
    knots_x, knots_y = [], []
    for v in np.unique(ys):  # one knot per block: its mean x
        knots_x.append(float(xs[ys == v].mean()))
        knots_y.append(float(v))
    order = np.argsort(knots_x)
    return [knots_x[i] for i in order], [knots_y[i] for i in order]


def ridge(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Ridge with a Huber loss (iteratively reweighted): answers whose error the scorer cannot see (a wrong
    claim no rule catches) would otherwise drag every similar-looking correct answer down."""
    A = np.hstack([X, np.ones((len(X), 1))])
    reg = RIDGE * np.eye(A.shape[1])
    reg[-1, -1] = 0.0
    weights = np.ones(len(y))
    for _ in range(HUBER_ROUNDS):
        W = A * weights[:, None]
        w = np.linalg.solve(W.T @ A + reg, W.T @ y)
        resid = np.abs(y - A @ w)
        weights = np.where(resid <= HUBER_DELTA, 1.0, HUBER_DELTA / np.maximum(resid, 1e-9))
    return w


def predict(w, knots, X):
    raw = np.hstack([X, np.ones((len(X), 1))]) @ w
    return np.interp(raw, *knots)


def samples(scorer: Scorer, rows: list[dict]) -> list[dict]:
    out = []
    for qn, r in enumerate(rows):
        rubric = [(p["point"], p["weight"]) for p in r["rubric"]]
        for a in r["answers"]:
            an = scorer.analyse(r["question"], rubric, a["text"])
            out.append({"q": qn, "grade": a["grade"], "y": a["score"], "f": an.features, "credits": an.credits,
                        "errors": an.errors, "marks": a.get("point_marks"), "weights": [w for _, w in rubric],
                        "pf": an.point_features, "erred": {e.point for e in an.errors}})
    return out


def fit_points(data: list[dict]) -> tuple[np.ndarray, float]:
    """Logistic model from point features to the graders' share of each point (answers they marked)."""
    P = np.vstack([d["pf"] for d in data if d["marks"]])
    share = np.concatenate([np.array(d["marks"]) / np.array(d["weights"]) for d in data if d["marks"]])

    def loss(theta):
        pred = 1 / (1 + np.exp(-(theta[-1] + P @ theta[:-1])))
        return float(np.mean((pred - share) ** 2) + POINT_L2 * np.sum(theta[:-1] ** 2))

    res = optimize.minimize(loss, np.zeros(P.shape[1] + 1), method="L-BFGS-B")
    return res.x[:-1], float(res.x[-1])


def with_cover(data: list[dict], coef: np.ndarray, intercept: float) -> np.ndarray:
    """Answer features with "cover" recomputed from the point model (errors void their point)."""
    rows = []
    for d in data:
        share = 1 / (1 + np.exp(-(intercept + d["pf"] @ coef)))
        share[list(d["erred"])] = 0.0
        f = dict(d["f"], cover=float(np.dot(d["weights"], share) / sum(d["weights"])))
        rows.append(feature_row(f))
    return np.array(rows)


def visible(d: dict) -> bool:
    """Whether the answer-level model may learn from this answer. A confidently wrong answer whose error no
    rule caught looks, to every feature, like a good one: learning its low mark would only pull every correct
    answer down. The point model and all evaluations still see it."""
    return not (d["grade"].startswith("wrong") and not d["errors"])


def cross_validated(data: list[dict]) -> tuple[float, float, np.ndarray]:
    """Grouped k-fold over questions, both models fitted on the training folds: (spearman, mae, predictions)."""
    y = np.array([d["y"] for d in data], dtype=float)
    q = np.array([d["q"] for d in data])
    seen = np.array([visible(d) for d in data])
    pred = np.zeros(len(y))
    for k in range(FOLDS):
        test = q % FOLDS == k
        train = [d for d, t in zip(data, test) if not t]
        coef, b = fit_points(train)
        X = with_cover(data, coef, b)
        fit = ~test & seen
        w = ridge(X[fit], y[fit])
        knots = isotonic(np.hstack([X[fit], np.ones((int(fit.sum()), 1))]) @ w, y[fit])
        pred[test] = predict(w, knots, X[test])
    return float(stats.spearmanr(y, pred).statistic), float(np.mean(np.abs(y - pred))), pred


def fit_status(data: list[dict], params: dict) -> None:
    """Thresholds on point credit that best match the graders' per-point share (≥ 0.6 covered, ≥ 0.25 partly)."""
    credit, share = [], []
    for d in data:
        if d["marks"]:
            credit += d["credits"]
            share += [m / w for m, w in zip(d["marks"], d["weights"])]
    credit, share = np.array(credit), np.array(share)
    truth = np.where(share >= 0.6, 2, np.where(share >= 0.25, 1, 0))
    best = max((float(np.mean(np.where(credit >= c, 2, np.where(credit >= p, 1, 0)) == truth)), c, p)
                for c in np.arange(0.2, 0.9, 0.02) for p in np.arange(0.05, 0.6, 0.02) if p <= c - MIN_BAND)
    print(f"  point status agreement with graders {best[0]:.3f} at covered ≥ {best[1]:.2f}, partly ≥ {best[2]:.2f}")
    params.update(covered_at=round(best[1], 2), partly_at=round(best[2], 2))


def fit_offtopic(data: list[dict], params: dict) -> None:
    best = None
    for top, rel in itertools.product(np.arange(0.05, 0.5, 0.01), np.arange(0.02, 0.8, 0.02)):
        caught = [d["f"]["cover"] < top and d["f"]["keyterms"] < rel for d in data]
        errors = sum(c and d["grade"] != "off_topic" for c, d in zip(caught, data)) * 3 + \
            sum(not c and d["grade"] == "off_topic" for c, d in zip(caught, data))
        if best is None or errors < best[0]:
            best = (errors, float(top), float(rel))
    params.update(offtopic_cover=round(best[1], 3), offtopic_keyterms=round(best[2], 3))


def fit_rivals(data: list[dict], params: dict) -> None:
    """An answer that another bank question fits better, in words and in meaning, answers that question. The
    meaning threshold lies midway between the lowest margin of an answer the graders marked 15 or more (among
    those whose words favour a rival) and the highest margin of a graders' off-topic answer below it. Caught
    answers share the off-topic cap."""
    suspect = [d for d in data if d["f"]["rival_words"] < 0]
    fine = [d["f"]["rival_margin"] for d in suspect if d["y"] >= 15]
    floor = min(fine, default=1.0)
    below = [d["f"]["rival_margin"] for d in suspect if d["grade"] == "off_topic" and d["f"]["rival_margin"] < floor]
    if not below:
        params.update(rival_words_at=-1.0, rival_margin_at=-1.0)
        return
    at = (floor + max(below)) / 2
    caught = [d for d in suspect if d["f"]["rival_margin"] < at]
    params.update(rival_words_at=0.0, rival_margin_at=round(float(at), 4))
    print(f"  rival question fits better (combined margin < {at:.4f}): {len(caught)} answers "
          f"({sum(d['grade'] == 'off_topic' for d in caught)} off-topic, graders' highest {max(d['y'] for d in caught)})")


def fit_recall(data: list[dict], params: dict) -> None:
    """Past which share of the rubric's own wording an answer is a read-back: RECALL_MARGIN above the highest
    share any answer the graders marked 40 or more reached (an excellent answer can use many of the rubric's
    words; the margin keeps one a little wordier than the fit split's from being capped); the cap is the
    graders' highest mark among the answers above it."""
    at = max(d["f"]["recall"] for d in data if d["y"] >= 40) + RECALL_MARGIN
    above = [d for d in data if d["f"]["recall"] >= at]
    cap = round(float(max((d["y"] for d in above), default=99.0)) + 1, 1)
    params.update(recall_at=round(float(at), 2), recall_cap=cap)
    print(f"  rubric recall ≥ {at:.2f}: {len(above)} answers capped at {cap}")


def fit_copied(data: list[dict], params: dict) -> None:
    """Past which share of copied text an answer is a read-back or an echo, whatever it covers: the lowest
    threshold above which no answer the graders marked 40 or more lies; the cap is the graders' highest mark
    among the answers above it (so the rule never pulls an answer below what its graders gave)."""
    for at in np.arange(0.4, 0.96, 0.01):
        above = [d for d in data if d["f"]["copy"] >= at]
        if above and max(d["y"] for d in above) < 40:
            params.update(copied_at=round(float(at), 2), copied_cap=round(float(max(d["y"] for d in above)) + 1, 1))
            print(f"  copied ≥ {at:.2f}: {len(above)} answers capped at {params['copied_cap']}")
            return
    params.update(copied_at=1.1, copied_cap=100.0)


def fit_error_cap(data: list[dict], pred: np.ndarray, params: dict) -> None:
    """The highest mark an answer that states an error can get: examiners mark a confidently wrong answer
    down as a whole, not by one point, and by how much of the rest it still gets right. The cap is
    base + slope × cover (cover with the erred point voided); the pair minimises the absolute error over the
    fit answers with a detected error (correct answers wrongly flagged included, so a cap that hurts them is
    not chosen); no cap when none helps."""
    flagged = [(p, d["y"], d["f"]["cover"]) for p, d in zip(pred, data) if d["errors"]]
    if not flagged:
        params.update(error_cap=100.0, error_cap_per_cover=0.0)
        return
    loss = lambda b, s: sum(abs(min(p, b + s * c) - y) for p, y, c in flagged)  # noqa: E731
    grid = itertools.product(np.arange(-40.0, 101.0, 1.0), np.arange(0.0, 121.0, 2.0))
    base, slope = min(grid, key=lambda bs: (loss(*bs), -bs[0], bs[1]))
    params.update(error_cap=float(base), error_cap_per_cover=float(slope))
    print(f"  answers with a detected error: {len(flagged)}, capped at {base:.0f} + {slope:.0f} × cover "
          f"(absolute error {loss(100.0, 0.0):.0f} → {loss(base, slope):.0f})")


SPOKEN_GRID = tuple(round(0.1 * n, 1) for n in range(9))


def fit_spoken(scorer: Scorer, rows: list[dict], params: dict) -> None:
    """`spoken_logit`: the offset that brings the fit questions' speech-recognised copies ("garbled", graded as
    the typed answer they copy) closest to their grades, scored as the defense scores a transcript."""
    copies = [(r["question"], [(p["point"], p["weight"]) for p in r["rubric"]], a["text"], a["score"])
              for r in rows for a in r["answers"] if a["grade"] == "garbled"]
    if not copies:
        return
    errors = {}
    for offset in SPOKEN_GRID:
        params["spoken_logit"] = offset
        errors[offset] = float(np.mean([abs(scorer.score(q, rub, text, spoken=True).score - y) for q, rub, text, y in copies]))
        print(f"  spoken_logit {offset}: MAE of the {len(copies)} spoken copies {errors[offset]:.1f}")
    params["spoken_logit"] = min(errors, key=errors.get)


def with_lists(rows: list[dict], path: Path) -> list[dict]:
    """The graded term lists join their own question's answers, so grouped CV keeps a question in one fold."""
    extra = {r["id"]: r["answers"] for r in read_jsonl(path)}
    return [dict(r, answers=r["answers"] + extra.get(r["id"], [])) for r in rows]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default=",".join(DATASETS), help="comma-separated calibration files")
    ap.add_argument("--splits", default=",".join(SPLITS))
    ap.add_argument("--lists", default="evals/datasets/scoring_calib_lists.jsonl", help="graded term lists ('' for none)")
    args = ap.parse_args()
    splits = set(args.splits.split(","))
    files = args.dataset.split(",")
    rows = [r for f in files for r in read_jsonl(Path(f)) if r.get("split") in splits]
    rows = with_lists(rows, Path(args.lists)) if args.lists else rows
    app = App(load_settings())
    params = load_params()
    if set(params.get("point_coef", {})) != set(POINT_INPUTS):  # fitted for other point inputs: refit from scratch
        params.pop("point_coef", None)
    scorer = Scorer(CachedEmbedder(app.embedder), app.tokenizer, params, facts=app.facts, sounds=app.scorer.sounds,
                    rivals=app.scorer.rivals)
    best = None
    for values in itertools.product(*GRID.values()):
        params.update(dict(zip(GRID, values)))
        data = samples(scorer, rows)
        rho, mae, _ = cross_validated(data)
        print(f"  {dict(zip(GRID, values))}: CV spearman {rho:.3f}, MAE {mae:.1f}")
        if best is None or rho - mae / 100 > best[0]:
            best = (rho - mae / 100, values)
    params.update(dict(zip(GRID, best[1])))
    data = samples(scorer, rows)
    rho, mae, _ = cross_validated(data)
    coef, b = fit_points(data)
    seen = np.array([visible(d) for d in data])
    X = with_cover(data, coef, b)[seen]
    y = np.array([d["y"] for d in data], dtype=float)[seen]
    w = ridge(X, y)
    knots = isotonic(np.hstack([X, np.ones((len(X), 1))]) @ w, y)
    params.update(version=params.get("version", 0) + 1, coef=dict(zip(FEATURES, map(float, w[:-1]))),
                  intercept=float(w[-1]), knots_x=knots[0], knots_y=knots[1],
                  point_coef=dict(zip(POINT_INPUTS, map(float, coef))), point_intercept=b,
                  note=f"fitted by evals/fit_scoring.py on the {'+'.join(sorted(splits))} split(s) of "
                       + " + ".join(Path(f).name for f in files))
    data = samples(scorer, rows)  # credits from the fitted point model, for the status thresholds
    fit_error_cap(data, predict(w, knots, with_cover(data, coef, b)), params)
    fit_offtopic(data, params)
    fit_rivals(data, params)
    fit_copied(data, params)
    fit_recall(data, params)
    fit_status(data, params)
    fit_spoken(scorer, rows, params)
    PARAMS_PATH.write_text(json.dumps(params, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{'+'.join(sorted(splits))} ({len(rows)} questions), {FOLDS}-fold grouped CV: spearman {rho:.3f}, MAE {mae:.1f}; params v{params['version']}")


if __name__ == "__main__":
    main()
