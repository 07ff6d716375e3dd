"""Intents read from the question, and direct answers / premise checks from the structured standard."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("question,kind,levels,codes", [
    ("技师标准里3.3.1要求什么", "item_lookup", ("二级/技师",), ("3.3.1",)),
    ("高级技师４.２.２讲啥", "item_lookup", ("一级/高级技师",), ("4.2.2",)),
    ("第2.2.3条讲的是什么", "item_lookup", (), ("2.2.3",)),
    ("一级的3。2。1是什么技能", "item_lookup", ("一级/高级技师",), ("3.2.1",)),
    ("二级和一级在授信审批方面的技能要求有什么不同", "comparison", ("二级/技师", "一级/高级技师"), ()),
    ("二级的权重表里授信审批占多少", "weights", ("二级/技师",), ()),
    ("综合评审要多少分钟", "exam_rules", (), ()),
    ("DSO怎么算？举个例子", "formula", (), ()),
    ("速动比率0.92算高吗", "concept", (), ()),  # a figure is not an item code
    ("催收时给欠款人家属打电话合法吗", "legality", (), ()),
    ("直接扣下来抵债合法不", "legality", (), ()),
    ("3级 客户资信管理 理论跟技能各占多少", "weights", ("三级/高级工",), ()),  # digits before 级
    ("二级技师授信审批的权重 理论和技能分别是多少", "weights", ("二级/技师",), ()),  # 分别是多少: no comparison
    ("周末去哪里露营比较好", "concept", (), ()),  # 比较好 is not a comparison
    ("二级的“培训管理和指导”在比重表里占多少", "weights", ("二级/技师",), ()),  # …和指导”在比重表: 比重 is no 比
    ("催账那块技师跟高级技师考的东西一样吗", "comparison", ("二级/技师", "一级/高级技师"), ()),
    ("客户本人签字同意了，把他的病史写进信用档案，这样是不是就合规了", "legality", (), ()),
    ("高工技能考核的比重是多少", "weights", ("三级/高级工",), ()),  # 高工 is 高级工, not 高技
    ("提高工作效率的办法", "concept", (), ()),
    ("二级管渠道商准入的 一级管供应商准入的 这俩是不是一回事", "comparison", ("二级/技师", "一级/高级技师"), ()),
])
def test_intents(reader, question, kind, levels, codes):
    intent = reader.read(question)
    assert (intent.kind, intent.levels, intent.codes) == (kind, levels, codes)


def _answer(reader, facts, question):
    return facts.answer(reader.read(question), question)


def test_item_by_level_and_code(reader, facts):
    d = _answer(reader, facts, "技师标准里3.3.1要求什么")
    assert d.lines[0].startswith("二级/技师 3.3.1") and "能计算个体授信额度〔3.3/3.3.1〕" in d.lines[0]
    assert "授信额度计算方法" in d.lines[1] and not d.premise


def test_item_without_level_answers_both_levels(reader, facts):
    text = _answer(reader, facts, "第2.2.3条讲的是什么").text()
    assert "二级/技师 2.2.3" in text and "一级/高级技师 2.2.3" in text


def test_missing_item_is_a_false_premise(reader, facts):
    d = _answer(reader, facts, "二级的3.3.9是什么")
    assert d.premise and "没有 3.3.9" in d.premise[0] and "3.3.1–3.3.7" in d.premise[0]


def test_missing_item_of_a_named_level_lists_its_neighbours(reader, facts):
    """The level was named: its items of that work content are shown, not another level's 3.2.4."""
    text = _answer(reader, facts, "高级技师 第３.２.４条 国际征信那块 要求是啥").text()
    assert "一级/高级技师没有 3.2.4" in text and "3.2.1 能选用国际征信机构的服务" in text
    assert "能做内外部对账工作" not in text  # 三级's 3.2.4


def test_a_comparison_that_also_asks_for_weights_gives_each_levels_shares(reader, facts):
    d = _answer(reader, facts, "授信审批 二级和一级分别要会干啥，顺便说下这块权重")
    assert d.table and any("二级/技师 理论知识 25%、技能要求 30%；一级/高级技师 理论知识 15%、技能要求 15%" in x for x in d.lines)
    assert not any("比重" in x for x in _answer(reader, facts, "授信审批 二级和一级分别要会干啥").lines)


