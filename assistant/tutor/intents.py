"""What a tutor question asks for: its intent, the levels, item codes and functions it names.

The patterns are reviewable data in prompts/intents.yaml; this module only reads them and pulls the
structured parts (levels in the order named, item codes, 职业功能 names) out of the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..levels import _ALIASES, _MENTION_RE
from ..locators import item_codes
from ..standard.model import function_key
from ..tokenize import normalise_text

CHAPTER_RE = re.compile(r"第\s*([0-9一二三四五六七八九十]+)\s*章")
RULE_RE = re.compile(r"(?:职业守则|守则)[^。？?]{0,6}?第\s*([0-9一二三四五六七八九十]+)\s*条")
_EXTRA_LEVELS = re.compile(r"五级|初级工|特级|六级|首席技师")


@dataclass(frozen=True)
class Intent:
    kind: str  # item_lookup | comparison | weights | exam_rules | formula | definition | procedure | legality | concept
    levels: tuple[str, ...] = ()  # level names in the order the question names them
    codes: tuple[str, ...] = ()  # item codes ("3.3.1", "2.2")
    functions: tuple[str, ...] = ()  # 职业功能 names the question names
    example: bool = False  # asks for a worked example
    unknown_level: str = ""  # a level word the standard does not have (五级, 特级)


class IntentReader:
    def __init__(self, path: Path, function_names: list[str]) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self._intents = [(name, [re.compile(p) for p in spec.get("any", ())]) for name, spec in data["intents"].items()]
        self._example = re.compile(data["example"])
        self._functions = sorted(set(function_names), key=len, reverse=True)
        part = data.get("alias_part", "")
        self._aliases = [(name, re.compile(f"(?:{words}){part}")) for name, words in data.get("function_aliases", {}).items()
                         if name in self._functions]

    def read(self, question: str) -> Intent:
        text = normalise_text(question).replace(" ", "")
        levels = tuple(dict.fromkeys(_ALIASES[m] for m in _MENTION_RE.findall(text)))
        codes = tuple(item_codes(text))
        functions = tuple(dict.fromkeys([w for f in self._functions if (w := _function_wording(f, text))] +
                                        [name for name, pat in self._aliases if pat.search(text)]))
        kind = next((name for name, pats in self._intents if any(p.search(text) for p in pats)), "concept")
        if codes and kind not in ("comparison", "weights"):
            kind = "item_lookup"
        if len({function_key(f) for f in functions}) >= 2 and kind in ("concept", "definition", "procedure"):
            kind = "comparison"  # two functions named: what each covers
        extra = _EXTRA_LEVELS.search(text)
        return Intent(kind, levels, codes, functions, bool(self._example.search(text)), extra.group(0) if extra else "")


BOUND_REACH = 6  # characters between a level word and the code it qualifies ("技师 4.1", "一级的3.2.1")


def code_levels(question: str, codes: tuple[str, ...]) -> dict[str, list[str]]:
    """Each code the question qualifies by the level word just before it: "三级里那些催收的技能 跟技师 4.1"
    binds 4.1 to 二级/技师 only."""
    text = normalise_text(question).replace(" ", "")
    mentions = [(m.start(), m.end(), _ALIASES[m.group(0)]) for m in _MENTION_RE.finditer(text)]
    bound: dict[str, list[str]] = {}
    for code in codes:
        for found in re.finditer(re.escape(code) + r"(?![\d.])", text):  # "技师的2.2…和高级技师的2.2…"
            at = found.start()
            before = [n for n, (_, end, _) in enumerate(mentions) if end <= at and at - end <= BOUND_REACH]
            if not before:
                continue
            n = before[-1]
            if n and re.fullmatch(r"[和与跟及、/]", text[mentions[n - 1][1]:mentions[n][0]]):
                continue  # "二级和一级的3.3.1": the code at both
            bound.setdefault(code, []).append(mentions[n][2])
    return bound


def _function_wording(name: str, text: str) -> str:
    """The function as the question words it: 一级 prints 审批授信 where 二级 prints 授信审批, and either
    order names the one function."""
    swapped = name[2:] + name[:2] if len(name) == 4 else name
    return name if name in text else swapped if swapped in text else ""
