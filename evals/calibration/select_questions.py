"""Pick the calibration questions from the bank: stratified by level x function, fixed seed.

Run once, before any answer is written: python evals/calibration/select_questions.py
Writes evals/calibration/questions.jsonl ({"qid","split","level","function","kind","question","rubric","outline"}).
About a third of the questions of every stratum go to the check split, which no fitting ever reads.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PER_STRATUM = 4  # 2 levels x 6 functions x 4 = 48 questions
SEED = 20261204


def main() -> None:
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for path in sorted((ROOT / "corpus" / "questions").glob("*.yaml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8")):
            function = row["content"].rsplit(".", 1)[0]
            strata[(row["level"], function)].append(row)
    rng = random.Random(SEED)
    out = []
    for key in sorted(strata):
        rows = strata[key]
        rng.shuffle(rows)
        picked = rows[:PER_STRATUM]
        for n, row in enumerate(picked):
            out.append({"qid": row["id"], "split": "check" if n % 3 == 2 else "fit", "level": row["level"],
                        "function": key[1], "kind": row["kind"], "question": row["question"].strip(),
                        "rubric": [{"point": p["point"], "weight": p["weight"]} for p in row["rubric"]],
                        "outline": row["outline"]})
    (ROOT / "evals" / "calibration" / "questions.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(len(out), "questions;", sum(r["split"] == "check" for r in out), "check")


if __name__ == "__main__":
    main()
