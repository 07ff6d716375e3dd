"""Pick the fifth split: 24 bank questions no earlier set used, for confident-but-wrong versus thin-but-correct.

The earlier splits' writers planted one side error in otherwise full answers, so their graders put "confident but
wrong" above "thin but correct" — the opposite of the issue's examiners, whose wrong answers got the central formula
or rule wrong. This split asks for that kind: two answers per question whose core is wrong, beside good, partial and
thin anchors. Run once, before any answer is written: python evals/calibration/select_check5.py
Writes check5/questions.jsonl and the writers' files check5/for_writers/w{1..3}.jsonl (question, rubric, outline).
Within each level every other question is "dev5" (open to diagnosis); the rest are "check5" (aggregate figures only).
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

import yaml
from select_check4 import _pick, _used

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "check5"
SEED = 20261221
COUNT, WRITERS = 24, 3


def main() -> None:
    used = _used()
    bank = [q for p in sorted((ROOT / "corpus" / "questions").glob("*.yaml")) for q in yaml.safe_load(p.read_text(encoding="utf-8"))]
    free = [q for q in bank if q["id"] not in used and len(q["rubric"]) >= 3]
    rng = random.Random(SEED)
    rng.shuffle(free)
    pick = _pick(free, rng, COUNT)
    seen: dict[str, int] = defaultdict(int)
    rows = []
    for q in pick:
        seen[q["level"]] += 1
        rows.append({"qid": q["id"], "split": "dev5" if seen[q["level"]] % 2 else "check5", "level": q["level"],
                     "kind": q["kind"], "question": q["question"].strip(),
                     "rubric": [{"point": p["point"], "weight": p["weight"]} for p in q["rubric"]],
                     "outline": q["outline"]})
    (OUT / "for_writers").mkdir(parents=True, exist_ok=True)
    (OUT / "questions.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    per = COUNT // WRITERS
    keep = ("qid", "level", "question", "rubric", "outline")
    for i in range(WRITERS):
        (OUT / "for_writers" / f"w{i + 1}.jsonl").write_text("".join(
            json.dumps({k: r[k] for k in keep}, ensure_ascii=False) + "\n" for r in rows[i * per:(i + 1) * per]), encoding="utf-8")
    print(len(rows), "questions:", ", ".join(f"{r['qid']} {r['split']}" for r in rows))


if __name__ == "__main__":
    main()
