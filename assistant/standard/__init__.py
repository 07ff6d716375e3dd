"""The standard as data: parse the raw text once into a typed tree."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .lines import read_lines, split_regions
from .model import LEVEL_BY_SECTION, Anomaly, Section, Standard
from .prose import parse_preface, parse_sections
from .text import join
from .weights import parse_weights
from .worktable import parse_level

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "corpus" / "standard" / "credit-manager-standard-2021.txt"


def parse_standard(raw: str) -> Standard:
    regions = split_regions(read_lines(raw))
    anomalies: list[Anomaly] = []
    levels = [parse_level(sec, LEVEL_BY_SECTION[sec], lines, anomalies) for sec, lines in regions.levels.items()]
    intro = Section(locator="3", title="工作要求", text=join([ln.text for ln in regions.chapter3_intro]))
    sections = parse_sections(regions.chapter1) + parse_sections(regions.chapter2) + [intro]
    weights = parse_weights(regions.weights, levels, anomalies)
    return Standard(parse_preface(regions.preface), sections, levels, weights, anomalies)


@lru_cache(maxsize=4)
def load_standard(path: str | Path = DEFAULT_SOURCE) -> Standard:
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"找不到标准文本：{p}")
    return parse_standard(p.read_text(encoding="utf-8"))


__all__ = ["Standard", "load_standard", "parse_standard"]
