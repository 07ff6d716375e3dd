"""A clause that flips a direction or a modal of the question's own correct statements (fast, no embedder)."""

import re

import pytest

from assistant.scoring.contrary import Statement, content_words, contrary_errors
from assistant.scoring.facts import states
from assistant.scoring.units import matching_form, split_units


def runner(tokenizer, *facts):
    """`answer -> errors` against statements given as (text, point)."""
    words = content_words(tokenizer.words)
    statements = [Statement.of(text, point, f"R:{point}", words) for text, point in facts]
    return lambda answer: contrary_errors(statements, split_units(answer, tokenizer), words)

LIMIT = "关系：信用价值决定额度极值（多约束取最小），日常额度在极值以内按等级和付款表现浮动"
STANDARD = "团体标准、企业标准的技术要求不得低于强制性国家标准"


@pytest.fixture(scope="module")
def check(fake_app):
    return runner(fake_app.tokenizer, (LIMIT, 2), (STANDARD, 4))


@pytest.mark.parametrize("answer,point", [
    ("几种方法算出来不一样时，额度极值按各个约束里最大的一个来定，日常额度在极值以内浮动。", 2),
    ("企业标准的技术要求可以根据实际情况低于强制性国家标准。", 4),
])
def test_a_flipped_statement_is_an_error_on_its_point(check, answer, point):
    errors = check(answer)
    assert [e.point for e in errors] == [point]
    assert errors[0].quote in answer and "应为" in errors[0].text()


@pytest.mark.parametrize("answer", [
    "额度极值取各个约束里最小的一个，不是最大的那个，日常额度在极值以内浮动。",  # says the true side too
    "企业标准的技术要求不得低于强制性国家标准，可以高于它。",
    "这家客户去年采购额最大，我们给的日常额度也最高。",  # same words, another subject
    "有人以为额度极值可以按约束里最大的定，这是常见误区。",
])
def test_the_true_side_other_subjects_and_reported_errors_are_not(check, answer):
    assert check(answer) == []


CONSENT = "合规：收集敏感个人信息须取得本人单独同意"
FREEZE = "识别逾期45天已超过30天冻结标准，应冻结订单"


@pytest.fixture(scope="module")
def denial(fake_app):
    return runner(fake_app.tokenizer, (CONSENT, 1), (FREEZE, 0))


@pytest.mark.parametrize("answer,point", [
    ("银行流水拿来就能用，不需要取得本人单独同意。", 1),
    ("扣掉信用期以后，逾期天数其实没有超过冻结标准，可以放行。", 0),
    ("银行流水拿来就能用，不需要取得本人单独同意，这不算违规。", 1),  # "not a breach" names none
])
def test_denying_what_a_statement_affirms_is_an_error(denial, answer, point):
    assert [e.point for e in denial(answer)] == [point]


@pytest.mark.parametrize("answer", [
    "是不是需要本人单独同意，要看收集的是不是敏感个人信息。",  # asks
    "如果没有取得本人单独同意，就不能收集敏感个人信息。",  # supposes
    "不能把没有取得本人单独同意的敏感个人信息放进档案。",  # a prohibition around the denial
    "逾期四十五天，已经超过三十天的冻结标准，这张订单不放行。",  # denies something else
    "冻结标准和信用期不是一回事。",  # tells two things apart
    "例外是申请时已经说明，客户在三十天内也没有提出异议。",  # an exception to the rule, over two clauses
    "银行流水发到群里，也没有取得本人单独同意。",  # what someone failed to do: the fault in the case
    "这样做明显违规，银行流水不需要本人单独同意的做法是错的。",  # the sentence names the breach
    "银行流水一般不需要本人单独同意，但如果属于敏感个人信息就要单独同意。",  # a rule and its exception
])
def test_questions_suppositions_prohibitions_and_distinctions_are_not(denial, answer):
    assert denial(answer) == []


@pytest.mark.parametrize("sentence,stated", [
    ("练习直接用真实客户的原始数据就行", True),
    ("练习直接用真实客户的原始数据，这不行，必须先脱敏", False),  # said, then turned down
    ("有人练习直接用真实客户的原始数据，这是大忌", False),
    ("很多人以为练习直接用真实客户的原始数据就行，其实要脱敏", False),  # a belief reported, then corrected
    ("培训不等于练习直接用真实客户的原始数据", False),
    ("有人先练习直接用真实客户的原始数据，结果泄露了", False),  # others' practice, reported
    ("练习直接用真实客户的原始数据看似省事，其实违规", False),
    ("“练习直接用真实客户的原始数据”不对", False),
    ("练习不直接用真实客户的原始数据", False),  # denied where the claim starts
])
def test_a_misconception_said_and_turned_down_is_not_stated(sentence, stated):
    pattern = re.compile(matching_form("练习直接用真实客户的原始数据"))
    assert (states([pattern], matching_form(sentence)) is not None) is stated


def test_a_permission_the_statement_itself_grants_is_not_a_flip(fake_app):
    venue = "合同纠纷由被告住所地法院管辖，也可书面协议选择与争议有实际联系地点的法院，不能约定与争议无实际联系的法院"
    run = runner(fake_app.tokenizer, (venue, 0))
    assert run("双方也可以书面约定与争议有实际联系地点的法院。") == []


