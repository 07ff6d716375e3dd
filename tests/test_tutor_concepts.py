"""Two concepts compared from the notes ("A和B是一回事吗"), and list items' later sentences keep their label."""

from assistant.tutor.compose import _units, compared_clause, compared_terms, pair_lead
from assistant.types import Chunk, Hit


def _note(text: str, locator: str = "R:demo") -> Hit:
    return Hit(1, 1.0, Chunk(id=locator, locator=locator, title="demo", text=text, kind="note"))


REPAIR = ("笔记｜信用修复\n信用修复：信用主体纠正失信行为后申请提前停止公示。\n"
          "修复改变的是公示状态，不改写历史：处罚决定本身不撤销。信息本身有错误的，应走异议更正程序，不属于修复。")
FACTORING = ("笔记｜明保理与暗保理\n- 明保理（公开保理）：向债务人发出转让通知，债务人须向保理人付款。\n"
             "- 暗保理（隐蔽保理）：不通知债务人，到期由卖方收款后转付。未通知前债权转让对债务人不发生效力。")


def test_terms_are_cut_to_what_the_material_uses():
    assert compared_terms("老有企业把信用修复和异议更正搞混，这俩是一回事吗", REPAIR) == ("信用修复", "异议更正")
    assert compared_terms("暗保理什么意思 和明保理差在哪", FACTORING) == ("暗保理", "明保理")
    assert compared_terms("这俩是一回事吗", REPAIR) is None


def test_clause_naming_the_pair_in_a_long_message():
    assert compared_clause("在区平台受理，老有企业把信用修复和异议更正搞混，这俩是一回事吗") == "老有企业把信用修复和异议更正搞混"


def test_sentence_telling_both_apart_leads_with_the_one_before():
    text, hit = pair_lead("信用修复跟异议更正是一回事吗", [_note(REPAIR)])
    assert text.startswith("修复改变的是公示状态") and "应走异议更正程序，不属于修复" in text


def test_each_definition_when_no_sentence_has_both():
    text, _ = pair_lead("暗保理什么意思 和明保理差在哪", [_note(FACTORING)])
    assert text.startswith("暗保理（隐蔽保理）：不通知债务人") and "明保理（公开保理）：向债务人发出转让通知" in text


def test_a_later_sentence_of_a_list_item_keeps_its_label():
    units = _units(FACTORING)
    assert "暗保理（隐蔽保理）：未通知前债权转让对债务人不发生效力。" in units
    assert getattr(units[-1], "bare", "") == "未通知前债权转让对债务人不发生效力。"  # scored without the label
    assert "修复改变的是公示状态，不改写历史：处罚决定本身不撤销。" in _units(REPAIR)  # prose is not a list item