def test_comparison_table_and_missing_function(reader, facts):
    d = _answer(reader, facts, "二级和一级在商账追收方面的技能要求有什么不同")
    assert "一级/高级技师没有单列“商账追收”" in d.lines[0] and "追收国际欠款〔3.4/3.3〕" in d.lines[0]
    assert d.table[0] == "| 二级/技师 | 一级/高级技师 |" and "（未单列；相关内容）" in d.table[-1]
    assert "3.3 追收国际欠款：能优选外国追账机构" in d.table[-1]  # the column shows where 一级 treats it


def test_a_topic_found_at_one_level_sits_beside_the_same_function_at_the_other(reader, facts):
    """三级 has a 催收 item, 二级 none that names it: 二级's 商账追收 contents fill its column."""
    row = _answer(reader, facts, "三级跟二级在催账要求上有啥不同？三级是不是就打电话催收，二级要干嘛").table[-1]
    assert "3.2.5 能通过电话催收逾期应收账款" in row and "同属“商账追收”" in row and "能制定企业的收账政策" in row
    # "催账这块" names the function itself: both levels' 商账追收 side by side
    row = _answer(reader, facts, "三级跟二级在催账这块要求有啥不同？三级是不是就打电话催收，二级要干嘛").table[-1]
    assert "3.2 管控逾期应收账款：" in row and "能通过电话催收逾期应收账款" in row and "4.1 实施内勤催账：" in row


@pytest.mark.parametrize("question,says", [
    ("综合评审要120分钟对吧", "综合评审时间不少于30min"),
    ("综合评审2个小时？", "综合评审时间不少于30min"),
    ("听说综合评审要5个评委以上", "综合评审委员为3人（含）以上单数"),
    ("技能考核考评人员和考生1:5?", "考评人员与考生配比1:10"),
    ("培训要40学时吧", "68标准学时"),
    ("职业守则第18条说什么", "职业守则共 15 条"),
    ("标准第五章讲啥", "只有四章"),
    ("综合评审的评委是不是至少要五个人", "不是 5个人"),
    ("五级信用管理师考什么", "共设四个等级"),
    ("三级的授信审批要求有哪些", "三级/高级工没有单列“授信审批”"),
])
def test_false_premises_are_corrected_first(reader, facts, question, says):
    d = _answer(reader, facts, question)
    assert d.premise and says in d.premise[0]


@pytest.mark.parametrize("question", ["综合评审不少于30分钟吗", "综合评审委员要3人以上吗", "二级授信审批技能占30%对吧"])
def test_true_premises_are_not_corrected(reader, facts, question):
    assert not _answer(reader, facts, question).premise


def test_weights_for_a_function(reader, facts):
    d = _answer(reader, facts, "二级的授信审批权重占多少")
    assert d.lines == ["二级/技师：授信审批 理论知识 25%、技能要求 30%〔4.1〕〔4.2〕。"]


def test_the_highest_or_lowest_share_of_the_table_meant_is_named(reader, facts):
    d = _answer(reader, facts, "高技理论知识里哪个职业功能占比最高？培训管理和指导在技能表里占几个点")
    assert d.lines[0] == "一级/高级技师理论知识权重表中占比最高的是设施建设（25%）〔4.1〕。"
    assert "培训管理和指导" in d.lines[1] and "技能要求 5%" in d.lines[1]
    assert "最低的是培训管理和指导（5%）〔4.2〕" in _answer(reader, facts, "二级技能表里哪块最少").lines[0]


