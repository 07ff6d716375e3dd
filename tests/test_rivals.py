"""The off-topic check: another bank question fits the answer better than the one asked."""

from assistant.providers.embeddings import FakeEmbedder
from assistant.scoring.rivals import CLEAR, Rivals

BANK = [("企业的收账政策应包括哪些内容？松紧怎么权衡？", ["收账目标与逾期升级时间表", "比较收账费用与坏账损失"]),
        ("怎样确定客户的信用期限？", ["考虑行业惯例、客户等级、产品特点", "延长信用期限的边际收益与成本"]),
        ("渠道商的准入审核怎样操作？", ["资质审查与实地考察", "签经销协议、收保证金"])]
ON_TOPIC = "收账政策要写明收账目标、逾期升级时间表和分工；松紧要比较收账费用和坏账损失。"
NEIGHBOUR = "我讲讲信用期限的确定：要看行业惯例、客户等级和产品特点，延长信用期限要算边际收益和成本。"


def test_an_answer_about_another_bank_question_has_a_negative_margin(fake_app, tmp_path):
    rivals, embedder = Rivals(fake_app.tokenizer, BANK, tmp_path), FakeEmbedder()
    question, points = BANK[0]
    query = lambda t: embedder.embed_queries([t])[0]  # noqa: E731
    on_words, on_margin = rivals.margins(question, points, ON_TOPIC, embedder, query)
    off_words, off_margin = rivals.margins(question, points, NEIGHBOUR, embedder, query)
    assert on_words > 0 and on_margin == CLEAR  # the words favour the asked question: no embedding is needed
    assert off_words < 0 and off_margin < CLEAR  # the words favour 信用期限: the meaning check ran
    assert len(list(tmp_path.glob("rivals-*.npy"))) == 1  # the bank's vectors are kept for the next start


def test_the_asked_question_and_its_twins_are_not_rivals(fake_app):
    rivals = Rivals(fake_app.tokenizer, BANK)
    question, points = BANK[1]  # asked verbatim from the bank: its own entry must not count as a rival
    assert rivals.margins(question, points, NEIGHBOUR)[0] > 0
    reworded = ("客户的信用期限怎样确定？", points)  # a user's copy of a bank question is its twin, not a rival
    assert rivals.margins(*reworded, NEIGHBOUR)[0] > 0
