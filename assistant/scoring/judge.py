"""Optional LLM checklist: per rubric point covered yes/no with a quoted evidence sentence.

The model only answers yes/no per point; the reply is JSON-validated, an evidence quote must appear in
the answer, and all arithmetic (weights, blend, clamps) happens here in Python.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..prompts import load_prompt, render
from ..providers.llm import ChatModel, LLMUnavailable
from .units import matching_form

LLM_SHARE = 0.5  # share of the final mark taken from the LLM checklist when it answered validly
QUOTE_CHARS = 30  # a short quote is enough to check, and a small model writes it in a few seconds
MAX_QUOTES = 80  # clauses offered as evidence (a long answer's first ones)
_CLAUSE = re.compile(r"[，。；;！!？?\n]|,(?!\d{3})")  # not the comma of "1,700"


class JudgePoint(BaseModel):
    index: int  # 1-based rubric point number ("2" is read as 2; a quote is still required to count)
    covered: bool = False
    evidence: str = ""  # a sentence quoted from the answer


class JudgeReply(BaseModel):
    """The one schema of the judge's reply (a bare array arrives here as {"points": [...]})."""

    points: list[JudgePoint]


def quotable(answer: str) -> list[str]:
    """The answer's clauses (at most QUOTE_CHARS characters each, cut as said): what evidence may be."""
    parts = (p.strip()[:QUOTE_CHARS] for p in _CLAUSE.split(answer))
    return list(dict.fromkeys(p for p in parts if len(p) >= 4))[:MAX_QUOTES]


def reply_schema(points: int, answer: str) -> dict:
    """The reply as a JSON schema: one entry per rubric point, the index in range, the evidence one of the
    answer's own clauses. A server that enforces schemas (llama.cpp's grammar) cannot produce anything
    else, so the reply is neither malformed nor long, and a small model cannot paraphrase its quote."""
    item = {"type": "object", "properties": {
        "index": {"type": "integer", "enum": list(range(1, points + 1))},
        "covered": {"type": "boolean"},
        "evidence": {"type": "string", "enum": [*quotable(answer), ""]}},
        "required": ["index", "covered", "evidence"]}
    return {"type": "object", "properties": {"points": {"type": "array", "items": item,
                                                        "minItems": points, "maxItems": points}},
            "required": ["points"]}


def checklist(chat: ChatModel, prompts_dir: Path, question: str, rubric: list[tuple[str, int]],
              answer: str) -> list[bool] | None:
    """Covered flags per point, or None when the model's reply is unusable."""
    prompt = load_prompt(str(prompts_dir), "judge")
    points = "\n".join(f"{n}. {p}" for n, (p, _) in enumerate(rubric, 1))
    messages = [{"role": "system", "content": prompt["system"]},
                {"role": "user", "content": render(prompt["user"], question=question, points=points, answer=answer)}]
    try:
        data = chat.generate_json(messages, reply_schema(len(rubric), answer))
    except LLMUnavailable:
        return None
    try:
        reply = JudgeReply.model_validate(data)
    except ValidationError:
        return None
    if any(not 1 <= item.index <= len(rubric) for item in reply.points):
        return None
    flags = [False] * len(rubric)
    plain = matching_form(answer)
    for item in reply.points:
        quote = matching_form(item.evidence)
        # A "covered" claim needs a real quote from the answer, checked in full; otherwise it does not count.
        flags[item.index - 1] = item.covered and len(quote) >= 4 and quote in plain
    return flags


def blend(offline: float, rubric: list[tuple[str, int]], flags: list[bool]) -> float:
    total = sum(w for _, w in rubric) or 1
    llm = 100.0 * sum(w for (_, w), f in zip(rubric, flags) if f) / total
    return round(min(100.0, max(0.0, (1 - LLM_SHARE) * offline + LLM_SHARE * llm)), 1)
