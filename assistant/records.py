"""Typed records of a defense: one Turn per prompt answered (or skipped, or cut off by the clock).

JSON exists only at the store's edge (Store.save_turn / Store.turns); everything else reads these fields.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

ANSWERED, INTERRUPTED, SKIPPED = "answered", "interrupted", "skipped"
STATUS_TEXT = {ANSWERED: "已作答", INTERRUPTED: "时间到，回答被打断", SKIPPED: "未作答（跳过或结束答辩）"}


@dataclass(frozen=True)
class ScoreDetail:
    """What the rubric scorer found in the answer to one question (with its follow-ups so far)."""

    missing: list[str] = field(default_factory=list)  # rubric points not fully covered
    dimensions: dict[str, float] = field(default_factory=dict)  # 专业知识/实践应用/逻辑表达/合规意识
    off_topic: bool = False
    points: list[dict] = field(default_factory=list)  # per point: status, point, weight, evidence, error
    judge: str = "offline"  # offline | llm: which scorer gave the turn's score
    offline_score: float | None = None  # the offline scorer's mark (the same as the score when judge=offline)

    @classmethod
    def of(cls, card) -> ScoreDetail:
        return cls(list(card.missing), dict(card.dimensions), bool(card.off_topic), card.to_json()["points"],
                   card.judge, card.offline_score)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> ScoreDetail | None:
        if not text:
            return None
        data = json.loads(text)
        return cls(data.get("missing", []), data.get("dimensions", {}), data.get("off_topic", False),
                   data.get("points", []), data.get("judge", "offline"), data.get("offline_score"))


@dataclass
class Turn:
    seq: int
    kind: str  # statement | question | followup
    item: int | None  # index into the plan's items (None for the statement)
    reviewer: str
    prompt: str
    answer: str
    started_s: float  # session clock when the prompt was put to the candidate
    ended_s: float
    status: str = ANSWERED  # answered | interrupted | skipped
    source: str = ""  # bank | dossier | followup | statement
    locator: str = ""
    score: float | None = None  # rubric score of the question's whole answer so far (None: not scored)
    detail: ScoreDetail | None = None
    speech_s: float | None = None  # measured speaking time of a recorded answer; None when typed

    @property
    def span_s(self) -> float:
        return max(0.0, self.ended_s - self.started_s)
