"""Fast unit tests of the evidence rules: fillers, exact quotes, claims vs term lists, copying,
boilerplate, specifics, and misconception matching (no embedder needed)."""

import re

import pytest

from assistant.scoring.evidence import grams, meets, point_demands, telling_question, term_share, unit_quality
from assistant.scoring.facts import ErrorRule, FactBook, find_errors
from assistant.scoring.units import matching_form, split_units
from assistant.speech import delivery_metrics
from assistant.spoken import count_fillers, strip_fillers

RUBRIC = "流动比率 = 流动资产 ÷ 流动负债，速动比率 =（流动资产 − 存货）÷ 流动负债；结合行业中值对比"
QUESTION = "请算出客户的流动比率和速动比率，并说明对授信的含义。"


@pytest.fixture(scope="module")
def tok(fake_app):
    return fake_app.tokenizer


def _quality(text, tok):
    unit = split_units(text, tok)[0]
    return unit_quality(unit, grams(matching_form(QUESTION + RUBRIC)), tok)


@pytest.mark.parametrize("text,kept,count", [
    ("额，授信额度是100万", "，授信额度是100万", 1),
    ("呃那个，我们的额度和金额", "，我们的额度和金额", 2),
    ("那个客户的额外费用", "那个客户的额外费用", 0),
    ("嗯嗯这个这个问题", "这个问题", 2),
])
def test_fillers_never_eat_words(text, kept, count):
    assert strip_fillers(text) == kept and count_fillers(text) == count


def test_delivery_counts_fillers_with_the_shared_rule():
    from assistant.providers.asr import Segment, Transcript

    tr = Transcript("授信额度要按季度复核，额度内发货。", 5.0, [Segment(0.0, 5.0, "授信额度要按季度复核，额度内发货。")])
    assert delivery_metrics(tr).hesitations == 0


def test_units_quote_exactly_what_was_said(tok):
    answer = "嗯，DSO＝应收账款÷赊销收入×天数，一次性收回。第二点，额度要按季度复评"
    units = split_units(answer, tok)
    assert [u.raw for u in units] == ["嗯，DSO＝应收账款÷赊销收入×天数，一次性收回。", "第二点，额度要按季度复评"]
    assert all(answer[u.start:u.start + len(u.raw)] == u.raw for u in units)
    assert "1次性" in units[0].norm and "dso" in units[0].norm  # matching form only


def test_long_unpunctuated_speech_is_cut_at_word_boundaries(tok):
    answer = ("我们公司授信额度是按营运资产法算的先算营运资金再加净资产除以二然后乘以百分之十"
              "每个季度复评一次逾期超过三十天就停止发货另外新客户先给试用额度三个月后再看付款表现")
    units = split_units(answer, tok)
    assert len(units) >= 2 and "".join(u.raw for u in units) == answer


def test_a_list_of_terms_is_not_a_claim(tok):
    assert _quality("流动比率，速动比率，资产负债率，利息保障倍数，行业中值", tok).predicate == 0
    assert _quality("流动比率、速动比率、存货、流动负债", tok).predicate == 0
    assert _quality("速动比率要把存货扣掉，2300除以2500是0.92，低于1说明还债要靠卖存货。", tok).predicate > 0.8


def test_saying_one_does_not_know_is_no_claim(tok):
    assert _quality("他还说过应收账款那个周转率有讲究，具体怎么讲究我当时也没太记住。", tok).predicate == 0
    assert _quality("有些具体条款我也记不太清，反正大方向就是保护个人信息。", tok).predicate < 0.6
    assert _quality("客户根本不知道这笔转让，银行流水属于金融账户信息。", tok).predicate > 0.8  # not the candidate


def test_copied_rubric_and_boilerplate_are_measured(tok):
    assert _quality("流动比率等于流动资产除以流动负债，速动比率等于流动资产减存货除以流动负债。", tok).copied > 0.5
    assert _quality("我们要高度重视，健全制度，加强培训，持续改进，完善机制。", tok).generic > 0.6
    own = _quality("去年有个客户存货积压，速动比率只有0.6，我们把信用期从60天缩到30天。", tok)
    assert own.copied < 0.3 and own.generic < 0.3
    assert {"figure", "example"} <= own.specific


