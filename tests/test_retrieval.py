"""Retrieval behaviour over the real corpus with the fake embedder (BM25 carries these)."""

import pytest

from assistant.levels import mentioned_levels, resolve_level
from assistant.locators import hit_matches


@pytest.mark.parametrize("query,expected", [
    ("综合评审时间不少于多少分钟", "1.9.4"),
    ("评审委员要几个人", "1.9.3"),
    ("二级技能考核里授信审批占多少权重", "4.2"),
    ("职业守则里关于不擅自更改客户信用记录怎么说", "2.1.2.6"),
    ("怎么用DSO和坏账率分析客户信用风险", "3.3/2.2"),
    ("一级要求会选择国际征信机构的服务吗", "3.4/3.2"),
])
def test_expected_locator_in_top5(fake_app, query, expected):
    # The fake embedder is noise by design, so the lexical list is what can be checked here;
    # real-model quality is tested in test_retrieval_real.py.
    hits = fake_app.retriever("bm25").search(query, k=5)
    assert any(hit_matches(h.chunk.locator, h.chunk.covers, [expected]) for h in hits), [h.chunk.locator for h in hits]


def test_level_filter_keeps_level_and_general_chunks(fake_app):
    hits = fake_app.search("信用档案", k=10, level="一级")
    assert hits and all(not h.chunk.levels or "一级/高级技师" in h.chunk.levels for h in hits)


def test_function_filter(fake_app):
    hits = fake_app.search("额度", k=5, function="授信审批")
    assert hits and all(h.chunk.function == "授信审批" for h in hits)


def test_ranks_and_scores_are_ordered(fake_app):
    hits = fake_app.search("账龄分析", k=5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))


def test_level_names():
    assert resolve_level("二级") == "二级/技师" and resolve_level("高级技师") == "一级/高级技师"
    assert mentioned_levels("一级/高级技师和技师有什么区别") == {"一级/高级技师", "二级/技师"}
    assert mentioned_levels("高级工要会什么") == {"三级/高级工"}