def test_work_content_named_not_numbered(reader, facts):
    """A work content said by its name gets its skills and knowledge; a named level without it is corrected."""
    ans = facts.answer(reader.read("高级技师 追收国际欠款 具体要会啥"), "高级技师 追收国际欠款 具体要会啥")
    assert "3.3.1 能优选外国追账机构或律所的追账服务" in ans.text() and ("3.4/3.3", None) in ans.locators
    q = "技师的实施培训工作有哪些要求"
    assert "短期培训" in facts.answer(reader.read(q), q).text()
    q = "技师对追收国际欠款有什么要求"
    wrong = facts.answer(reader.read(q), q)
    assert wrong.premise and "二级/技师没有“追收国际欠款”" in wrong.premise[0] and "3.3.1" in wrong.text()
    q = "怎么追收国际欠款"  # how to do it is not what the standard's item says
    assert not facts.answer(reader.read(q), q).text()


def test_a_levels_function_asked_for_its_contents(reader, facts):
    """"高级技师的国际信控有哪几个工作内容": the function's contents are the answer; asked how to do something
    within it, they are not."""
    q = "高级技师的国际信控有哪几个工作内容"
    text = facts.answer(reader.read(q), q).text()
    assert "3.1 开拓国际市场" in text and "3.3 追收国际欠款" in text and "〔3.4/3.2〕" in text
    q = "高级技师的国际信控中怎么选择国际征信机构"
    assert "开拓国际市场" not in facts.answer(reader.read(q), q).text()


@pytest.mark.parametrize("question,says", [
    ("理论知识考试时间是60分钟吗", "不对，不是 60分钟：标准规定各等级理论知识考试时间不少于90min"),  # 60min is 技能考核's
    ("理论考试监考1:10吧", "监考人员与考生配比不低于1:15"),
    ("综合评审要4个评委吗", "不对，不是 4个评委"),  # 单数
    ("听说综合评审起码要一个钟头", "不对，不是 1个钟头：标准规定综合评审时间不少于30min"),  # a higher minimum
])
def test_a_figure_is_checked_against_the_clause_about_what_was_asked(reader, facts, question, says):
    assert says in _answer(reader, facts, question).premise[0]


def test_a_figure_within_a_minimum_is_not_called_wrong_and_every_figure_is_checked(reader, facts):
    d = _answer(reader, facts, "听说理论考试要考120分钟，而且报名前培训得满120学时，是这样吧？")
    assert d.premise == ["标准没有规定 120分钟，只规定各等级理论知识考试时间不少于90min〔1.9.4〕。",
                         "标准没有规定 120学时，只规定四级/中级工、三级/高级工、二级/技师、一级/高级技师均不少于68标准学时〔1.8〕。"]


def test_each_weight_is_checked_against_the_function_it_was_said_of(reader, facts):
    d = _answer(reader, facts, "技师技能考核里制度规范占20%，授信审批占25%，没问题吧")
    assert sorted(d.premise) == ["不对，不是 20%：二级/技师“制度规范”的比重是技能要求 15%〔4.2〕。",
                                 "不对，不是 25%：二级/技师“授信审批”的比重是技能要求 30%〔4.2〕（25%是理论知识的比重）。"]


def test_a_comparison_where_one_level_lacks_the_function_lists_the_other_sides_contents(reader, facts):
    text = _answer(reader, facts, "技师和高级技师在国际信控方面各要掌握哪些？").text()
    assert "二级/技师没有单列“国际信控”" in text and "3.3 追收国际欠款：能优选外国追账机构或律所的追账服务" in text


def test_a_code_missing_from_the_named_levels_function_lists_that_functions_contents(reader, facts):
    text = _answer(reader, facts, "技师商账追收里的4.4.2是讲啥的").text()
    assert "二级/技师没有 4.4.2" in text and "4.1 实施内勤催账" in text and "诚信体系" not in text


def test_a_formula_is_worked_with_the_questions_own_credit_terms(reader, facts):
    q = "客户合同上写的是2/10 n/60，要是他放弃现金折扣，相当于多高的年化成本？"
    text = facts.answer(reader.read(q), q).text()
    assert "2% ÷ 98% × 360 ÷（60 − 10）≈ 14.69%" in text and "〔R:cl-credit-terms-notation〕" in text
    q = "2/10 n/30是什么意思"  # no cost asked: nothing is computed
    assert "≈" not in facts.answer(reader.read(q), q).text()


