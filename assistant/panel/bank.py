"""The defense question bank (corpus/questions/*.yaml): questions with weighted rubrics."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..yamlfile import read_yaml

KINDS = ("知识", "实务", "案例", "论述")
REQUIRED = ("id", "level", "locator", "content", "skill", "kind", "question", "rubric", "outline", "followups", "covers")


@dataclass(frozen=True)
class RubricPoint:
    point: str
    weight: int


@dataclass(frozen=True)
class BankQuestion:
    id: str
    level: str
    locator: str  # skill item
    content: str  # work content (disambiguates odd printed codes)
    skill: str
    kind: str
    question: str
    rubric: tuple[RubricPoint, ...]
    outline: tuple[str, ...]
    followups: tuple[str, ...]
    covers: tuple[str, ...]
    # Known wrong claims on this question ({point, says, right, patterns}); read by the scorer.
    misconceptions: tuple[dict, ...] = field(default=(), compare=False, hash=False)

    @property
    def function_locator(self) -> str:
        return self.content.rsplit(".", 1)[0]  # "3.3/3.3" -> "3.3/3"


def _question(row: dict, source: str) -> BankQuestion:
    missing = [k for k in REQUIRED if k not in row]
    if missing:
        raise ValueError(f"{source}: 题目 {row.get('id', '?')} 缺少字段 {missing}")
    rubric = tuple(RubricPoint(str(p["point"]), int(p["weight"])) for p in row["rubric"])
    return BankQuestion(str(row["id"]), str(row["level"]), str(row["locator"]), str(row["content"]),
                        str(row["skill"]), str(row["kind"]), str(row["question"]).strip(), rubric,
                        tuple(map(str, row["outline"])), tuple(map(str, row["followups"])),
                        tuple(map(str, row["covers"])), tuple(row.get("misconceptions") or ()))


def load_bank(directory: Path) -> list[BankQuestion]:
    out = []
    for path in sorted(directory.glob("*.yaml")):
        rows = read_yaml(path) or []
        out += [_question(r, path.name) for r in rows]
    return out
