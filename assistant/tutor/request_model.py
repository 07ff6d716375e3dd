"""A learned second opinion on whether a request is for the tutor: multinomial logistic regression.

The nearest-neighbour vote (scope.py) only declines what sits close to one reviewed example; a fresh topic or
euphemism ("求婚词", "报表调一调变成盈利") has no close example. This model weighs the whole space instead: the
e5 query vector plus hashed character uni- and bigrams (the words that ask someone to act or to hide, "帮我",
"查不出", whatever the topic). It is fitted by evals/fit_scope.py on the labelled development requests
(prompts/scope.yaml and the tutor's dev sets, never the check or holdout sets), with the threshold chosen
in leave-one-set-out cross-validation, and shipped as prompts/scope_model.npz. It is used only with the
embedder it was fitted with.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import numpy as np

LABELS = ("answer", "out_of_scope", "decline")
BUCKETS = 4096  # hashed character n-gram features
# The vote's decline is overruled when the model is this sure the request is a study question.
VETO = 0.95
VECTOR_SCALE = 4.0  # e5 cosines crowd together; scaled so both feature groups train at one learning rate
_KEEP = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")


def features(vector: np.ndarray, text: str) -> np.ndarray:
    """[scaled e5 vector | L2-normalised binary hashed character uni/bigrams | bias]."""
    plain = _KEEP.sub("", text.lower())
    grams = np.zeros(BUCKETS, np.float32)
    for n in (1, 2):
        for i in range(len(plain) - n + 1):
            grams[zlib.crc32(plain[i:i + n].encode()) % BUCKETS] = 1.0
    grams /= max(1.0, float(np.sqrt(grams.sum())))
    return np.concatenate([np.asarray(vector, np.float32) * VECTOR_SCALE, grams, np.ones(1, np.float32)])


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 1500, rate: float = 1.0) -> np.ndarray:
    """Class-balanced multinomial logistic regression by full-batch gradient descent (deterministic)."""
    k = len(LABELS)
    w = np.zeros((k, x.shape[1]), np.float32)
    counts = np.bincount(y, minlength=k).astype(np.float32)
    weight = (len(y) / (k * np.maximum(counts, 1.0)))[y]
    onehot = np.eye(k, dtype=np.float32)[y]
    for _ in range(steps):
        p = softmax(x @ w.T)
        w -= rate * (((p - onehot) * weight[:, None]).T @ x / len(y) + l2 * w)
    return w


class RequestModel:
    def __init__(self, weights: np.ndarray, threshold: float, calibrated_for: str) -> None:
        self.weights, self.threshold, self.calibrated_for = weights, threshold, calibrated_for

    @classmethod
    def load(cls, path: Path) -> RequestModel | None:
        if not path.exists():
            return None
        data = np.load(path, allow_pickle=False)
        return cls(data["weights"], float(data["threshold"]), str(data["calibrated_for"]))

    def save(self, path: Path) -> None:
        np.savez_compressed(path, weights=self.weights, threshold=np.float32(self.threshold),
                            calibrated_for=np.array(self.calibrated_for))

    def probabilities(self, vector: np.ndarray, text: str) -> np.ndarray:
        return softmax(self.weights @ features(vector, text))

    def verdict(self, vector: np.ndarray, text: str) -> str | None:
        """The declining label when the model is sure the request is not a study question, else None."""
        p = self.probabilities(vector, text)
        if 1.0 - p[0] < self.threshold:
            return None
        return LABELS[1] if p[1] >= p[2] else LABELS[2]

    def sure_study(self, vector: np.ndarray, text: str) -> bool:
        return bool(self.probabilities(vector, text)[0] >= VETO)
