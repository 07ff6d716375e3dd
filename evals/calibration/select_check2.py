"""Pick a fresh check split: one bank question per level x function, none used before.

Run once, before any answer is written: python evals/calibration/select_check2.py [check3]
Writes evals/calibration/<name>/questions.jsonl (same fields as questions.jsonl, split "<name>"; default check2).
A check split that has been printed after many parameter versions is worn; a new one is measured only after a
parameter version is final, and no fitting script reads it. check3 also leaves out every question of the earlier
check splits and of the error sets (evals/datasets/errors_*.jsonl), whose misconceptions were worked on.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NAME = sys.argv[1] if len(sys.argv) > 1 else "check2"
SEED = {"check2": 20261206, "check3": 20261207}[NAME]


def _used() -> set[str]:
    files = [HERE / "questions.jsonl"]
    if NAME != "check2":
        files += [f for f in sorted(HERE.glob("check*/questions.jsonl")) if f.parent.name != NAME]
        files += sorted((ROOT / "evals" / "datasets").glob("errors_*.jsonl"))
    return {json.loads(x)["qid"] for f in files for x in f.read_text(encoding="utf-8").splitlines() if x.strip()}


def main() -> None:
    used = _used()
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for path in sorted((ROOT / "corpus" / "questions").glob("*.yaml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8")):
            if row["id"] not in used:
                strata[(row["level"], row["content"].rsplit(".", 1)[0])].append(row)
    rng = random.Random(SEED)
    out = []
    for key in sorted(strata):
        row = rng.choice(sorted(strata[key], key=lambda r: r["id"]))
        # check3: every other question is "dev3", open to diagnosis once the whole split had been measured once;
        # the other six stay a check that only aggregate figures are printed for.
        split = "dev3" if NAME == "check3" and len(out) % 2 == 0 else NAME
        out.append({"qid": row["id"], "split": split, "level": row["level"], "function": key[1],
                    "kind": row["kind"], "question": row["question"].strip(),
                    "rubric": [{"point": p["point"], "weight": p["weight"]} for p in row["rubric"]],
                    "outline": row["outline"]})
    (HERE / NAME).mkdir(exist_ok=True)
    (HERE / NAME / "questions.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(len(out), "questions")


if __name__ == "__main__":
    main()
