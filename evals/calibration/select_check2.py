"""Pick a second, fresh check split: one bank question per level x function, none of the first 48.

Run once, before any answer is written: python evals/calibration/select_check2.py
Writes evals/calibration/check2/questions.jsonl (same fields as questions.jsonl, split "check2").
The first check split had been printed after many parameter versions; this one is measured only after a
parameter version is final, and no fitting script reads it.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SEED = 20261206


def main() -> None:
    used = {json.loads(x)["qid"] for x in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines()}
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for path in sorted((ROOT / "corpus" / "questions").glob("*.yaml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8")):
            if row["id"] not in used:
                strata[(row["level"], row["content"].rsplit(".", 1)[0])].append(row)
    rng = random.Random(SEED)
    out = []
    for key in sorted(strata):
        row = rng.choice(sorted(strata[key], key=lambda r: r["id"]))
        out.append({"qid": row["id"], "split": "check2", "level": row["level"], "function": key[1],
                    "kind": row["kind"], "question": row["question"].strip(),
                    "rubric": [{"point": p["point"], "weight": p["weight"]} for p in row["rubric"]],
                    "outline": row["outline"]})
    (HERE / "check2" / "questions.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(len(out), "questions")


if __name__ == "__main__":
    main()
