"""Pick the fifth split: 24 bank questions no earlier set used, for confident-but-wrong versus thin-but-correct.

The earlier splits' writers planted one side error in otherwise full answers, so their graders put "confident but
wrong" above "thin but correct" — the opposite of the issue's examiners, whose wrong answers got the central formula
or rule wrong. This split asks for that kind: two answers per question whose core is wrong, beside good, partial and
thin anchors. Run once, before any answer is written: python evals/calibration/select_check5.py
Writes check5/questions.jsonl and the writers' files check5/for_writers/w{1..3}.jsonl (question, rubric, outline).
Within each level every other question is "dev5" (open to diagnosis); the rest are "check5" (aggregate figures only).
"""

from __future__ import annotations

from pathlib import Path

from select_check4 import select

OUT = Path(__file__).resolve().parent / "check5"
SEED = 20261221


def main() -> None:
    select(OUT, SEED, 24, 3, ("dev5", "check5"))


if __name__ == "__main__":
    main()