def test_point_demands_and_meets():
    assert point_demands("资产负债率 = 6,000 ÷ 10,000 = 60%") == {"figure"}
    assert "law" in point_demands("查询个人信用报告须取得本人书面同意（《征信业管理条例》）")
    assert meets(frozenset({"figure"}), frozenset({"formula"})) == 1.0
    assert meets(frozenset({"law"}), frozenset({"figure"})) == 0.0


def test_misconception_pattern_and_negation(tok):
    book = FactBook()
    book.add_question(QUESTION, [RUBRIC], [{"point": 1, "says": ["速动比率不用扣存货"], "right": "速动比率要扣除存货",
                                           "patterns": ["存货.{0,6}不(用|必|需要?)扣"]}], "R:fin-ratios")
    items = book.lookup(QUESTION, [RUBRIC])
    assert len(items) == 1 and book.lookup("别的题目", ["别的要点"]) == []
    wrong = split_units("算速动比率的时候存货不用扣，直接除。", tok)
    right = split_units("有人以为存货不用扣，这是错的，速动比率必须扣除存货。", tok)
    rule = ErrorRule(0.9, 0.03, 0.5, 0.2)
    words = lambda text: set(tok.tokens(text))  # noqa: E731
    errors = find_errors(items, wrong, [words(u.norm) for u in wrong], words, None, None, None, rule)
    assert len(errors) == 1 and errors[0].quote == "算速动比率的时候存货不用扣，直接除。"
    assert "应为：速动比率要扣除存货〔R:fin-ratios〕" in errors[0].text()
    assert find_errors(items, right, [words(u.norm) for u in right], words, None, None, None, rule) == []


def test_note_misconceptions_are_parsed_and_picked_by_terms():
    book = FactBook()
    body = "## 定义\n正文\n\n## DSO常见误区\n- 误区：分母用全部销售收入｜正确：分母是该期赊销收入\n- 误区：只看整体｜正确：要看大客户\n"
    book.add_note("ar-dso", ["DSO", "应收账款回收天数"], body)
    items = book.lookup("我们公司DSO偏高怎么办？", ["说明DSO与应收账款回收天数的口径"])
    assert [m.locator for m in items] == ["R:ar-dso", "R:ar-dso"] and items[0].point is None
    assert book.lookup("怎么设计培训课程？", ["课程目标"]) == []
    assert re.search("赊销", items[0].right)


def test_actions_with_their_objects_are_claims_compound_terms_are_not(tok):
    assert _quality("训后组织考试，资料整理归档，费用结算清楚。", tok).predicate == 1
    assert _quality("判断现金流能否覆盖还款", tok).predicate == 1
    assert _quality("利息保障倍数，转移风险，存档报告，客户调查", tok).predicate == 0


def test_working_the_rubrics_computation_is_not_copying_its_words_are(tok):
    rubric = grams(matching_form("部门考核：理论85分、实操55分。计算正确：85 × 0.3 + 55 × 0.4 + 88 × 0.3 = 73.9分"))
    worked = split_units("八十五乘零点三加五十五乘零点四加八十八乘零点三，等于七十三点九。", tok)[0]
    read_back = split_units("计算正确：85 × 0.3 + 55 × 0.4 + 88 × 0.3 = 73.9分", tok)[0]
    assert unit_quality(worked, rubric, tok).copied < 0.2
    assert unit_quality(read_back, rubric, tok).copied > 0.5
    assert "formula" in unit_quality(worked, rubric, tok).specific


def test_a_list_of_actions_is_steps_a_list_of_terms_and_figures_is_not(tok):
    assert _quality("训前发通知、组织报名、确认讲师、布置场地", tok).predicate == 1
    assert _quality("信用调查、信用评级、额度审批、账款催收", tok).predicate == 0
    assert _quality("额度200万，逾期45天，30天冻结标准，双重触发", tok).predicate == 0  # terms and figures strung together


def test_amounts_are_matched_in_one_form_whether_spoken_or_written():
    assert matching_form("已占用一百八十万，合计二百一十五万") == matching_form("已占用180万,合计215万")
    assert matching_form("收入1.3亿元") == matching_form("收入13000万元")
    assert matching_form("注册资本不少于五千万元") == matching_form("注册资本不少于5,000万元")


