"""Where an item the question names sits in the standard ("“企业破产保护知识”在哪个工作内容下面").

Candidates name skills and knowledge items by their words, not their codes. The longest run of the question's
characters (at least MIN_CHARS) that occurs in the text of few items (at most MAX_ITEMS of the given levels'
skills and knowledge) is taken as the name; a run found in many items ("信用风险") names none of them. A quoted
name must be mostly found (QUOTED_SHARE): "区块链环境下的企业信用管理" is not any item that says 企业信用管理; unquoted,
the run must be found in at most MAX_LOOSE items.
"""

from __future__ import annotations

import re

from ..standard.model import Standard
from ..tokenize import normalise_text

ASKS_WHERE = re.compile(r"在哪|哪个工作内容|哪一?条|属于哪|哪个职业功能|哪一?级|叫啥|叫什么")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{4,30})[”\"」』]")
MIN_CHARS, MAX_ITEMS, MAX_LOOSE, LONGEST, QUOTED_SHARE = 4, 3, 2, 16, 0.6


class ItemLocator:
    def __init__(self, standard: Standard, levels: tuple[str, ...]) -> None:
        self.items = []  # (text, line, content locator)
        for lv in (standard.level(n) for n in levels):
            for f in lv.functions:
                for c in f.contents:
                    for kind, group in (("技能要求", c.skills), ("相关知识要求", c.knowledge)):
                        for i in group:
                            code = f"（{i.code}）" if i.code else ""
                            where = f"{lv.name} {f.no} {f.name} › {c.no} {c.name}"
                            # a skill's same-numbered knowledge goes with it ("…破产清算" → 外国企业破产法知识)
                            known = next((k for k in c.knowledge if k.code and k.code == i.code), None) \
                                if group is c.skills else None
                            also = f"，对应的相关知识是 {known.code} {known.text.rstrip('。')}" if known else ""
                            self.items.append((i.text, f"“{i.text.rstrip('。')}”是{where}的{kind}{code}{also}"
                                                       f"〔{c.locator}〕。", c.locator))

    def asked(self, question: str) -> bool:
        return bool(ASKS_WHERE.search(question) or QUOTED.search(question))

    def locate(self, question: str) -> list[tuple[str, str, str]]:
        """(item text, line, content locator) for the items the question names; quoted names first."""
        q = re.sub(r"[^\u4e00-\u9fffA-Za-z]", "", normalise_text(question))
        quoted = [re.sub(r"[^\u4e00-\u9fffA-Za-z]", "", n) for n in QUOTED.findall(question)]
        for name in quoted:
            found = self._longest(name, max(MIN_CHARS, round(QUOTED_SHARE * len(name))), MAX_ITEMS)
            if found:
                return found
        if quoted:
            return []  # a quoted name the standard does not have is not any other item
        return self._longest(q, MIN_CHARS, MAX_LOOSE)

    def _longest(self, text: str, shortest: int, most: int) -> list[tuple[str, str, str]]:
        for size in range(min(LONGEST, len(text)), shortest - 1, -1):
            for start in range(len(text) - size + 1):
                run = text[start:start + size]
                hits = [x for x in self.items if run in x[0]]
                if 0 < len(hits) <= most:
                    return hits
        return []
