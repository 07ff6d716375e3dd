"""Pick the fourth check split: 16 bank questions that no scoring or error set has used, both levels, every function.

Run once, before any answer is written: python evals/calibration/select_check4.py
Writes evals/calibration/check4/questions.jsonl and the writers' files check4/for_writers/w{1..4}.jsonl (question,
rubric and outline only). Half the questions (alternating within each level) are "dev4", open to diagnosis once the
whole split has been measured once; the other half stay "check4", for which only aggregate figures are printed.
"""

from __future__ import annotations

import glob
import json
import random
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "check4"
SEED = 20261207
LEVELS = ("二级/技师", "一级/高级技师")


def _used() -> set[str]:
    files = [f for pat in ("scoring_calib*.jsonl", "errors*.jsonl", "scoring_dev*.jsonl")
             for f in glob.glob(str(ROOT / "evals" / "datasets" / pat))]
    used = set()
    for f in files:
        for line in Path(f).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            used.update(row[k] for k in ("id", "qid", "question_id", "skill_code") if row.get(k))
    return used


def _pick(free: list[dict], rng: random.Random, count: int) -> list[dict]:
    by: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for q in free:
        by[(q["level"], q["id"].split("-")[1].split(".")[0])].append(q)
    pick = [by[(lvl, fn)].pop() for lvl in LEVELS for fn in "123456" if by[(lvl, fn)]]
    rest = [q for k in sorted(by) for q in by[k]]
    rng.shuffle(rest)
    while len(pick) < count:
        pick.append(rest.pop())
    rng.shuffle(pick)
    return pick


def select(out: Path, seed: int, count: int, writers: int, names: tuple[str, str]) -> None:
    """Pick `count` unused bank questions, alternate them within each level between names[0] (dev) and names[1]
    (check), and write out/questions.jsonl and `writers` files of the writers' view."""
    used = _used()
    bank = [q for p in sorted((ROOT / "corpus" / "questions").glob("*.yaml")) for q in yaml.safe_load(p.read_text(encoding="utf-8"))]
    free = [q for q in bank if q["id"] not in used and len(q["rubric"]) >= 3]
    rng = random.Random(seed)
    rng.shuffle(free)
    pick = _pick(free, rng, count)
    seen: dict[str, int] = defaultdict(int)
    rows = []
    for q in pick:
        seen[q["level"]] += 1
        rows.append({"qid": q["id"], "split": names[0] if seen[q["level"]] % 2 else names[1], "level": q["level"],
                     "kind": q["kind"], "question": q["question"].strip(),
                     "rubric": [{"point": p["point"], "weight": p["weight"]} for p in q["rubric"]],
                     "outline": q["outline"]})
    (out / "for_writers").mkdir(parents=True, exist_ok=True)
    (out / "questions.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    per = count // writers
    keep = ("qid", "level", "question", "rubric", "outline")
    for i in range(writers):
        (out / "for_writers" / f"w{i + 1}.jsonl").write_text("".join(
            json.dumps({k: r[k] for k in keep}, ensure_ascii=False) + "\n" for r in rows[i * per:(i + 1) * per]), encoding="utf-8")
    print(len(rows), "questions:", ", ".join(f"{r['qid']} {r['split']}" for r in rows))


def main() -> None:
    select(OUT, SEED, 16, 4, ("dev4", "check4"))


if __name__ == "__main__":
    main()
