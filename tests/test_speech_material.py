"""The course material as a sound-alike dictionary for transcripts (issue 15): spans the material never writes
are put right by a phrase it writes often that sounds the same; everyday wording is left alone."""

from __future__ import annotations

import pytest

from assistant.speech.lexicon import TermCorrector, near_sound
from assistant.speech.material import build_material, load_material

# 担保 and 负债 are frequent enough as two-character witnesses; 履行能力 and 强制执行 as longer phrases.
TEXTS = ["客户提供担保。" * 120, "资产负债率反映长期偿债能力。" * 110, "评估客户的履行能力。" * 4,
         "债务人不履行时可以申请强制执行。" * 5, "折让只在质量问题时给。" * 10, "资质审查。" * 20,
         "坏账核销要有证据。" * 3, "特别是新订单指数。" * 3, "这就是事实。" * 3, "压缩账龄。" * 3,
         "否则三十天内付全款。" * 3, "在电话里说清楚。" * 5]


@pytest.fixture(scope="module")
def corrector():
    return TermCorrector(["资质", "帐龄", "失信", "核销"], ["DSO"], build_material(TEXTS, near_sound))


@pytest.mark.parametrize("heard,meant", [
    ("对方提供单保以后再发货", "对方提供担保以后再发货"),
    ("资产复债率偏高", "资产负债率偏高"),
    ("先看它的旅行能力", "先看它的履行能力"),
    ("这笔坏账和销了", "这笔坏账核销了"),  # a term that fits its neighbours in the material
    ("否则六十天内负全款", "否则六十天内付全款"),  # 付+全款 holds a one-character word: the material writes 内付全款
])
def test_sound_alikes_of_the_materials_phrases_are_put_right(corrector, heard, meant):
    text, fixes = corrector.correct(heard)
    assert text == meant and fixes and all(f.heard in heard and f.term in meant for f in fixes)


@pytest.mark.parametrize("clean", [
    "我们再电话确认",  # 在+电话 holds a one-character word, and the material never writes 们在电话 or 在电话确
    "这让客户很满意",  # 折让 is a two-character phrase too rare in the material to witness against 这让
    "可以直接申请强制执行",  # inside a phrase of the material nothing is replaced (资质 sounds like 制执)
    "去年夏天我们去旅行",  # the material never says 旅行能力 here: a word alone is not changed
    "看PMI特别是新订单指数",  # 是新 sounds like the term 失信, but the material says 别是新, never 别失信 or 失信订
    "损失这就是十四万",  # a figure is never changed, though 就是十四 sounds like the material's 就是事实
])
def test_everyday_wording_and_the_materials_own_phrases_are_left_alone(corrector, clean):
    assert corrector.correct(clean) == (clean, [])


def test_terms_kept_with_the_old_ledger_character_are_written_with_the_new_one(corrector):
    assert corrector.correct("压缩张零")[0] == "压缩账龄"


def test_the_material_is_built_once_and_rebuilt_when_the_cache_is_torn(tmp_path):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    (corpus / "reference").mkdir(parents=True)
    (corpus / "reference" / "a.md").write_text("".join(TEXTS), encoding="utf-8")
    first = load_material(corpus, cache, near_sound)
    [saved] = cache.glob("speech-material-*.json")
    again = load_material(corpus, cache, near_sound)
    assert again.by_sound == first.by_sound and again.text == first.text
    saved.write_text("{", encoding="utf-8")
    assert load_material(corpus, cache, near_sound).by_sound == first.by_sound
    (corpus / "reference" / "a.md").write_text("客户提供担保。" * 3, encoding="utf-8")
    assert load_material(corpus, cache, near_sound).by_sound != first.by_sound  # new content: new build
    assert len(list(cache.glob("speech-material-*.json"))) == 1


@pytest.mark.parametrize("heard,new,allowed", [
    ("就是十四", "就是事实", False),  # a figure is never changed
    ("试试天", "四十天", False),  # nor made up from a misheard word
    ("经营一常", "经营异常", True),  # a lone 一 is as often a misheard 异/以/移
    ("善意地三", "善意第三", True),  # a numeral that stays in place
])
def test_corrections_neither_change_nor_invent_figures(heard, new, allowed):
    from assistant.speech.lexicon import _keeps_figures

    assert _keeps_figures(heard, new) is allowed