@pytest.mark.parametrize("question,says", [
    ("季度赊销九百万，期末应收四百万，DSO几天", "400 万元 ÷ 季度赊销收入 900 万元 × 90 天 = 40 天"),
    ("全年赊销收入3600万元 年末应收账款余额400万 算一下dso", "400 万元 ÷ 全年赊销收入 3600 万元 × 360 天 = 40 天"),
    ("月度赊销200万 期末应收100万 其中未逾期60万 DSO和逾期DSO", "最佳DSO = 未逾期应收 60 万元 ÷ 200 万元 × 30 = 9 天，逾期DSO = 15 − 9 = 6 天"),
    ("这季度赊销1200万 季末应收还剩500万 其中没逾期的大概300万 按90天 算下DSO和逾期DSO",  # words between name and figure
     "最佳DSO = 未逾期应收 300 万元 ÷ 1200 万元 × 90 = 22.5 天，逾期DSO = 37.5 − 22.5 = 15 天"),
    ("赊销收入900万，应收账款400万，按90天算DSO", "400 万元 ÷ 赊销收入 900 万元 × 90 天 = 40 天"),  # days said outright
])
def test_dso_is_worked_with_the_questions_own_named_figures(reader, facts, question, says):
    text = facts.answer(reader.read(question), question).text()
    assert says in text and "〔R:ar-dso〕" in text


@pytest.mark.parametrize("question", ["DSO怎么算 应收200万", "赊销600万 期末应收200万 DSO几天"])  # a figure or the period unsaid
def test_dso_is_not_guessed_without_both_figures_and_the_period(reader, facts, question):
    assert "按题中数字" not in facts.answer(reader.read(question), question).text()


def test_an_item_numbered_in_another_level_gives_that_items_knowledge(reader, facts):
    q = "一级/高级技师3.6.2要求建立渠道商准入资格审核和解约流程，这条配套的相关知识是哪个"
    text = facts.answer(reader.read(q), q).text()
    assert "一级/高级技师没有 3.6.2" in text and "对应的相关知识：渠道商全生命周期管理知识" in text


def test_a_few_reviewers_said_as_sanwu_is_not_a_figure(reader, facts):
    q = "综合评审一般三五个评委吗"
    assert "35" not in facts.answer(reader.read(q), q).text()


def test_a_higher_level_lacking_a_lower_levels_content_is_told_it_covers_it(reader, facts):
    q = "一级的委托追账有哪些技能要求"
    d = facts.answer(reader.read(q), q)
    assert "高级别涵盖低级别的要求〔3〕" in d.premise[0] and "3.3.1 能优选外国追账机构或律所的追账服务〔3.4/3.3.1〕" in d.premise[0]
    q = "一级的转移信用风险有哪些技能要求"  # its related skill shares the rarer word pair 转移, not 信用/风险
    assert "2.2.4 能制定综合使用风险转移服务的方案" in facts.answer(reader.read(q), q).premise[0]
    q = "技师对追收国际欠款有什么要求"  # a lower level lacking a higher level's content is not covered by it
    assert "涵盖" not in facts.answer(reader.read(q), q).text()


def test_a_figure_said_of_something_else_is_not_a_premise(reader, facts):
    assert not _answer(reader, facts, "我在练综合评审答辩的口才，你帮我写一篇3分钟的口播稿吧").premise


def test_a_topic_comparison_shows_the_sibling_items_of_the_work_content(reader, facts):
    row = _answer(reader, facts, "个人信用分这块，技师跟高级技师分别要求会干啥，区别在哪").table[-1]
    assert "2.3.4 能用个人信用分设计市场营销方案" in row and "2.3.1 能用金融信用分评估消费者信用风险" in row


def test_a_topic_the_higher_level_lacks_is_covered_by_it(reader, facts):
    row = _answer(reader, facts, "想对比一下：二级技师和一级高级技师在“应对政府信用监管”上分别要会什么？").table[-1]
    assert "5.1.2 能解读政府信用监管政策和规章" in row and "高级别涵盖低级别的要求〔3〕" in row


