"""Does the offline scorer catch a confidently stated error, and leave correct answers alone?

The set (`evals/datasets/errors_dev.jsonl`) holds answers to bank questions the calibration set does not use,
written by helpers briefed as examiners: per question a good and a thin correct answer, and a good and a thin
answer with exactly one substantive error (`error_sentence`, quoted from the text). It is labelled, not graded:
it measures the error rules alone, which the calibration set exercises with only one wrong answer per question.

Usage: python evals/eval_errors.py [--dataset evals/datasets/errors_dev.jsonl] [--show]
Prints: wrong answers caught (and caught at the right sentence), correct answers flagged, per error type.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from assistant.app import App
from assistant.config import load_settings
from assistant.scoring.units import matching_form


def _at_error(quotes: list[str], sentence: str) -> bool:
    want = matching_form(sentence)
    return any(q and (matching_form(q) in want or want in matching_form(q)) for q in quotes)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default="evals/datasets/errors_dev.jsonl")
    ap.add_argument("--show", action="store_true", help="print each miss and each false flag")
    args = ap.parse_args()
    app = App(load_settings())
    bank = {q.id: q for q in app.bank}
    rows = [json.loads(line) for line in Path(args.dataset).read_text(encoding="utf-8").splitlines() if line.strip()]
    found, total, flagged = Counter(), Counter(), Counter()
    for row in rows:
        q = bank[row["qid"]]
        rubric = [(p.point, p.weight) for p in q.rubric]
        card = app.score(q.question, rubric, row["text"])
        quotes = [e.quote for e in card.errors]
        key = (row["kind"], row["style"])
        total[key] += 1
        if row["kind"] == "wrong":
            total["type:" + row["error_type"]] += 1
            if quotes:
                found[key] += 1
                found["type:" + row["error_type"]] += 1
                found["at_sentence"] += _at_error(quotes, row["error_sentence"])
            elif args.show:
                print(f"漏判 {row['qid']} {row['style']}：{row['error_sentence']}")
        elif quotes:
            flagged[key] += 1
            if args.show:
                print(f"误判 {row['qid']} {row['style']}：{quotes}")
    wrong = sum(v for k, v in total.items() if k[0] == "wrong")
    caught = sum(v for k, v in found.items() if k[0] == "wrong")
    correct = sum(v for k, v in total.items() if k[0] == "correct")
    print(f"{args.dataset}：自信但错误 {caught}/{wrong} 被识别（其中错误句定位正确 {found['at_sentence']}），"
          f"正确回答误判 {sum(flagged.values())}/{correct}")
    for key in sorted(k for k in total if isinstance(k, tuple)):
        print(f"  {key[0]}/{key[1]}：{(found if key[0] == 'wrong' else flagged)[key]}/{total[key]}")
    for key in sorted(k for k in total if isinstance(k, str)):
        print(f"  {key[5:]}：{found[key]}/{total[key]}")


if __name__ == "__main__":
    main()
