"""A clause that flips a direction or a modal of the question's own correct statements (fast, no embedder)."""

import pytest

from assistant.scoring.contrary import Statement, content_words, contrary_errors
from assistant.scoring.units import split_units

LIMIT = "关系：信用价值决定额度极值（多约束取最小），日常额度在极值以内按等级和付款表现浮动"
STANDARD = "团体标准、企业标准的技术要求不得低于强制性国家标准"


@pytest.fixture(scope="module")
def check(fake_app):
    tok = fake_app.tokenizer
    words = content_words(tok.words)
    statements = [Statement.of(LIMIT, 2, "R:x", words), Statement.of(STANDARD, 4, "R:y", words)]

    def run(answer):
        return contrary_errors(statements, split_units(answer, tok), words)
    return run


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
