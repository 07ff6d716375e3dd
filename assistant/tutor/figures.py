"""The legal or standard figure a question is about, said in the answer with its source.

"逾期记录还清了能删掉吗" is answered best with the rule that carries the number: "个人不良信息…保存5年，超过5年的
应当删除（《征信业管理条例》第十六条）". The reviewed figures of corpus/facts/numbers.yaml (the scorer checks answers
against the same ones) name what they are about (subject) and which aspect (context); a question that says
both is about that figure. A figure is said only when its note was retrieved for the question (a note the
question did not reach is not what it asked), and only figures with a context: a bare subject ("评委") says
nothing about which of its figures was asked.
"""

from __future__ import annotations

import re

from ..scoring.canon import Figure
from ..tokenize import normalise_text
from ..types import Hit

ASKING = ("legality", "concept", "definition", "procedure")  # the standard's own figures come as direct answers


def _says(question: str, word: str) -> bool:
    """The word, or a two-character verb said with its complement instead ("删除" as "删掉/删了")."""
    return word in question or (len(word) == 2 and re.search(re.escape(word[0]) + "[掉了得]", question) is not None)


def asked_figures(figures: tuple[Figure, ...], question: str, hits: list[Hit], limit: int = 2) -> list[Figure]:
    q = normalise_text(question)
    notes = {h.chunk.locator for h in hits if h.chunk.kind == "note"}
    return [f for f in figures if f.locator in notes and f.context
            and any(s.lower() in q for s in f.subject) and any(_says(q, c.lower()) for c in f.context)][:limit]


def figure_lines(figures: list[Figure], answer: str) -> list[str]:
    """One line per figure the answer does not already state."""
    said = re.sub(r"\s", "", answer)
    return [f"{f.right.rstrip('。')}〔{f.locator}〕。" for f in figures if re.sub(r"\s", "", f.right)[:20] not in said]
