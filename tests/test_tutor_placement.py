"""Premises about where the standard prints things, codes bound to the level named with them, mixed-up ratios,
and items named by their words under a wrong code."""

import pytest

from assistant.tutor.intents import code_levels
from assistant.tutor.placement import number


def _answer(reader, facts, question):
    return facts.answer(reader.read(question), question)


@pytest.mark.parametrize("text,value", [("10", 10), ("十", 10), ("十五", 15), ("二十", 20), ("二十五", 25), ("三", 3)])
def test_number(text, value):
    assert number(text) == value


def test_rules_put_in_another_chapter_and_miscounted(reader, facts):
    d = _answer(reader, facts, "职业守则是放在第三章工作要求里的吧？好像一共就10条 哪条是说设计赊销产品不能变相加费率的")
    said = "".join(d.premise)
    assert "不在第三章" in said and "2.1.2" in said and "共 15 条，不是 10 条" in said


def test_rule_count_answered_when_right(reader, facts):
    d = _answer(reader, facts, "职业守则有几条")
    assert not d.premise and "职业守则共 15 条" in d.lines[0]


def test_function_put_in_another_chapter(reader, facts):
    d = _answer(reader, facts, "授信审批是第四章的内容吗")
    assert "不在第四章" in d.premise[0] and "第3章“工作要求”" in d.premise[0]


def test_chapter_of_another_text_is_no_premise(reader, facts):
    assert not _answer(reader, facts, "企业破产法第三章讲职业守则吗").premise


def test_code_bound_to_the_level_named_with_it():
    assert code_levels("三级里面那些催收的技能 跟技师 4.1 有啥不同", ("4.1",)) == {"4.1": ["二级/技师"]}
    assert code_levels("二级和一级的3.3.1有什么不同", ("3.3.1",)) == {}  # the code at both levels
    assert code_levels("技师的2.2和高级技师的2.2是一回事吗", ("2.2",)) == {"2.2": ["二级/技师", "一级/高级技师"]}


def test_comparison_of_a_level_without_code(reader, facts):
    d = _answer(reader, facts, "三级里面那些催收的技能 跟技师 4.1 实施内勤催账 有啥不同啊")
    text = d.text()
    assert not d.premise and "二级/技师 4.1" in text and "通过电话催收逾期应收账款" in text


def test_mixed_up_ratio_says_whose_it_is(reader, facts):
    d = _answer(reader, facts, "听说技能考核的考评员跟考生按1:15配，是这样吗")
    said = "".join(d.premise)
    assert "不是 1:15" in said and "配比1:10" in said and "监考人员" in said
    assert "分为理论知识考试" not in said  # no section without a ratio is quoted as the correction


def test_wrong_code_with_the_item_words(reader, facts):
    d = _answer(reader, facts, "一级国际信控 3.4 参与境外客户破产清算 那块的相关知识讲啥")
    text = d.text()
    assert "没有 3.4" in text and "（3.3.4）" in text and "外国企业破产法知识" in text


def test_level_without_function_says_what_its_code_is(reader, facts):
    d = _answer(reader, facts, "技师那部分的 3.3 追收国际欠款，相关知识考什么")
    assert "二级/技师的 3.3 是“评估客户信用风险”" in "".join(d.premise)
    assert "二级/技师没有“追收国际欠款”这一工作内容；它在一级/高级技师里" in d.text()


def test_without_a_certificate_which_level(reader, facts):
    q = "我当会计干了6年，手上没有任何信用管理师证书，能直接报二级技师吗？不行的话能报哪级"
    text = _answer(reader, facts, q).text()
    assert "不需证书即可申报三级/高级工" in text and "5年以上" in text
    assert "没有职业资格证书时" not in _answer(reader, facts, "我有三级证书，干了2年，能报二级吗").text()
