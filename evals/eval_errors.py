"""Does the offline scorer catch a confidently stated error, and leave correct answers alone?

The sets hold answers to bank questions the calibration set does not use, written by helpers briefed as
examiners (who never saw the scorer): per question a good and a thin correct answer, and a good and a thin
answer with exactly one substantive error (`error_sentence`, quoted from the text). They are labelled, not
graded: they measure the error rules alone, which the calibration set exercises with one wrong answer per
question. `errors_dev.jsonl` (40 questions) may be looked at while working on the rules; `errors_check.jsonl`
(24 other questions) is only measured. `correct_dev.jsonl` holds only correct answers (good, thin and
spoken, 3 per question, 90 questions no other set uses, written later by three more helpers): it measures
how often a correct answer is flagged, and may be looked at. `correct_dev2.jsonl` likewise: an excellent
and a spoken answer to each of the other 137 bank questions (274), detail-rich, with self-corrections.
`errors_dev2.jsonl` (20 more questions, written in session 17 by two more helpers, like errors_check) was measured
once blind (17/40 caught, 1/40 correct answers flagged) and then worked on.

Usage: python evals/eval_errors.py [--dataset evals/datasets/errors_dev.jsonl] [--show]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.app import App
from assistant.config import load_settings
from assistant.evaluation import read_jsonl
from assistant.scoring_eval import error_detection


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default="evals/datasets/errors_dev.jsonl")
    ap.add_argument("--show", action="store_true", help="print each miss and each false flag")
    args = ap.parse_args()
    app = App(load_settings())
    res = error_detection(app.score, {q.id: q for q in app.bank}, read_jsonl(Path(args.dataset)))
    if args.show:
        print("\n".join([f"漏判 {m}" for m in res["misses"]] + [f"误判 {f}" for f in res["false_flags"]]))
    print(f"{args.dataset}：自信但错误 {res['caught']}/{res['wrong']} 被识别（其中错误句定位正确 {res['at_sentence']}），"
          f"正确回答误判 {res['flagged']}/{res['correct']}")
    for kind, (caught, total) in sorted(res["by_type"].items()):
        print(f"  {kind}：{caught}/{total}")


if __name__ == "__main__":
    main()
