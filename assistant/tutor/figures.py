"""The legal or standard figure a question is about, said in the answer with its source.

"逾期记录还清了能删掉吗" is answered best with the rule that carries the number: "个人不良信息…保存5年，超过5年的
应当删除（《征信业管理条例》第十六条）". The reviewed figures of corpus/facts/numbers.yaml (the scorer checks answers
against the same ones) name what they are about (subject) and which aspect (context); a question that says
both is about that figure. A figure is said only when its note was retrieved for the question (a note the
question did not reach is not what it asked) or one clause of the question says both with a specific subject
("逾期记录别删一直留着"),
and only figures with a context: a bare subject ("评委") says nothing about which of its figures was asked.
"""

from __future__ import annotations

import re

from ..scoring.canon import Figure
from ..tokenize import normalise_text
from ..types import Hit

# A clause says what a figure is about without its note only with a specific subject ("逾期记录", not "投诉":
# "客户投诉怎么处理" is not about complaints to the central bank).
CLAUSE_SUBJECT = 4
ASKING = ("legality", "concept", "definition", "procedure")  # the standard's own figures come as direct answers


def _says(question: str, word: str) -> bool:
    """The word, or a two-character verb said with its complement or on its own instead ("删除" as "删掉/删了/别删")."""
    verb = re.escape(word[0])
    return word in question or (len(word) == 2 and re.search(rf"{verb}([掉了得]|(?=[\s，,。？?！!]|$))|(别|不|没|不要|不能|能|要){verb}",
                                                          question) is not None)


def asked_figures(figures: tuple[Figure, ...], question: str, hits: list[Hit], limit: int = 2) -> list[Figure]:
    q = normalise_text(question)
    notes = {h.chunk.locator for h in hits if h.chunk.kind == "note"}
    clauses = [c for c in re.split(r"[\s，,。？?！!；;]", q) if c]
    return [f for f in figures if f.context and (f.locator in notes and _about(f, q) or
                                                 any(_about(f, c, CLAUSE_SUBJECT) for c in clauses))][:limit]


def _about(figure: Figure, text: str, shortest: int = 1) -> bool:
    return any(len(s) >= shortest and s.lower() in text for s in figure.subject) and \
        any(_says(text, c.lower()) for c in figure.context)


def figure_lines(figures: list[Figure], answer: str) -> list[str]:
    """One line per figure the answer does not already state."""
    said = re.sub(r"\s", "", answer)
    return [f"{f.right.rstrip('。')}〔{f.locator}〕。" for f in figures if re.sub(r"\s", "", f.right)[:20] not in said]
