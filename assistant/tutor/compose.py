"""Offline answers: quote the best sentences of the retrieved passages, each with its locator."""

from __future__ import annotations

import re

from ..tokenize import Tokenizer
from ..types import Hit

_UNIT_SPLIT = re.compile(r"(?<=[。；！？])|\n")
_ASKS_FORMULA = re.compile(r"怎么算|如何算|计算|公式|算法|等于|多少天")
_ASKS_NUMBER = re.compile(r"多少|几|多久|多长|比例|占|分钟|min|%|百分")
_PREMISE = re.compile(r"(吧|对吧|是吧|是不是|真的假的|是吗|没错吧|对不对)[？?！!。]*$|是不是")
GENERIC = frozenset(("信用 管理 信用管理 信用管理师 知识 要求 问题 一下 什么 怎么 如何 能力 工作 内容 相关 "
                     "反过来 到底 一般 平时 我们 你们 他们 这个 那个 为啥 咋用 靠不靠谱 是不是 有没有 可以 应该").split())


def content_tokens(tokenizer: Tokenizer, text: str) -> set[str]:
    return {t for t in tokenizer.tokens(text) if (len(t) >= 2 or t.isascii()) and t not in GENERIC}


def support(tokenizer: Tokenizer, question: str, hits: list[Hit]) -> tuple[float, list[str]]:
    """Share of the question's content words found in the passages (1.0 when it has none), and the
    longest words that were not found (what the material does not speak about)."""
    q = content_tokens(tokenizer, question)
    if not q:
        return 1.0, []
    found = set()
    for h in hits:
        found |= q & set(tokenizer.tokens(f"{h.chunk.title} {h.chunk.text}"))
    missing = sorted((t for t in q - found if len(t) >= 3 or t.isascii()), key=len, reverse=True)
    return len(found) / len(q), [t for t in missing if not any(t in m for m in missing if m != t)][:4]


def _units(text: str) -> list[str]:
    parts = []
    for piece in _UNIT_SPLIT.split(text):
        parts += [p.strip(" -*#") for p in re.split(r"(?<=；)", piece)]
    # The first line of a chapter-3 passage repeats its title ("…职业功能：…工作内容：…"): skip it.
    return [p for p in parts if len(p) >= 4 and "职业功能：" not in p]


def _score(tokenizer: Tokenizer, unit: str, q: set[str], question: str) -> float:
    score = len(q & set(tokenizer.tokens(unit)))
    if _ASKS_FORMULA.search(question) and ("=" in unit or "＝" in unit):
        score += 2
    if _ASKS_NUMBER.search(question) and re.search(r"\d", unit):
        score += 1
    return score


def best_units(tokenizer: Tokenizer, hit: Hit, question: str, n: int) -> list[str]:
    q = content_tokens(tokenizer, question)
    units = _units(hit.chunk.text)
    ranked = sorted(range(len(units)), key=lambda i: (-_score(tokenizer, units[i], q, question), i))
    keep = sorted(i for i in ranked[:n] if _score(tokenizer, units[i], q, question) > 0) or ranked[:1]
    return [units[i] for i in keep]


def compose(tokenizer: Tokenizer, question: str, hits: list[Hit], max_points: int) -> tuple[str, list[Hit]]:
    """Structured offline answer and the hits it quotes (every line carries a 〔locator〕)."""
    standard = [h for h in hits if h.chunk.kind == "standard"][:3]
    notes = [h for h in hits if h.chunk.kind == "note"][:max_points]
    user = [h for h in hits if h.chunk.kind == "user"][:2]
    lines: list[str] = []
    if _PREMISE.search(question) and standard:
        lines.append("先核对你的说法，以标准原文为准：")
    if standard:
        lines.append("【标准依据】")
        for h in standard:
            lines.append(f"- {h.chunk.title}：{''.join(best_units(tokenizer, h, question, 3))}〔{h.chunk.locator}〕")
    if notes:
        lines.append("【要点（参考笔记）】")
        for h in notes:
            lines.append(f"- {''.join(best_units(tokenizer, h, question, 2))}〔{h.chunk.locator}〕")
    if user:
        lines.append("【你的资料】")
        for h in user:
            lines.append(f"- {''.join(best_units(tokenizer, h, question, 2))}〔{h.chunk.locator}〕")
    return "\n".join(lines), standard + notes + user
