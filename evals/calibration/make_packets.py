"""Turn the written answers into blind grading packets (run once, after the answers are written).

Usage: python evals/calibration/make_packets.py [folder]   (default: this folder; check2/ for the second check split)
Reads answers/*.jsonl ({"qid","class","text"}), gives every answer an opaque id, shuffles the answers of
each question, and writes packets/part{1,2}.jsonl (one question per line: question, rubric, outline,
answers [{"aid","text"}]) for the graders, and key.jsonl (aid -> qid, class) which graders never see.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent
SEED = 7
PARTS = 2


def read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main() -> None:
    questions = {q["qid"]: q for q in read(HERE / "questions.jsonl")}
    answers = [a for p in sorted((HERE / "answers").glob("batch*.jsonl")) for a in read(p)]
    rng = random.Random(SEED)
    ids = rng.sample(range(1000, 9999), len(answers))
    key, by_q = [], {}
    for aid, a in zip(ids, answers):
        key.append({"aid": f"a{aid}", "qid": a["qid"], "class": a["class"], "text": a["text"], **({"error": a["error"]} if "error" in a else {})})
        by_q.setdefault(a["qid"], []).append({"aid": f"a{aid}", "text": a["text"]})
    packets = []
    for qid in sorted(by_q):
        q = questions[qid]
        rng.shuffle(by_q[qid])
        packets.append({"qid": qid, "level": q["level"], "question": q["question"], "rubric": q["rubric"],
                        "outline": q["outline"], "answers": by_q[qid]})
    (HERE / "packets").mkdir(exist_ok=True)
    for n in range(PARTS):
        write(HERE / "packets" / f"part{n + 1}.jsonl", packets[n::PARTS])
    write(HERE / "key.jsonl", key)
    print(len(answers), "answers in", len(packets), "questions")


if __name__ == "__main__":
    main()