def test_a_question_mark_after_a_statement_does_not_cut_it(tok):
    """Speech recognition writes "？" after a rising phrase; only a real question ends a sentence there."""
    units = split_units("首先是目标？比如逾期率控制在5%以内。为什么要这样做？因为成本高。", tok)
    assert [u.raw for u in units] == ["首先是目标？比如逾期率控制在5%以内。", "为什么要这样做？", "因为成本高。"]


@pytest.mark.parametrize("text", [
    "第一，教案课件审查、随堂听课与评课表、学时出勤核对、学员及主管访谈；第二，督导记录、整改通知、限期整改以及复查。",
    "保理的债权转让属性、《民法典》第761至769条、有追索与无追索；质押的担保属性、出质登记设立、出质后转让限制。",
])
def test_numbered_and_noun_phrase_lists_are_not_statements(text, tok):
    assert all(unit_quality(u, set(), tok).predicate < 0.5 for u in split_units(text, tok))


@pytest.mark.parametrize("text", [
    "第一，教案课件审查、随堂听课与评课表、学时出勤核对、学员及主管访谈；第二，督导记录、整改通知、限期整改以及复查。",
    "逾期90天，次级，270天，可疑，《商业银行金融资产风险分类办法》，五级分类，拨备覆盖率。",
    "我从以下几个方面回答：电商信用分的性质与数据来源、芝麻信用分350至950区间；获取合规中的本人授权、正规接口、"
    "《个人信息保护法》告知同意；使用方法中的辅助变量、交叉验证。以上就是我的回答。",
])
def test_term_lists_however_dressed_are_mostly_term_only_stretches(text, tok):
    # Unit rules miss some disguises (long items, jieba reading 保理/获取 as verbs); the answer-level share of
    # stretches without any statement word does not depend on them. An empty frame ("我从以下几个方面回答：…以上
    # 就是我的回答") is left out of the share, so it does not dilute the list inside it.
    assert term_share(text, tok) >= 0.75


def test_a_frame_around_real_statements_does_not_make_them_a_list(tok):
    good = ("我从三个方面回答。第一，先核对60万欠款有没有争议；第二，提出首付20万、余款分四个月还清的方案，"
            "逾期一期就全部到期；第三，签书面还款协议，因为口头承诺没有约束力。以上就是我的回答。")
    assert term_share(good, tok) < 0.5


@pytest.mark.parametrize("text", [
    "我会查看营业执照、财务报表、纳税记录。",
    "客户经营正常还在进货、财务推说老板不在、不肯确认欠款。",
    "训前发通知、组织报名、确认讲师、布置场地。",
])
def test_lists_said_as_statements_still_count(text, tok):
    assert unit_quality(split_units(text, tok)[0], set(), tok).predicate == 1.0


def test_an_examiners_good_answer_is_mostly_statements(tok):
    good = ("我会先核对60万欠款有没有争议，然后提出首付20万、余款分四个月还清的方案，逾期一期就全部到期，"
            "最后签书面还款协议，因为口头承诺没有约束力。")
    assert term_share(good, tok) < 0.5


def test_the_questions_own_facts_told_back_count_as_copied(tok):
    question = "客户额度200万元，已占用180万元，今天来了一张35万元的新订单，有一张发票逾期45天，公司规定逾期超过30天冻结。"
    words = frozenset(w for w in tok.tokens(matching_form(question)) if len(w) >= 2)
    told = split_units("这道题给的情况是客户的额度200万元，已经占用了180万元，又来了35万元的新订单。", tok)[0]
    worked = split_units("占用180万再加35万就是215万，超出额度15万，而且逾期45天已过冻结线，应当暂停发货。", tok)[0]
    assert unit_quality(told, set(), tok, words).copied >= 0.85
    assert unit_quality(worked, set(), tok, words).copied < 0.5



def test_givens_set_out_before_ones_own_computation_are_not_a_copy(tok):
    question = "某企业季度赊销900万元，期末应收400万元，DSO是多少？"
    words = frozenset(w for w in tok.tokens(matching_form(question)) if len(w) >= 2)
    source = grams(matching_form(question))
    worked = split_units("季度赊销900万元，期末应收400万元，DSO就是400除以900再乘90天，等于40天。", tok)[0]
    told = split_units("季度赊销900万元，期末应收400万元，要算DSO。", tok)[0]
    assert unit_quality(worked, source, tok, words).copied == 0.0
    assert unit_quality(told, source, tok, words).copied > 0.5


