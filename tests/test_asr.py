"""Speech-to-text: one contract over the fake and the real transcriber, bad audio, model assembly, CER."""

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.providers.asr import (
    AudioError,
    FakeTranscriber,
    Segment,
    Transcript,
    ensure_model,
)
from assistant.providers.simplify import cer, normalise_for_cer, numerals_to_digits
from assistant.speech import delivery_metrics

CLIPS = Path(__file__).resolve().parents[1] / "evals" / "asr"
CLIP = CLIPS / "clips" / "a01.ogg"


def _wav(path, samples, rate=16000, channels=1):
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


@pytest.fixture(scope="module")
def whisper(tmp_path_factory):
    """The product's transcriber: domain terms in the prompt, term corrections after decoding."""
    from assistant.app import App
    from assistant.config import load_settings

    data = tmp_path_factory.mktemp("asr")
    return App(load_settings("test", data_dir=data)).build_transcriber("whisper", data / "models")


@pytest.fixture(params=["fake", pytest.param("whisper", marks=pytest.mark.slow)])
def transcriber(request):
    if request.param == "fake":
        return FakeTranscriber({"a01.ogg": "我们公司的应收账款回收天数，从去年的75天降到了今年的48天，主要靠每周做一次账龄分析"})
    return request.getfixturevalue("whisper")


def test_contract_speech_and_silence(transcriber, tmp_path):
    tr = transcriber.transcribe(CLIP, hint="应收账款")
    assert isinstance(tr, Transcript) and tr.duration == pytest.approx(9.7, abs=0.3)
    reference = json.loads((CLIPS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[0])["text"]
    edits, n = cer(reference, tr.text)
    assert edits / n < 0.2
    assert all(0 <= s.start <= s.end <= tr.duration + 0.5 for s in tr.segments)
    silence = transcriber.transcribe(_wav(tmp_path / "silence.wav", np.zeros(16000 * 10)))
    assert silence.text == "" and silence.duration == pytest.approx(10, abs=0.1)


@pytest.mark.slow
def test_no_text_on_noise_and_stereo_48k_is_fine(whisper, tmp_path):
    noise = np.random.default_rng(0).standard_normal(16000 * 10) * 0.3
    assert whisper.transcribe(_wav(tmp_path / "noise.wav", noise)).text == ""
    stereo = _wav(tmp_path / "s48.wav", np.zeros(48000 * 3 * 2), rate=48000, channels=2)
    assert whisper.transcribe(stereo).duration == pytest.approx(3, abs=0.1)


@pytest.mark.slow
def test_cer_on_committed_clips(whisper):
    from assistant.evaluation import eval_asr

    result = eval_asr(whisper.transcribe, CLIPS / "manifest.jsonl")
    assert result["n"] >= 12 and result["cer"] <= 0.10, result["cer"]
    assert all("作词" not in i["text"] and "字幕" not in i["text"] for i in result["items"])


def test_bad_audio_messages(tmp_path):
    fake = FakeTranscriber()
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.wav"
    junk.write_bytes(np.random.default_rng(1).bytes(5000))
    cut = tmp_path / "cut.ogg"
    cut.write_bytes(CLIP.read_bytes()[:300])
    text = tmp_path / "answer.txt"
    text.write_text("不是音频", encoding="utf-8")
    for path, msg in [(empty, "为空"), (junk, "无法解码"), (text, "不支持"), (tmp_path / "none.wav", "不存在")]:
        with pytest.raises(AudioError, match=msg):
            fake.transcribe(path)
    try:  # a truncated file either decodes what is there or is refused clearly
        assert fake.transcribe(cut).duration >= 0
    except AudioError as err:
        assert "cut.ogg" in str(err)


def test_over_ten_minutes_refused(tmp_path, monkeypatch):
    import assistant.providers.asr as asr

    monkeypatch.setattr(asr, "MAX_SECONDS", 5)
    with pytest.raises(AudioError, match="10 分钟"):
        FakeTranscriber().transcribe(_wav(tmp_path / "long.wav", np.zeros(16000 * 6)))


def test_model_assembled_once_with_checksum(tmp_path):
    model = ensure_model(tmp_path)
    stat = (model / "model.bin").stat()
    assert stat.st_size == 2 * 72608766 and not list(model.glob("*.tmp"))
    assert ensure_model(tmp_path) == model and (model / "model.bin").stat().st_mtime_ns == stat.st_mtime_ns


def test_cer_normalisation():
    assert normalise_for_cer("應收賬款，七十多天！") == normalise_for_cer("应收账款 70多天")
    assert normalise_for_cer("dso 降到 四十八 天") == "DSO降到48天"
    assert cer("账龄分析", "账领分析") == (1, 4)
    # an amount said in words and written by whisper in 万 is one figure, not four edits apart
    assert cer("授信五十万元", "授信50万元") == (0, 6)
    assert normalise_for_cer("两千三百万") == normalise_for_cer("2300万")
    assert normalise_for_cer("三万") == normalise_for_cer("30,000") and normalise_for_cer("四千万") == normalise_for_cer("4千万")
    assert normalise_for_cer("一点二亿") == normalise_for_cer("1.2亿") == "12000万"
    assert normalise_for_cer("二〇二二年") != normalise_for_cer("22年")


@pytest.mark.parametrize("said,digits", [
    ("两三天内回复", "2-3天内回复"),  # a range, not 23
    ("一两个月", "1-2个月"),
    ("三五个评委", "3-5个评委"),  # the idiom 三五 is "a few", not 35
    ("零点四五乘五十二", "0.45乘52"),  # decimal places are not a range
    ("八十万一样", "800000一样"),  # the 一 starts a word
    ("二十三万", "230000"),
])
def test_numerals_to_digits_keeps_ranges_and_words(said, digits):
    assert numerals_to_digits(said) == digits


def test_delivery_metrics_state_facts():
    tr = Transcript("嗯我们先做账龄分析然后那个再计算DSO", 20.0,
                    [Segment(1.0, 6.0, "嗯我们先做账龄分析"), Segment(9.5, 14.0, "然后那个再计算DSO")])
    d = delivery_metrics(tr, budget_s=15)
    assert d.long_pauses == [{"at_s": 6.0, "length_s": 3.5}]
    assert d.hesitations == 2 and d.over_budget_s == 5.0 and d.speech_s == 13.0
    text = "".join(d.feedback())
    assert "3.5 秒" in text and "超出本题建议时间 5 秒" in text
    assert not any(w in text for w in ("紧张", "自信", "焦虑", "情绪"))


def test_cli_transcribe_and_eval_asr_shapes(run_cli, tmp_path):
    data = json.loads(run_cli("transcribe", str(CLIP), "--json").stdout)
    assert {"text", "duration", "segments", "delivery"} <= set(data)
    out = json.loads(run_cli("eval", "asr", "--manifest", str(CLIPS / "manifest.jsonl"), "--json").stdout)
    assert {"n", "cer", "term_error_rate", "rtf", "by_condition", "items"} == set(out) and out["n"] >= 12
    bad = run_cli("transcribe", str(tmp_path / "missing.wav"), check=False)
    assert bad.returncode != 0 and "不存在" in bad.stderr and "Traceback" not in bad.stderr