def test_a_slip_corrected_at_once_is_no_error(fake_app):
    """"时效两年——哦不，现在是三年": examiners do not mark a slip the candidate corrects in the same breath."""
    from assistant.scoring.analysis import self_corrected
    units = split_units("还有诉讼时效的台账，时效两年——哦不，现在是三年。乙排第一，高三点四分。", fake_app.tokenizer)
    assert self_corrected(units, 0) and not self_corrected(units, len(units) - 1)


RESALE = "政策写入经销协议，不得约定固定或限定最低转售价格等违反《中华人民共和国反垄断法》的条款"
PURPOSE = "查询个人信用报告须取得本人书面同意，并不得超出约定用途使用"
RESERVE = "未经核定的准备金支出不得税前扣除，实际发生的坏账损失可以税前扣除"
PLEDGE = "动产抵押权自合同生效时设立，未经登记，不得对抗善意第三人"


@pytest.fixture(scope="module")
def bans(fake_app):
    return runner(fake_app.tokenizer, (RESALE, 3), (PURPOSE, 1), (RESERVE, 0), (PLEDGE, 2))


def test_doing_what_a_statement_forbids_is_an_error(bans):
    answer = "为了保证政策落地，我会在经销协议里统一约定最低转售价格，谁都不能低于这个价出货。"
    assert [e.point for e in bans(answer)] == [3]


@pytest.mark.parametrize("answer", [
    "协议里不会约定最低转售价格，这是反垄断法禁止的。",  # negated
    "红线之一：在经销协议里约定最低转售价格。",  # listed as a red line
    "在经销协议里约定最低转售价格，违反《反垄断法》。",  # condemned after
    "如果在协议里约定最低转售价格，就可能被处罚。",  # supposed
    "协议里要是约定最低转售价格，那肯定不行。",  # supposed with 要是, condemned after
    "查到的信用报告只能按约定用途使用。",  # the forbidden verb (超出) is not said
    "符合条件的坏账损失都可以在税前扣除。",  # another subject than the prohibition's (准备金支出)
    "动产抵押登记以后就能对抗善意第三人。",  # the prohibition is lifted by its condition (未经登记)
    "红线至少有：暴力威胁；在经销协议里约定最低转售价格；私收现金不入账。",  # a list of red lines over "；"
])
def test_forbidden_acts_named_as_such_are_not(bans, answer):
    assert bans(answer) == []


def test_a_ban_whose_subject_comes_first_needs_that_subject(fake_app):
    """"病史信息属于禁止采集的信息": the act is only 采集…信息; collecting other information does not do it."""
    check = runner(fake_app.tokenizer, ("疾病和病史信息属于《征信业管理条例》禁止采集的信息", 0))
    assert check("我们只采集与还款能力相关的信息。") == []
    assert [e.point for e in check("我们会采集客户的病史信息，用来判断还款意愿。")] == [0]


def test_a_fact_denied_with_another_negator_is_not_contradicted(fake_app):
    """"无力正常还款" denies as "没有正常还款能力" does: saying the latter agrees with the fact."""
    check = runner(fake_app.tokenizer, ("0.6亿元借款人已停产、无力正常还款，按履约能力至少归为次级", 2))
    assert check("那0.6亿元借款人已经停产、没有正常还款能力，应至少归为次级。") == []


@pytest.mark.parametrize("sentence,stated", [
    ("期望回收30000×40%=12000美元，所以建议起诉", True),
    ("期望回收30000×40%=12000美元，但费用要先花，所以期望净回收是12000-8000=4000美元", False),  # a step
])
def test_a_figure_worked_on_later_in_the_sentence_is_a_step(sentence, stated):
    pattern = re.compile(r"期望(回收|值)[^。]{0,8}(?<![\d.])(12000|1\.2万)(?!\d)")
    assert (states([pattern], matching_form(sentence)) is not None) is stated


ASSESS = "指出需做个人信息保护影响评估（第五十五条：处理敏感信息、向他人提供时）"
REPORTS = "按风险和价值分层配置：重点客户深度报告，一般客户监控服务"
APOSTILLE = "我国已适用海牙认证公约，以附加证明书代替领事认证"


@pytest.fixture(scope="module")
def dismissals(fake_app):
    return runner(fake_app.tokenizer, (ASSESS, 2), (REPORTS, 1), (APOSTILLE, 0))


@pytest.mark.parametrize("answer", [
    "签了保密协议就行，也不用做影响评估。",
    "只要对方签了保密协议，就不需要再做个人信息保护影响评估。",  # a condition claimed to suffice
])
def test_dismissing_what_a_statement_requires_is_an_error(dismissals, answer):
    assert [e.point for e in dismissals(answer)] == [2]


@pytest.mark.parametrize("answer", [
    "一般客户不用每年买深度报告，用监控服务就够了。",  # a frequency: the thing is still done
    "现在用附加证明书，不再走领事认证。",  # the statement itself replaces it
    "如果不向他人提供、也不处理敏感信息，就不需要做影响评估。",  # supposed
    "有人以为签了协议就不用做影响评估，这是误区。",  # reported
    "影响评估不能省，不要等出了事再补。",  # a prohibition, not a dismissal
    "计算时用净利润而不用营业收入。",  # names the alternative
    "深度报告不需要超过两份。",  # a limit
])
def test_frequencies_replacements_suppositions_and_prohibitions_are_not_dismissals(dismissals, answer):
    assert dismissals(answer) == []