def test_an_item_named_by_its_words_is_located(reader, facts):
    """Items are named by their words: the longest run of the question found in few items names it."""
    q = "技师相关知识要求里的“企业破产保护知识”是在哪个工作内容下面的"
    assert "“企业破产保护知识”是二级/技师 4 商账追收 › 4.1 实施内勤催账的相关知识要求（4.1.2）〔3.3/4.1〕。" in \
        facts.answer(reader.read(q), q).lines
    q = "想把技师的2.1.5“应收账款融资”那条要求吃透"  # a missing code, the name it was meant for
    assert "一级/高级技师 2 审批授信 › 2.2 评估企业客户信用风险的相关知识要求（2.2.5）" in facts.answer(reader.read(q), q).text()
    q = "信用风险在哪一级"  # a run found in many items names none
    assert "”是" not in facts.answer(reader.read(q), q).text()


def test_a_named_work_content_is_set_beside_the_other_levels_namesake(reader, facts):
    """"评估客户信用风险" (二级 3.3) beside 一级 2.2 评估企业客户信用风险, with 相关知识 when knowledge is asked."""
    q = "技师评估客户信用风险这块的相关知识，一级对应那块要掌握的知识有啥不一样"
    d = facts.answer(reader.read(q), q)
    assert "技能要求与相关知识" in d.lines[0]
    assert "3.3 评估客户信用风险：能计算个体授信额度" in d.table[-1] and "〔3.4/2.2〕<br>相关知识：行业中值分析法" in d.table[-1]
    q = "评估客户信用风险这块二级一级有什么区别"  # no knowledge asked: skills only
    assert "相关知识" not in facts.answer(reader.read(q), q).text()


def test_an_exam_question_asking_several_things_gets_each_clause(reader, facts):
    q = "二级综合评审具体怎么进行的啊，要再笔试一轮吗？还是就答辩？评委大概几个人，多少分算过"
    text = facts.answer(reader.read(q), q).text()
    assert "综合评审委员为3人（含）以上单数〔1.9.3〕" in text and "监考" not in text
    assert "审阅申报材料、答辩" in text and "60分（含）以上者为合格〔1.9.2〕" in text
    q = "综合评审时间要多久"  # one thing asked: one section
    assert facts.answer(reader.read(q), q).locators == [("1.9.4", None)]


def test_two_functions_compared_with_their_weights_when_asked_which_counts_more(reader, facts):
    q = "高级技师的 设施建设 和 重点领域信控 这两块区别在哪？各自都包括啥，哪个分值更高一点"
    table = "\n".join(facts.answer(reader.read(q), q).table)
    assert "4.1 建设信控系统" in table and "| 25%〔4.1〕 | 25%〔4.2〕 |" in table and "| 20%〔4.1〕 | 20%〔4.2〕 |" in table
    q = "高级技师的设施建设和重点领域信控有什么区别"  # no weight asked
    assert "比重" not in "\n".join(facts.answer(reader.read(q), q).table)


def test_a_missing_code_quoting_another_levels_item_says_where_that_item_is(reader, facts):
    q = "高级技师4.3.7说要能依法规制作企业法人类客户黑名单，这个黑名单一般要设计哪些字段啊？"
    premise = facts.answer(reader.read(q), q).premise
    assert "一级/高级技师没有 4.3.7 这一条" in premise[0] and "是二级/技师 3 授信审批 › 3.3 评估客户信用风险的技能要求（3.3.7）" in premise[1]


def test_a_function_named_in_everyday_words_is_the_function(reader, facts):
    q = "催账那块（就是追欠款的活）技师跟高级技师考的东西一样吗？是不是到一级就不管催收了"
    assert reader.read(q).functions == ("商账追收",)
    d = facts.answer(reader.read(q), q)
    assert "一级/高级技师没有单列“商账追收”，相关要求见国际信控 › 3.3 追收国际欠款〔3.4/3.3〕" in d.lines[0]
    assert "高级别涵盖低级别的要求〔3〕" in d.lines[0]
    assert not reader.read("催收时能给欠款人家属打电话吗").functions  # bare 催收 is a topic


