"""Facade for the web UI and the CLI: draft, edit as text, export."""

from __future__ import annotations

from pathlib import Path

from ..errors import AssistantError
from ..panel.bank import BankQuestion
from ..standard.model import Standard, function_key
from .draft import draft_level, draft_set, level_weights
from .export import export
from .model import QuestionSet
from .textform import parse_markdown, to_markdown


class Drafting:
    def __init__(self, standard: Standard, bank: list[BankQuestion]) -> None:
        self.standard = standard
        self.bank = bank

    def functions(self, level: str) -> list[tuple[str, int]]:
        """(职业功能, 技能要求权重 %) of the level, in weight-table order."""
        return list(level_weights(self.standard, level).items())

    def draft(self, level: str, n: int = 8, minutes: int = 30, functions: list[str] | None = None,
              panel_size: int = 3, seed: int | None = None) -> QuestionSet:
        return draft_set(self.standard, self.bank, level, n, minutes, functions, panel_size, seed)

    def to_text(self, qs: QuestionSet) -> str:
        return to_markdown(qs)

    def from_text(self, text: str) -> QuestionSet:
        """Parse an edited set; function names must belong to the level (written as in the weight table)."""
        qs = parse_markdown(text)
        names = {function_key(f): f for f in level_weights(self.standard, draft_level(qs.level))}
        for q in qs.items:
            if function_key(q.function) not in names:
                raise AssistantError(f"第{q.no}题：职业功能“{q.function}”不属于{qs.level}，可选：{'、'.join(names.values())}")
            q.function = names[function_key(q.function)]
        return qs

    def export(self, qs: QuestionSet, fmt: str, out_dir: Path, stem: str | None = None) -> list[Path]:
        return export(qs, fmt, out_dir, stem)
