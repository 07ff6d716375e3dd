"""A worked line with the question's own figures, where the material's formula fits them exactly.

"2/10 n/60，放弃折扣相当于多高的年化成本？" is answered with 2% ÷ 98% × 360 ÷ 50 ≈ 14.69%, not only with the
note's 2/10 n/30 example. Only credit-terms notation is read: its figures are unambiguous (discount %, discount
days, net days); free-text figures could belong to any term of a formula, so they are not guessed at, except
where each figure is said with its name: "季度赊销600万 期末应收200万，DSO几天" gives 200 ÷ 600 × 90 = 30 天, and
"循环额度1500万 已提用900万 转换系数40% PD 2.5% LGD 50%" gives EAD 1140 万元 and EL 14.25 万元.
"""

from __future__ import annotations

import re

from ..providers.simplify import numerals_to_digits
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


_PERIOD_DAYS = {"季度": 90, "季": 90, "半年": 180, "月": 30, "月度": 30, "全年": 360, "年度": 360, "年": 360}
_PERIOD = "(一季度|季度|半年|月度|全年|年度|季|月|年)"
_SAID = r"(?:是|为|有|还|剩下?|大概|大约|约|差不多|共|一共|总共|在)*"  # "应收还剩500万", "没逾期的大概300万"
_SALES = re.compile(_PERIOD + r"?的?赊销(?:收入|额|金额|销售额)?" + _SAID + r"\s*(\d+(?:\.\d+)?)\s*(万|亿)?")
_RECEIVABLE = re.compile(r"应收(?:账款)?(?:余额)?" + _SAID + r"\s*(\d+(?:\.\d+)?)\s*(万|亿)?")
_DAYS = re.compile(r"按\s*(\d+)\s*天")  # "按90天": the period's days said outright
_NOT_OVERDUE = re.compile(r"(?:未逾期|没逾期|还没逾期|没有逾期|未到期|没到期)(?:的)?(?:应收(?:账款)?)?" + _SAID +
                          r"\s*(\d+(?:\.\d+)?)\s*(万|亿)?")
ASKS_DSO = re.compile(r"dso|应收账款回收(天数|期)|销售未清账期")
DSO_LOCATOR = "R:ar-dso"


def dso_from_figures(question: str) -> str | None:
    """DSO for the question's own period sales on credit and closing receivables, each said with its name."""
    q = normalise_text(question).lower()
    if not ASKS_DSO.search(q):
        return None
    q = numerals_to_digits(q)  # "三千六百万" becomes 36000000
    sales, receivable = _SALES.search(q), _RECEIVABLE.search(q)
    if not (sales and receivable):
        return None
    period = sales.group(1) or (m.group(1) if (m := re.search(_PERIOD + r"(?:的)?(?:赊销|dso)", q)) else None)
    owed, sold = _yuan(receivable.group(1), receivable.group(2)), _yuan(sales.group(2), sales.group(3))
    said_days = _DAYS.search(q)
    if period is None and said_days is None or not sold:
        return None  # without the period the days are not known
    days = int(said_days.group(1)) if said_days else _PERIOD_DAYS[period.removeprefix("一")]
    period = period or ""
    dso = owed / sold * days
    line = (f"按题中数字：DSO = 期末应收账款 {_money(owed)} ÷ {period}赊销收入 {_money(sold)} × {days} 天"
            f" = {dso:.4g} 天")
    if current := _NOT_OVERDUE.search(q):  # "其中还没逾期的是195万": the best possible DSO and the overdue part
        not_due = _yuan(current.group(1), current.group(2))
        best = not_due / sold * days
        line += (f"；最佳DSO = 未逾期应收 {_money(not_due)} ÷ {_money(sold)} × {days} = {best:.4g} 天，"
                 f"逾期DSO = {dso:.4g} − {best:.4g} = {dso - best:.4g} 天")
    return f"{line}〔{DSO_LOCATOR}〕。"


def _scale(unit: str | None) -> float:
    return {"万": 1e4, "亿": 1e8}.get(unit or "", 1.0)


def _yuan(figure: str, unit: str | None) -> float:
    """In yuan; a bare figure under 10,000 is read as 万 ("期末应收200")."""
    return float(figure) * (_scale(unit) if unit else 1.0 if float(figure) >= 1e4 else 1e4)


def _money(yuan: float) -> str:
    """In 万元, as candidates say it ("600 万元"); a bare figure under 10,000 was already read as 万."""
    return f"{yuan / 1e4:g} 万元"


EL_LOCATOR = "R:sys-bank-credit-risk"
_FIGURE_PCT = r"\s*(\d+(?:\.\d+)?)\s*%"
_PCT = r"(?:是|为|取|按)?" + _FIGURE_PCT
_LIMIT = re.compile(r"(?:授信|循环|信贷)?额度(?:是|为|有)?\s*(\d+(?:\.\d+)?)\s*(万|亿)?")
_DRAWN = re.compile(r"(?:已经?|已)(?:提用|使用|用了|用|提款|支用)(?:了)?\s*(\d+(?:\.\d+)?)\s*(万|亿)?")
_CCF = re.compile(r"(?:信用)?转换系数" + _PCT + r"|ccf" + _PCT)
_PD = re.compile(r"pd(?:（违约概率）)?" + _PCT + r"|违约概率" + _PCT)
_LGD_NAMED = re.compile(r"lgd|违约损失率")
_LGD = re.compile(r"lgd(?:（违约损失率）)?" + _PCT + r"|违约损失率" + _PCT)


