"""Optional LLM checklist: per rubric point covered yes/no with a quoted evidence sentence.

The model only answers yes/no per point; the reply is JSON-validated, an evidence quote must appear in
the answer, and all arithmetic (weights, blend, clamps) happens here in Python.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..prompts import load_prompt, render
from ..providers.llm import ChatModel, LLMUnavailable
from .units import matching_form

LLM_SHARE = 0.5  # share of the final mark taken from the LLM checklist when it answered validly


class JudgePoint(BaseModel):
    index: int  # 1-based rubric point number ("2" is read as 2; a quote is still required to count)
    covered: bool = False
    evidence: str = ""  # a sentence quoted from the answer


class JudgeReply(BaseModel):
    """The one schema of the judge's reply (a bare array arrives here as {"points": [...]})."""

    points: list[JudgePoint]


def checklist(chat: ChatModel, prompts_dir: Path, question: str, rubric: list[tuple[str, int]],
              answer: str) -> list[bool] | None:
    """Covered flags per point, or None when the model's reply is unusable."""
    prompt = load_prompt(str(prompts_dir), "judge")
    points = "\n".join(f"{n}. {p}" for n, (p, _) in enumerate(rubric, 1))
    messages = [{"role": "system", "content": prompt["system"]},
                {"role": "user", "content": render(prompt["user"], question=question, points=points, answer=answer)}]
    try:
        data = chat.generate_json(messages)
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
