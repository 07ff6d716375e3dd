"""A worked line with the question's own figures, where the material's formula fits them exactly.

"2/10 n/60，放弃折扣相当于多高的年化成本？" is answered with 2% ÷ 98% × 360 ÷ 50 ≈ 14.69%, not only with the
note's 2/10 n/30 example. Only credit-terms notation is read: its figures are unambiguous (discount %, discount
days, net days); free-text figures could belong to any term of a formula, so they are not guessed at.
"""

from __future__ import annotations

import re

from ..tokenize import normalise_text

TERMS = re.compile(r"(?<![\d/])(\d+(?:\.\d+)?)\s*/\s*(\d+)\s*[,，、;；]?\s*n\s*/\s*(\d+)")
ASKS_COST = re.compile(r"成本|年化|利率|代价|划算|划不划算|值不值")
LOCATOR = "R:cl-credit-terms-notation"


def forgone_discount(question: str, with_formula: bool = True) -> str | None:
    """The implied annual cost of forgoing the discount, for the terms the question states."""
    q = normalise_text(question)
    m = TERMS.search(q)
    if m is None or not ASKS_COST.search(q):
        return None
    rate, discount_days, net_days = float(m.group(1)), int(m.group(2)), int(m.group(3))
    if not 0 < rate < 100 or net_days <= discount_days:
        return None
    cost = rate / (100 - rate) * 360 / (net_days - discount_days) * 100
    formula = "放弃现金折扣的隐含年化成本 = 折扣率 ÷（1 − 折扣率）× 360 ÷（信用期 − 折扣期）。" if with_formula else ""
    return (f"{formula}按 {m.group(1)}/{discount_days} "
            f"n/{net_days}：{rate:g}% ÷ {100 - rate:g}% × 360 ÷（{net_days} − {discount_days}）≈ {cost:.2f}%；"
            f"买方借款利率低于它，就应借款在折扣期内付款〔{LOCATOR}〕。")