def test_a_work_content_given_a_wrong_number_is_corrected(reader, facts):
    q = "分析客户信用价值，二级一级都有这个工作内容吧，编号都是3.2？两级具体要求到底有啥区别"
    d = facts.answer(reader.read(q), q)
    assert d.premise == ["不对：一级/高级技师的“分析客户信用价值”是 2.1（2 审批授信），不是 3.2〔3.4/2.1〕。"]
    assert "2.1.1 能估算给予客户授信额度的极值" in d.text() and "调查国外客户信用状况" not in d.text()


def test_a_code_rule_number_is_checked_against_what_the_question_says_it_says(reader, facts):
    q = "职业守则第3条说要依法按期销毁当事人的不良信用记录，那第2条是讲啥的来着？"
    d = facts.answer(reader.read(q), q)
    assert d.premise[0].startswith("不对：你说的这条是职业守则第2条：（2）维护征信数据库") and \
        "〔2.1.2.2〕第3条是：（3）严格履行客户信用档案保密责任" in d.premise[0]
    assert not d.lines  # rule 2, asked about, is quoted in the correction already
    q = "职业守则第12条怎么理解"
    assert facts.answer(reader.read(q), q).lines[0].startswith("职业守则第12条：（12）积极宣贯信用国家标准")


def test_application_conditions_without_a_level_quote_no_level(reader, facts):
    """"做会计的工作年限能算进去吗" names no level: no level's conditions are picked by shared words."""
    q = "做会计的工作年限能算进去吗"
    assert "可申报" not in facts.answer(reader.read(q), q).text()
    q = "技师申报条件有哪些"
    assert facts.answer(reader.read(q), q).lines[0].startswith("申报二级/技师须具备以下条件之一")


def test_the_reviewers_as_candidates_call_them_are_the_standards_review_committee(reader, facts):
    """"综评…评委起码5个人" is about 综合评审委员 (1.9.3), not the proctors of the written exam."""
    q = "听说综评至少要一个钟头，评委起码5个人，陈述部分要准备多长啊"
    premise = facts.answer(reader.read(q), q).premise
    assert "不对，不是 5个人：标准规定综合评审委员为3人（含）以上单数〔1.9.3〕。" in premise
    assert any("综合评审时间不少于30min〔1.9.4〕" in p for p in premise)


def test_the_application_footnotes_answer_what_counts(reader, facts):
    """相关职业 is defined in a footnote of 1.9.1: asked for, or asked whether an occupation it lists counts."""
    for q in ("申报条件里说的相关职业都有哪些", "做会计的工作年限能算进去吗"):
        text = facts.answer(reader.read(q), q).text()
        assert "标准注：相关职业：被列入《中华人民共和国职业分类大典（2015年版）》" in text and "会计专业人员" in text
    q = "技师申报条件要几年"
    assert "标准注" not in facts.answer(reader.read(q), q).text()


def test_weights_said_from_the_other_table_are_named_as_such(reader, facts):
    """"高工技能考核…客户资信管理40% 全程信控15%…剩下20%是职业道德加基础知识": those are the theory table's."""
    q = "高工技能考核的比重：客户资信管理40% 全程信控15% 商账追收25%，剩下20%是职业道德加基础知识，对吧"
    d = facts.answer(reader.read(q), q)
    assert "不对，不是 40%：三级/高级工“客户资信管理”的比重是技能要求 50%〔4.2〕（40%是理论知识的比重）。" in d.premise
    assert any("技能要求权重表里没有职业道德、基础知识" in line and "职业道德 5%" in line for line in d.lines)


def test_a_student_asking_for_a_level_that_admits_no_students_is_told_which_does(reader, facts):
    q = "研三明年毕业 硕士应届生可以直接报二级技师吧"
    premise = " ".join(facts.answer(reader.read(q), q).premise)
    assert "申报二级/技师的条件里没有在校应届毕业生这一项" in premise and "三级/高级工" in premise


