"""A computation worked out wrongly is an error; right ones, rounded ones and spoken ones are not (fast)."""

import pytest

from assistant.scoring.arithmetic import arithmetic_errors, wrong_computation
from assistant.scoring.units import matching_form, split_units


@pytest.mark.parametrize("said,value", [
    ("甲的加权分：92乘35%是30.2分", 32.2),
    ("保理手续费250万乘0.4%，是10万元", 1e4),
    ("问题率6÷20是25%", 0.3),
    ("六项合计0.8＋0.5＋0.45＋0.15＋0.15＋0.3＝2.65", 2.35),
    ("A方案五年总成本60＋30＋12×5＝120万", 150.0),
    # spoken: operands and the result named on the way, Chinese numerals, "一共", "再加"
    ("三百六乘零点七五，下季度额度是二百八十万元", 270.0),
    ("应收四百二加上待发的八十，一共六百万", 500.0),
    ("应收六百二十万除以额度八百万，使用率是百分之八十七点五", 0.775),
    ("三乘零点二五加一乘零点二五加二乘零点二再加三乘零点一五，等于一点七五分", 1.85),
])
def test_a_wrong_result_is_found_with_the_right_value(said, value):
    found = wrong_computation(matching_form(said))
    assert found is not None and found[1] == pytest.approx(value)


@pytest.mark.parametrize("said", [
    "92乘35%是32.2",
    "手续费250万乘0.4%，是1万元",
    "A是60＋30＋12×5＝150万",  # the unit changes between the sides
    "甲是（40×4.5＋8×5）÷48，约4.58",  # rounded
    "DSO=1,700÷3,400×90=45天",
    "45÷120=37.5%",
    "一百八十万加三十五万是二百一十五万",  # spoken figures
    "3000加4000除以2是3500万",  # said left to right
    "八十五乘零点三加五十五乘零点四，等于二十五点五加二十二，一共四十七点五分",  # a chain of equal sides
    "现金折扣2/10，n/30，账期10-20天，2023-11-01是周三",  # notation, ranges, dates
    "七十乘以百分之八减百分之二点一，是四点一三",  # said for 70 × (8% − 2.1%)
    "A＝许可60＋实施30＋维护12×5＝150万元",  # a sum broken by labels: 12×5 is only its tail
    "ROI等于收益减成本再除以成本，15%8除以8，是87.5%",  # "15减8" misheard: where the sum starts is unknown
    "应收二百一十万，加上已发货没开票的四十万，再加审核了没发的三十万，一共二百八十万",
    "3000加4000除以2是3500万，乘10%，基础额度350万",  # goes on from a stated result
    "变动成本率是1−25%=75%，再乘12%，得275×75%×12%=24.75万元",
    "冻结30分+逾期超30天20分+未核实舆情5分=55分",  # labels inside a sum: only its tail would match
    "第二个方法用需求法，一百二乘以三十加十五，就是四十五，再除以三十，一百八十万",  # 120×(30+15)÷30
    "甲的加权分：15加19.5，92乘35%是32.2，再加17，合计81.7分",  # "加权" is no operator
])
def test_right_rounded_spoken_and_non_computations_are_not(said):
    assert wrong_computation(matching_form(said)) is None


def test_a_sum_begun_in_the_window_before_is_read_whole():
    """A long answer with no punctuation is cut into windows; "…就是2%除以" ends one, "98%乘360…" starts the next."""
    assert wrong_computation("就是2%除以98%乘360除以20大约36.73%", start=len("就是2%除以")) is None
    assert wrong_computation("98%乘360除以20大约36.73%") is not None  # read alone, the sum is wrong


def test_the_error_quotes_the_unit_and_gives_the_value(fake_app):
    answer = "先算额度。基础额度是3000加4000除以2，等于3500万。临时额度3500万乘10%是300万。"
    units = split_units(answer, fake_app.tokenizer)
    errors = arithmetic_errors(units, None)
    assert len(errors) == 1 and errors[0].quote in answer and "350万" in errors[0].text()
    rate = arithmetic_errors(split_units("问题率是6÷20=25%。", fake_app.tokenizer), None)
    assert "6÷20 = 30%" in rate[0].text()


def test_a_thousands_separator_does_not_cut_a_figure_in_two(fake_app):
    """A long sentence is cut at commas, but not at the one inside 1,200: "200+800×50%=1,600" is no error."""
    answer = "已用的1,200万元全额计入，未用的800万元按50%的信用转换系数折成400万元，EAD=1,200+800×50%=1,600万元。"
    assert arithmetic_errors(split_units(answer, fake_app.tokenizer), None) == []


def test_a_sum_cut_by_the_unit_edge_is_judged_once_with_both_parts_quoted(fake_app):
    """A long sentence is cut at commas: "…舆情5分，30加20加5，" ends one unit, "一共65分…" starts the next."""
    said = "按规则打分，冻结三十分、逾期超三十天二十分、未核实舆情五分，三十加二十加{}，一共六十五分，已经直接进红色，帖子一旦核实分数还会再往上走。"
    units = split_units(said.format("五"), fake_app.tokenizer)
    assert len(units) > 1
    errors = arithmetic_errors(units, None)
    assert len(errors) == 1 and "三十加二十加五，一共六十五分" in errors[0].quote and "= 55" in errors[0].text()
    assert arithmetic_errors(split_units(said.format("十五"), fake_app.tokenizer), None) == []


def test_a_decimal_figure_said_with_wan_is_read_as_one_figure():
    """cn2an keeps "九点六万" as text; the sum "九点六万加一点五万是十二点一万" is then checked like any other."""
    assert matching_form("九点六万加一点五万是十一点一万") == "9.6万加1.5万是11.1万"
    assert wrong_computation(matching_form("九点六万加一点五万是十二点一万")) is not None
    assert matching_form("二十万一点也不多") == "20万一点也不多"  # 一点 as "a little" stays a word
