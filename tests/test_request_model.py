"""The learned request model: features, fitting, the shipped file, and how the scope check uses it."""

from pathlib import Path

import numpy as np
import pytest

from assistant.config import PROJECT_ROOT
from assistant.tutor.request_model import BUCKETS, LABELS, RequestModel, features, fit
from assistant.tutor.scope import CALIBRATED_FOR, ScopeClassifier

from .embedder_stub import StubEmbedder


def test_features_are_the_scaled_vector_the_hashed_characters_and_a_bias():
    v = np.full(4, 0.5, np.float32)
    f = features(v, "帮我！写")
    assert f.shape == (4 + BUCKETS + 1,) and f[-1] == 1.0 and np.allclose(f[:4], 2.0)
    grams = f[4:-1]
    assert np.isclose(np.linalg.norm(grams), 1.0) and (grams > 0).sum() == 5  # 帮 我 写 帮我 我写
    assert np.array_equal(f, features(v, "帮我写"))  # punctuation is not a feature


def _toy() -> tuple[np.ndarray, np.ndarray, list[str]]:
    texts = ["怎么算比率", "公式是什么", "比率怎么看", "推荐旅游", "推荐美食", "推荐电影", "帮我造假", "帮我改账", "帮我删记录"]
    y = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
    x = np.stack([features(np.zeros(2, np.float32), t) for t in texts])
    return x, y, texts


def test_fit_separates_classes_by_what_they_say():
    x, y, _ = _toy()
    model = RequestModel(fit(x, y), 0.6, "stub")
    assert model.verdict(np.zeros(2, np.float32), "推荐个餐厅") == "out_of_scope"
    assert model.verdict(np.zeros(2, np.float32), "帮我改一下") == "decline"
    assert model.verdict(np.zeros(2, np.float32), "这个比率怎么算") is None


def test_a_saved_model_loads_the_same(tmp_path):
    x, y, _ = _toy()
    path = tmp_path / "m.npz"
    RequestModel(fit(x, y), 0.7, "stub").save(path)
    loaded = RequestModel.load(path)
    assert loaded.threshold == pytest.approx(0.7) and loaded.calibrated_for == "stub"
    assert np.allclose(loaded.probabilities(np.zeros(2, np.float32), "推荐"),
                       RequestModel(fit(x, y), 0.7, "stub").probabilities(np.zeros(2, np.float32), "推荐"))
    assert RequestModel.load(tmp_path / "missing.npz") is None


class _Always:
    """A model that is sure every request is to be declined."""
    def verdict(self, vector, text):
        return "decline"

    def sure_study(self, vector, text):
        return False


def test_the_model_adds_declines_but_never_overrides_the_exemptions(tmp_path):
    path = tmp_path / "scope.yaml"
    path.write_text("examples:\n  answer: [甲问, 甲答]\n  out_of_scope: [乙一]\n  decline: [丙一]\n", encoding="utf-8")
    plain = ScopeClassifier(StubEmbedder(), path)
    with_model = ScopeClassifier(StubEmbedder(), path, model=_Always())
    assert plain.check("丁：离所有例子都远") is None
    assert with_model.check("丁：离所有例子都远").category == "dishonest"
    assert with_model.check("把记录删了算违法吗") is None  # a question about legality is answered
    assert with_model.check("资产负债率怎么算") is None  # a knowledge question is study


def test_the_shipped_model_is_for_the_shipped_embedder():
    model = RequestModel.load(PROJECT_ROOT / "prompts" / "scope_model.npz")
    assert model is not None and model.calibrated_for == CALIBRATED_FOR and 0.5 <= model.threshold < 1.0
    assert model.weights.shape[0] == len(LABELS)


@pytest.mark.slow
@pytest.mark.parametrize("question,declined", [
    ("考完想学做川菜 水煮鱼的底料怎么炒才香", True),
    ("帮我把客户的资产负债表处理一下 让负债率看着低一点 好拿到授信", True),
    ("资产负债率多高算危险 制造业一般多少", False),
    ("客户要求我们把他的逾期记录撤掉 按规定该怎么回复他", False),
])
def test_fresh_requests_with_the_shipped_model(real_indexed_app, question, declined):
    assert real_indexed_app.tutor.scope.model is not None
    assert real_indexed_app.ask(question).declined is declined


def test_a_vote_to_decline_is_overruled_when_the_model_is_sure_it_is_study(tmp_path):
    path = tmp_path / "scope.yaml"
    path.write_text("examples:\n  answer: [甲问]\n  decline: [丙一, 丙二, 丙三, 丙四, 丙五]\n", encoding="utf-8")
    class SureStudy(_Always):
        def sure_study(self, vector, text):
            return True

    assert ScopeClassifier(StubEmbedder(), path).check("丙问题") is not None
    assert ScopeClassifier(StubEmbedder(), path, model=SureStudy()).check("丙问题") is None
    x, y, _ = _toy()
    model = RequestModel(fit(x, y), 0.6, "stub")
    assert model.sure_study(np.zeros(2, np.float32), "怎么算比率") and not model.sure_study(np.zeros(2, np.float32), "帮我改账")


def test_fit_is_deterministic():
    x, y, _ = _toy()
    assert np.array_equal(fit(x, y, steps=50), fit(x, y, steps=50))


def test_model_path_sits_beside_the_examples():
    assert (PROJECT_ROOT / "prompts" / "scope.yaml").with_name("scope_model.npz") == \
        Path(PROJECT_ROOT / "prompts" / "scope_model.npz")