def expected_loss_from_figures(question: str) -> str | None:
    """EAD and EL for a credit line the question describes, each figure said with its name."""
    q = normalise_text(question).lower()
    if not _LGD_NAMED.search(q):  # most questions: no need to convert numerals (cn2an) at all
        return None
    q = numerals_to_digits(q)
    found = [_LIMIT.search(q), _DRAWN.search(q), _CCF.search(q), _PD.search(q), _LGD.search(q)]
    if not all(found):
        return None
    limit, drawn = (_yuan(m.group(1), m.group(2)) for m in found[:2])
    ccf, pd, lgd = (float(next(g for g in m.groups() if g)) / 100 for m in found[2:])
    if not 0 < drawn <= limit:
        return None
    ead = drawn + (limit - drawn) * ccf
    el = ead * pd * lgd
    return (f"按题中数字：EAD = 已用 {_money(drawn)} + 未用 {_money(limit - drawn)} × {ccf * 100:g}% = {_money(ead)}；"
            f"EL = PD × LGD × EAD = {pd * 100:g}% × {lgd * 100:g}% × {ead / 1e4:g} = {_money(el)}"
            f"（EAD 不只是已用额度，未用部分按信用转换系数计入）〔{EL_LOCATOR}〕。")


COLLECTION_LOCATOR = "R:gov-international-collection-services"
_COMMISSION = re.compile(r"佣金[^,，。;；?？]{0,12}?" + _FIGURE_PCT)
_RECOVERED = re.compile(r"追回(?:来|了)?(?:的)?(?:金额)?(?:是|为|有)?\s*(\d+(?:\.\d+)?)(?![\d.]|\s*%)\s*(万|亿)?")
_REST = re.compile(r"(?:剩下|余下|剩余|其余)(?:的)?(?:部分)?\s*(\d+(?:\.\d+)?)\s*(万|亿)?")
_COST = re.compile(r"(?:费用|律师费|诉讼费)[^,，。;；\d]{0,8}?(\d+(?:\.\d+)?)\s*(万|亿)?")
_CHANCE = re.compile(r"概率[^,，。;；\d]{0,8}?" + _FIGURE_PCT)


def collection_from_figures(question: str) -> str | None:
    """Commission and net proceeds of a collection, and the expected net recovery of suing for the rest, for
    the question's own figures, each said with its name (amounts in the question's own unit)."""
    q = normalise_text(question).lower()
    if "佣金" not in q:
        return None
    q = numerals_to_digits(q)
    rate, got = _COMMISSION.search(q), _RECOVERED.search(q)
    if not (rate and got):
        return None
    amount, share = float(got.group(1)) * _scale(got.group(2)), float(rate.group(1)) / 100
    fee = amount * share
    line = (f"按题中数字：佣金 = 追回金额 × 佣金比例 = {_said(amount)} × {share * 100:g}% = {_said(fee)}，"
            f"净到手 = {_said(amount)} − {_said(fee)} = {_said(amount - fee)}")
    rest, cost, chance = _REST.search(q), _COST.search(q), _CHANCE.search(q)
    if rest and cost and chance:
        left, spend, p = (float(rest.group(1)) * _scale(rest.group(2)), float(cost.group(1)) * _scale(cost.group(2)),
                          float(chance.group(1)) / 100)
        value = left * p - spend
        line += (f"；剩余部分起诉的期望净回收 = 争议金额 × 胜诉并执行到位的概率 − 费用 = {_said(left)} × {p * 100:g}%"
                 f" − {_said(spend)} = {_said(value)}，{'为正，按期望值值得起诉' if value > 0 else '不为正，按期望值不值得起诉'}"
                 "（还要看对方可执行的财产和所在国的执行难度）")
    return f"{line}〔{COLLECTION_LOCATOR}〕。"


def _said(value: float) -> str:
    """Amounts as the question says them: in 万 from 10,000 up ("1.26万"), else with thousands separators."""
    return f"{value / 1e4:.4g}万" if abs(value) >= 1e4 else f"{value:,.4g}"


def worked_from_question(question: str, with_formula: bool, tables: list) -> list[tuple[str, str]]:
    """Each computation the question's own figures or case allow, as (line, locator): "2/10 n/60" terms, DSO
    ("季度赊销600万 期末应收200万"), a collection agency's net ("佣金按追回金额18%…"), expected loss ("CCF 40% PD
    2.5% LGD 50%"), and a note's points table ("按催收难度评分表算一下：逾期120天，资金紧张…")."""
    found = [(forgone_discount(question, with_formula=with_formula), LOCATOR),
             (dso_from_figures(question), DSO_LOCATOR),
             (collection_from_figures(question), COLLECTION_LOCATOR),
             *((table.worked(question), table.locator) for table in tables),
             (expected_loss_from_figures(question), EL_LOCATOR)]
    return [(line, locator) for line, locator in found if line]
