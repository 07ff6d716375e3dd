"""An embedder for fast tests of the things that match by meaning (scope vote, the notes' 常见误区)."""

import numpy as np

from assistant.tutor.scope import CALIBRATED_FOR


class StubEmbedder:
    """Texts that share their first character point the same way (cosine 1), others are orthogonal."""

    name = CALIBRATED_FOR  # the scope vote runs only for the embedder it was tuned with
    dim = 64

    def embed_queries(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for n, t in enumerate(texts):
            out[n, "甲乙丙丁".index(t[0])] = 1.0
        return out
