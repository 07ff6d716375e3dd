"""Keyword lists dressed up as answers (issue 12: a gaming class's highest score ≤ 30).

evals/datasets/gaming_keywords_dev.jsonl: for each of the 48 calibration questions, four answers that make
no statement — rubric terms with figures and law names, the same ideas as synonyms, a numbered skeleton of
noun phrases, a term list inside an empty frame — written by helpers briefed to game a rubric scorer. 48 of
them (12 questions) were graded blind by three examiner helpers (9–26, mean 16; scoring_calib_lists.jsonl) and
are fitted on; the other 144 are this check, and the bar is the highest score per style.

Usage: .venv/bin/python evals/eval_keywords.py [--dataset F] [--show N]
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from pathlib import Path

from assistant.app import App
from assistant.config import load_settings
from assistant.evaluation import read_jsonl

BAR = 30.0
GRADED = Path(__file__).parent / "datasets" / "scoring_calib_lists.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default=str(Path(__file__).parent / "datasets" / "gaming_keywords_dev.jsonl"))
    ap.add_argument("--show", type=int, default=0, help="print the N highest-scored answers")
    args = ap.parse_args()
    app = App(load_settings(None))
    by_style, scored = defaultdict(list), []
    graded = {a["text"] for r in read_jsonl(GRADED) for a in r["answers"]}  # fitted on: not a check any more
    for row in read_jsonl(Path(args.dataset)):
        if row["text"] in graded:
            continue
        rubric = [(p["point"], p["weight"]) for p in row["rubric"]]
        card = app.score(row["question"], rubric, row["text"])
        by_style[row["style"]].append(card.score)
        scored.append((card.score, row, card))
    for style, scores in sorted(by_style.items()):
        over = sum(s > BAR for s in scores)
        print(f"{style:<10} n={len(scores)}  平均 {statistics.mean(scores):5.1f}  最高 {max(scores):5.1f}  高于 {BAR:.0f}：{over}")
    everything = [s for s, _, _ in scored]
    print(f"全部 n={len(everything)}  最高 {max(everything):.1f}  高于 {BAR:.0f}：{sum(s > BAR for s in everything)}")
    for s, row, card in sorted(scored, key=lambda x: -x[0])[:args.show]:
        feats = {k: round(v, 2) for k, v in card.features.items() if k in ("cover", "bare", "bare_hi", "copy", "recall", "specific", "own")}
        print(f"\n{s:5.1f} {row['qid']} {row['style']} {feats}\n  {row['text']}")


if __name__ == "__main__":
    main()
