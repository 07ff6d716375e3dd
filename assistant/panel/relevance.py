"""How much of a dossier is about the level's own skill items (chapter 3 of the standard).

Each sentence is matched to the skill item (with its work content's knowledge cells) whose words it shares
most, weighting rare words up (idf over all items). A sentence is on the level when its best item belongs
to the candidate's level; below it when the best item is a lower level's work (which counts for less, see
CREDIT); off the subject when no item shares enough.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..standard.model import Standard
from ..tokenize import Tokenizer
from ..tutor.compose import content_tokens

MIN_MATCH = 6.0  # idf weight a sentence must share with an item to count as about it (fitted on dossiers_fit)
_SENTENCE = re.compile(r"[^。！？；\n]{12,}")
# A slogan sentence ("高度重视信用管理工作") names the subject without showing any work on it.
SLOGAN_WORDS = (r"高度重视|不断完善|持续改进|进一步加强|显著提升|大力推进|全面提升|认真落实|积极推进|稳步推进|有效提升|"
                r"切实加强|扎实推进")  # also the dossier review's boilerplate count
_SLOGAN = re.compile(SLOGAN_WORDS + r"|取得了?(良好|显著|明显)")
SECTION_OF = {"四级/中级工": "3.1", "三级/高级工": "3.2", "二级/技师": "3.3", "一级/高级技师": "3.4"}
ACCEPTED = {"二级/技师": ("3.3",), "一级/高级技师": ("3.4",)}


# How much a sentence about each level's skill items counts for a candidate of a level (fitted on
# dossiers_fit): 一级 must show 一级 design and governance work; 二级 work counts half for them.
CREDIT = {"二级/技师": {"3.4": 1.0, "3.3": 1.0, "3.2": 0.4, "3.1": 0.2},
          "一级/高级技师": {"3.4": 1.0, "3.3": 0.5, "3.2": 0.15, "3.1": 0.0}}


@dataclass(frozen=True)
class Relevance:
    on_level: float  # share of the text (characters) about the level's own skill items
    below: float  # share about lower levels' work
    locators: list[str]  # the level's skill items the dossier touches most
    credited: float = 0.0  # the shares weighted by CREDIT: how much of the text shows this level's work


class SkillMatcher:
    def __init__(self, standard: Standard, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.items: list[tuple[str, str, set[str]]] = []  # (level section, skill locator, words)
        for lv in standard.levels:
            for f in lv.functions:
                for c in f.contents:
                    context = " ".join(k.text for k in c.knowledge) + c.name
                    for s in c.skills:
                        self.items.append((lv.section, s.locator, self._words(s.text + " " + context)))
        df: dict[str, int] = {}
        for _, _, words in self.items:
            for w in words:
                df[w] = df.get(w, 0) + 1
        self.idf = {w: math.log(len(self.items) / n) for w, n in df.items()}

    def _words(self, text: str) -> set[str]:
        return content_tokens(self.tokenizer, text)

    def match(self, text: str, level: str) -> Relevance:
        accepted = ACCEPTED.get(level, (SECTION_OF.get(level, ""),))
        credit = CREDIT.get(level, {})
        total = on = below = credited = 0.0
        votes: dict[str, float] = {}
        for sentence in _SENTENCE.findall(text):
            words = self._words(sentence)
            best, section, locator = 0.0, "", ""
            for sec, loc, item_words in self.items:
                weight = sum(self.idf.get(w, 0.0) for w in words & item_words)
                if weight > best:
                    best, section, locator = weight, sec, loc
            total += len(sentence)
            if best < MIN_MATCH or _SLOGAN.search(sentence):
                continue
            credited += credit.get(section, 0.0) * len(sentence)
            if section == accepted[0]:
                on += len(sentence)
                votes[locator] = votes.get(locator, 0.0) + best
            elif section < accepted[0]:
                below += len(sentence)
        top = sorted(votes, key=lambda loc: -votes[loc])[:4]
        on, below, credited = (x / total if total else 0.0 for x in (on, below, credited))
        return Relevance(on, below, top, credited)
