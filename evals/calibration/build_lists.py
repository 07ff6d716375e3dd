"""Term lists dressed as answers, graded blind: evals/datasets/scoring_calib_lists.jsonl.

Helpers briefed to game a rubric scorer wrote four term lists per calibration question (rubric terms with
figures, synonyms, a numbered skeleton of noun phrases, a term list in an empty frame;
evals/datasets/gaming_keywords_dev.jsonl). For 12 questions picked at random, those 48 lists were shuffled
with four answers of the same question graded before (thin, good, keyword list, read-back) into
lists/packet.jsonl and graded by three new examiner helpers (strict, balanced, lenient; lists/grades/), blind
to the kinds. The anchors came out as before (thin 34.8 vs 35.4, good 78.4 vs 77.6); the lists got 9–26.
The 48 graded lists join their questions in fitting (evals/fit_scoring.py); the other 144 stay a dev check
(evals/eval_keywords.py skips the graded ones).

Usage: python evals/calibration/build_lists.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent / "lists"
OUT = Path(__file__).resolve().parents[1] / "datasets" / "scoring_calib_lists.jsonl"
GRADERS = ("strict", "balanced", "lenient")


def read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def main() -> None:
    key = {k["aid"]: k for k in read(HERE / "key.jsonl")}
    marks: dict[str, list[dict]] = {}
    for grader in GRADERS:
        for g in read(HERE / "grades" / f"{grader}.jsonl"):
            marks.setdefault(g["aid"], []).append(g)
    rows = []
    for packet in read(HERE / "packet.jsonl"):
        answers = []
        for a in packet["answers"]:
            k, m = key[a["aid"]], marks[a["aid"]]
            if not k["class"].startswith("kw_") or len(m) != len(GRADERS):
                continue
            totals = [float(g["total"]) for g in m]
            answers.append({"grade": "keywords", "style": k["class"][3:], "score": round(float(np.mean(totals)), 1),
                            "graders": totals, "point_marks": np.mean([g["points"] for g in m], axis=0).round(1).tolist(),
                            "aid": a["aid"], "text": a["text"]})
        rows.append({"id": packet["qid"], "answers": answers})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(len(rows), "questions,", sum(len(r["answers"]) for r in rows), "graded lists ->", OUT)


if __name__ == "__main__":
    main()
