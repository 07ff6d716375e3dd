"""Fit the tutor's request model (assistant/tutor/request_model.py) and estimate how it generalises.

Training data: the reviewed examples in prompts/scope.yaml and the development sets the tutor is tuned on
(tutor_intents_dev*.jsonl, tutor_scope_dev*.jsonl, tutor_scope_study_dev.jsonl); follow-ups are left out.
The check sets (tutor_intents_check*.jsonl) and tutor_holdout.jsonl are never read here.

Each development set was written blind by a different helper, so leaving one set out at a time and training on
the rest is how a fresh set would fare. The script prints, for each threshold, how many of the held-out
requests to decline the nearest-neighbour vote alone declines, and the vote or the model, and how many study
questions each declines wrongly (the same exemptions apply: questions about legality, knowledge questions,
restated skills, true results presented). The shipped threshold is the lowest at which the model adds at most
one wrong decline over the vote across all sets. Then it fits on everything and writes prompts/scope_model.npz.

Usage: python evals/fit_scope.py [--out prompts/scope_model.npz]   (about 6 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import glob
import json
from pathlib import Path

import numpy as np
import yaml

from assistant.app import App
from assistant.config import load_settings
from assistant.tutor.request_model import LABELS, RequestModel, features, fit, softmax
from assistant.tutor.scope import CALIBRATED_FOR, SkillEcho, exempt, neighbour_vote

THRESHOLDS = (0.8, 0.85, 0.9, 0.95)
EXTRA_WRONG = 1  # wrong declines the model may add over the vote, summed over all held-out sets


def _label(row: dict) -> int:
    kind = row.get("category") or row.get("intent")
    if kind == "out_of_scope":
        return 1
    if kind == "dishonest" or row.get("declined"):
        return 2
    return 0


def dataset() -> list[tuple[str, str, int]]:
    """(group, request, label index); the group is the file a request comes from."""
    rows = []
    files = sorted(glob.glob("evals/datasets/tutor_intents_dev*.jsonl")) + \
        sorted(glob.glob("evals/datasets/tutor_scope_dev*.jsonl")) + ["evals/datasets/tutor_scope_study_dev.jsonl"]
    for name in files:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if not row.get("history"):
                rows.append((Path(name).stem, row["question"], _label(row)))
    examples = yaml.safe_load(Path("prompts/scope.yaml").read_text(encoding="utf-8"))["examples"]
    rows += [("scope.yaml", text, LABELS.index(label)) for label in LABELS for text in examples.get(label, ())]
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="prompts/scope_model.npz")
    args = ap.parse_args()
    app = App(load_settings())
    if app.embedder is None or app.embedder.name != CALIBRATED_FOR:
        raise SystemExit(f"需要 {CALIBRATED_FOR} 向量模型")
    rows = dataset()
    texts, groups = [t for _, t, _ in rows], np.array([g for g, _, _ in rows])
    y = np.array([k for _, _, k in rows])
    vecs = np.asarray(app.embedder.embed_queries(texts), np.float32)
    x = np.stack([features(v, t) for v, t in zip(vecs, texts)])
    skills = SkillEcho(app.standard.skills())
    exempted = np.array([exempt(t, skills) for t in texts])
    names, requests = np.array(LABELS)[y], np.array(texts, dtype=object)  # the vote's inputs, as the shipped one
    p_decline, vote = np.zeros(len(y)), np.zeros(len(y), bool)
    held = sorted(set(groups) - {"scope.yaml"})
    for n, group in enumerate(held, 1):
        train, test = groups != group, np.where(groups == group)[0]
        w = fit(x[train], y[train])
        p_decline[test] = 1.0 - softmax(x[test] @ w.T)[:, 0]
        vote[test] = [neighbour_vote(vecs[train] @ vecs[i], names[train], requests[train]).declines() for i in test]
        print(f"\r留一集交叉验证 {n}/{len(held)}", end="", flush=True)
    print()
    scored = groups != "scope.yaml"
    want, study = scored & (y != 0), scored & (y == 0)
    base = vote & ~exempted
    print(f"{len(held)} 个开发集，应拒答 {want.sum()}，学习问题 {study.sum()}")
    print(f"仅近邻投票：拒答 {(base & want).sum()}/{want.sum()}，误拒 {(base & study).sum()}/{study.sum()}")
    chosen = None
    for th in THRESHOLDS:
        both = base | ((p_decline >= th) & ~exempted)
        extra = int((both & study).sum() - (base & study).sum())
        print(f"投票或模型（阈值 {th}）：拒答 {(both & want).sum()}/{want.sum()}，误拒 {(both & study).sum()}/{study.sum()}")
        if chosen is None and extra <= EXTRA_WRONG:
            chosen = th
    chosen = chosen or THRESHOLDS[-1]
    RequestModel(fit(x, y), chosen, CALIBRATED_FOR).save(Path(args.out))
    print(f"阈值 {chosen}，已写入 {args.out}")


if __name__ == "__main__":
    main()