def test_two_items_compared_by_description_come_with_their_knowledge(reader, facts):
    q = "二级有条管渠道商准入的 一级也有条管供应商准入的 这俩是不是一回事 相关知识一样吗"
    table = "\n".join(facts.answer(reader.read(q), q).table)
    assert "3.6.2 能建立渠道商准入资格审核" in table and "5.1.3 能建立供应商准入资质审核制度" in table
    assert "渠道商全生命周期管理知识" in table and "合格供应商信用评价知识" in table


def test_a_function_a_lower_level_has_is_covered_by_the_higher(reader, facts):
    q = "四级的会议技术服务和文件编制管理 三级还考不考"
    assert "高级别涵盖低级别的要求〔3〕" in " ".join(facts.answer(reader.read(q), q).premise)


def test_expected_loss_is_worked_with_the_questions_named_figures(reader, facts):
    q = "循环额度1500万 已经提用900万 信用转换系数按40% PD 2.5% LGD 50%，我算的EL=900×2.5%×50%=11.25万，对不对"
    text = facts.answer(reader.read(q), q).text()
    assert "EAD = 已用 900 万元 + 未用 600 万元 × 40% = 1140 万元" in text and "= 14.25 万元" in text
    q = "PD 2.5% LGD 50% 预期损失怎么算"  # no credit line named: nothing is guessed
    assert "按题中数字" not in facts.answer(reader.read(q), q).text()


def test_a_code_the_standard_prints_twice_gives_both_skills(reader, facts):
    text = _answer(reader, facts, "四级 5.2.2要求会啥").text()
    assert "能按指定模板编纂业务相关PPT文件" in text and "能草拟业务案例分析文件文本" in text


def test_a_function_the_higher_level_lacks_points_to_its_nearest_owner_and_related_content(reader, facts):
    d = _answer(reader, facts, "为啥高级技师的工作要求里没有商账追收了？是不是考一级就不用会催收了")
    premise = " ".join(d.premise)
    assert "高级别涵盖低级别的要求〔3〕" in premise and "追收国际欠款" in premise
    assert d.lines[0].startswith("“商账追收”是二级/技师的第4个职业功能")  # the nearest level below that has it


def test_where_the_skill_exam_is_held_and_on_what(reader, facts):
    text = _answer(reader, facts, "技能考核在哪考啊 要不要自己带笔记本电脑 理论是笔试还是机考的").text()
    assert "信用实验室" in text and "信用管理专业软件" in text and "机考" in text


def test_a_chapter_of_another_text_is_no_false_premise_about_the_standard(reader, facts):
    q = "美国客户申请了破产保护，好像是第11章，还能天天打电话催吗"
    assert not any("只有四章" in p for p in _answer(reader, facts, q).premise)
    assert "只有四章" in _answer(reader, facts, "标准第5章讲的是什么").premise[0]


def test_a_collection_is_worked_with_the_questions_own_figures(reader, facts):
    q = "佣金按追回金额18% 现在追回来7万 剩下5万要打官司 费用大概1.2万 胜诉并执行到位的概率35% 净到手多少 值不值得起诉"
    text = _answer(reader, facts, q).text()
    assert "7万 × 18% = 1.26万" in text and "= 5.74万" in text
    assert "5万 × 35% − 1.2万 = 5,500，为正" in text


def test_a_skill_without_a_knowledge_item_of_its_number_points_to_the_nearest_one(reader, facts):
    text = _answer(reader, facts, "技师5.1.5这条讲什么 它对应的5.1.5相关知识我怎么没找到").text()
    assert "5.1.3 信用修复方法" in text and "相关知识里没有编号 5.1.5 的一条" in text
    assert "相关知识里没有编号" not in _answer(reader, facts, "技师3.3.1的相关知识是什么").text()  # 3.3.1k exists


def test_the_candidates_own_years_are_no_premise_and_a_training_school_is_not_training_hours(reader, facts):
    q = "我在企业干了8年会计，培训机构的人说会计不算相关职业，我只能先报四级，是这样吗"
    d = _answer(reader, facts, q)
    assert not d.premise and "会计专业人员" in d.text() and "学时" not in d.text()
    assert "不对，不是8年" in _answer(reader, facts, "报三级是不是要干满8年").premise[0]
