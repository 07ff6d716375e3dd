"""Chinese-aware tokenisation for BM25: jieba (search mode) + a user dictionary of credit terms."""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

# Variant characters a recogniser or a candidate may write for the same word.
_VARIANTS = str.maketrans({"帐": "账", "製": "制", "颱": "台"})
# Frequent Mandarin ASR homophone slips for domain terms (not words in their own right).
_HOMOPHONES = {"争信": "征信", "正信": "征信", "催手": "催收", "保里": "保理", "受信额度": "授信额度",
               "信用休复": "信用修复", "长龄": "账龄"}
# 正信 is a slip for 征信 only when it is not the end of a word: 更正信息, 补正信用记录, 公正信用 stay as said.
_HOMOPHONE_RE = re.compile("|".join(("(?<![更补改纠修指订校核公真])正信" if k == "正信" else re.escape(k))
                                    for k in _HOMOPHONES))
_TOKEN_RE = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)*")
_STOPWORDS = frozenset(
    "的 了 和 与 及 或 是 在 有 对 把 被 为 要 会 能 吗 呢 吧 啊 呀 么 什么 怎么 怎样 如何 哪些 哪个 多少 一下 "
    "这个 那个 这 那 我 你 他 她 们 我们 你们 都 也 就 还 又 请问 请 说说 讲讲 一个 之 其 以 及其 等 中 上 下".split()
)


def normalise_text(text: str) -> str:
    """NFKC (full-width → half-width), lower-case Latin, unify variants and ASR homophone slips."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_VARIANTS)
    return _HOMOPHONE_RE.sub(lambda m: _HOMOPHONES[m.group(0)], text)


class Tokenizer:
    """jieba with its cache inside the data dir and the project's term dictionary loaded once."""

    def __init__(self, cache_dir: Path, user_dict: Path | None) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        cache_dir.mkdir(parents=True, exist_ok=True)
        self._jieba = jieba.Tokenizer()
        self._jieba.tmp_dir = str(cache_dir)
        self._jieba.cache_file = "jieba.cache"
        if user_dict and user_dict.is_file():
            self._jieba.load_userdict(str(user_dict))
        self._pos = None  # part-of-speech tagger, built on first use

    def tokens(self, text: str) -> list[str]:
        out = []
        for piece in _TOKEN_RE.findall(normalise_text(text)):
            words = self._jieba.lcut_for_search(piece) if piece[0] >= "\u4e00" else [piece]
            out += [w for w in words if w.strip() and w not in _STOPWORDS]
        return out

    def frequency(self, word: str) -> int:
        """How common the word is in everyday Chinese (jieba's dictionary count; 0 if unknown)."""
        self._jieba.check_initialized()
        return self._jieba.FREQ.get(word) or 0

    def words(self, text: str) -> list[str]:
        """Plain jieba cut of the text as written (no normalisation): word boundaries for cutting quotes."""
        return self._jieba.lcut(text)

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech flag) pairs, with the project's term dictionary."""
        if self._pos is None:
            import jieba.posseg

            self._pos = jieba.posseg.POSTokenizer(self._jieba)
        return [(w, f) for w, f in self._pos.lcut(text)]
