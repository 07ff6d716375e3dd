"""Join questions, blind grades and the answer key into evals/datasets/scoring_calib.jsonl.

Usage: python evals/calibration/build_dataset.py [check2]
Each answer's expected score is the mean of the graders' totals ("graders" keeps each grader's total,
"point_marks" the mean marks per rubric point). A speech-recognition copy ("garbled") was not graded: it
takes the mean of the typed answer it was spoken from, as a panel hears the same answer.

Two grading rounds, both blind, by different graders: grades/ (round 1) capped the adjustment of a total
at ±10 of the point marks, which stopped graders from deducting what they wanted for confidently stated
errors (several reported raising such totals to comply); grades2/ (round 2) lifted that cap. Round 2 is
the target ("score", "graders"); round 1's mean is kept as "score_round1".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

SUB = sys.argv[1] if len(sys.argv) > 1 else ""
HERE = Path(__file__).resolve().parent / SUB
OUT = Path(__file__).resolve().parents[1] / "datasets" / f"scoring_calib{'_' + SUB if SUB else ''}.jsonl"
GRADERS = ("strict", "balanced", "lenient")


def read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _marks(folder: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for grader in GRADERS:
        for part in sorted((HERE / folder).glob(f"{grader}-*.jsonl")):
            for g in read(part):
                out.setdefault(g["aid"], []).append(g)
    return out


def main() -> None:
    questions = read(HERE / "questions.jsonl")
    key = {k["aid"]: k for k in read(HERE / "key.jsonl")}
    marks, first = (_marks("grades"), {}) if SUB else (_marks("grades2"), _marks("grades"))
    garbled = {g["qid"]: g for g in read(HERE / "answers" / "garbled.jsonl")} \
        if (HERE / "answers" / "garbled.jsonl").exists() else {}
    rows = []
    for q in questions:
        answers = []
        for aid, k in sorted(key.items()):
            if k["qid"] != q["qid"] or len(marks.get(aid, [])) != len(GRADERS):
                continue
            totals = [float(g["total"]) for g in marks[aid]]
            points = np.mean([g["points"] for g in marks[aid]], axis=0).round(1).tolist()
            round1 = round(float(np.mean([g["total"] for g in first.get(aid, [])] or [np.nan])), 1)
            answers.append({"grade": k["class"], "score": round(float(np.mean(totals)), 1), "graders": totals,
                            **({"score_round1": round1} if first else {}),
                            "point_marks": points, "aid": aid, "text": k["text"]})
        good = next((a for a in answers if a["grade"] == "good"), None)
        if good and q["qid"] in garbled:
            answers.append({"grade": "garbled", "score": good["score"], "aid": good["aid"] + "-asr",
                            "text": garbled[q["qid"]]["text"]})
        rows.append({"id": q["qid"], "split": q["split"], "level": q["level"], "skill_code": q["qid"],
                     "question": q["question"], "rubric": q["rubric"], "answers": answers})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(len(rows), "questions,", sum(len(r["answers"]) for r in rows), "answers ->", OUT)


if __name__ == "__main__":
    main()