def test_a_sentence_that_says_it_tells_the_question_back_is_a_copy_in_other_words_too(tok):
    """"这道题给的情况是：…" — the candidate's own word that what follows is the question; reworded givens in it
    are a copy, while the same words in a sentence of the candidate's own are judged as before."""
    question = "委托境外机构追收8万美元账款，非诉佣金15%，已追回5万美元；余款起诉预计费用8000美元，胜诉并执行到位概率40%。是否建议起诉？"
    words = frozenset(w for w in tok.tokens(matching_form(question)) if len(w) >= 2)
    framed = split_units("这道题给的情况是：我们委托了一家境外机构追收一笔8万美元的账款，非诉阶段的佣金是15%，"
                         "现在已经追回了5万美元，剩下的如果起诉预计要花8000美元。", tok)
    plain = split_units("我们委托了一家境外机构追收一笔8万美元的账款，非诉阶段的佣金是15%，"
                        "现在已经追回了5万美元，剩下的如果起诉预计要花8000美元。", tok)
    assert telling_question(framed) == {0} and telling_question(plain) == set()
    told_back = [unit_quality(u, set(), tok, words, True).copied for u in framed[1:]]
    own = [unit_quality(u, set(), tok, words, False).copied for u in plain]
    assert max(told_back) >= 0.6 and min(own) < 0.6
    advice = split_units("题目问的是要不要起诉，我建议先做资产调查再决定，因为期望净回收只有4000美元。", tok)
    assert all(unit_quality(u, set(), tok, words, True).copied < 0.6 for u in advice)


@pytest.mark.parametrize("opening", ["好的，这道题一共问了三层意思：", "这个问题问的是，", "这道题讲的是一家企业，"])
def test_the_ways_of_saying_the_question_is_being_told_back(tok, opening):
    assert telling_question(split_units(opening + "财务比率分哪几组，每组举一两个公式。", tok)) == {0}


def test_a_told_back_sentence_that_only_lists_the_givens_is_a_copy(tok):
    """"这道题给了一组数字，资金成本、运营成本、违约概率…": after the frame only the givens are named (违约概率 for
    the question's PD), so the unit is a copy; a frame followed by the candidate's own working is not."""
    question = "资金成本2.8%、运营成本1.7%、PD为4%、LGD为50%、目标资本回报1%。利率下限是多少？"
    words = frozenset(w for w in tok.tokens(matching_form(question)) if len(w) >= 2)
    listed = split_units("这道题给了一组数字，资金成本、运营成本、违约概率、违约损失率还有资本回报，问利率下限。", tok)
    worked = split_units("这道题给了五个数，我先算预期损失率，4%乘50%等于2%，下限就是7.5%。", tok)
    assert telling_question(listed) == {0} and telling_question(worked) == {0}
    assert unit_quality(listed[0], set(), tok, words, True).copied == 1.0
    assert unit_quality(worked[0], set(), tok, words, True).copied < 0.6


def test_long_items_that_each_end_in_a_noun_are_a_list_not_a_claim(tok):
    topics = split_units("电商信用分的性质与数据来源、芝麻信用分350至950区间、平台行为信用与金融信用评分的区别。", tok)[0]
    risks = split_units("主要风险在于客户集中度高、应收账款周转慢、现金流紧张。", tok)[0]
    assert unit_quality(topics, set(), tok).predicate == 0.0
    assert unit_quality(risks, set(), tok).predicate == 1.0


@pytest.mark.parametrize("heard,meant", [
    ("预期损失等于PD成LGD", "预期损失等于PD乘LGD"),
    ("EAD 承 PD", "EAD乘 PD"),
    ("KPI成为考核重点", "KPI成为考核重点"),
    ("ABS成功发行", "ABS成功发行"),
])
def test_a_misheard_operator_between_two_acronyms_is_put_back(heard, meant):
    from assistant.spoken import spoken_operators

    assert spoken_operators(heard)[0] == meant
