"""A computation the answer works out wrongly: "92×35%=30.2", "手续费250万乘0.4%，是10万元".

Case questions ask candidates to compute (a limit, a fee, a weighted score), and a slip in the sum is an
error an examiner marks as hard as a wrong formula. Only an explicit computation counts: figures joined by
operators, then an equals word and the stated result. The expression is evaluated exactly (no eval(): a
small parser over + − × ÷, parentheses, % and 万/亿), and the result must agree to the precision it is
stated with. Ranges (10–20家), credit terms (2/10，n/30) and dates have no equals word, so they never match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .facts import Error
from .units import Unit

_NUMBER = r"\d+(?:\.\d+)?%?(?:万|亿)?"
_PLAIN_OPERATOR = r"(?:[-+*/×÷]|加上|减去|乘以|除以|加|减|乘|除)"
# A sum said aloud goes on after a comma or with "再" ("210万,加上已发货的40万,再加…"); the stated result does
# not ("=3500万,乘10%" goes on from a result already stated).
_OPERATOR = rf"(?:,\s*)?再?{_PLAIN_OPERATOR}"
# A short label may name an operand ("除以额度800万", "加上待发的80") and a measure word may follow it ("250家");
# neither holds an operator or an equals word, so the figures and operators are still read in order.
_LABEL = r"(?:(?![加减乘除是为等得共约再])[\u4e00-\u9fff]){1,6}?"
_MEASURE_WORD = r"(?:元|家|个|笔|次|天|人|份|户|条|分|倍)"
_OPERAND = rf"\(*{_NUMBER}{_MEASURE_WORD}?\)*"
_MEASURE = re.compile(rf"(?<=[\d%万亿]){_MEASURE_WORD}")
_NAMED_OPERAND = rf"(?:{_LABEL})?{_OPERAND}"
# An expression (two or more figures and an operator), an equals word, the stated result; the result may be named
# first (",使用率是87.5%", ",下季度额度是280万").
_EQUALS = (r"\s*,?\s*(?:(?:(?![加减乘除])[\u4e00-\u9fff]){0,8}?(?:=|约等于|等于|约为|约|是|为|得)|=|≈|"
           r"[1一]共|共计|合计|总共|总计)\s*")
# Not glued to a figure before it: in "15%8除以8" (speech recognition's "15减8除以8") where the sum starts is unknown.
_COMPUTATION = re.compile(rf"(?<![\d.%])({_OPERAND}(?:\s*{_OPERATOR}\s*{_NAMED_OPERAND})+){_EQUALS}"
                          rf"((?:{_OPERAND}\s*{_PLAIN_OPERATOR}\s*)*{_OPERAND})(?![\d.])")
# A figure and an operator (or "=") shortly before the match, with no comma between: the match is only the tail of a longer
# sum ("冻结30分+逾期超30天20分+舆情5分=55分") or goes on from a result ("1−25%=75%,再乘12%"). After a comma a
# new computation may start ("15加19.5,92乘35%是30.2").
_CONTINUED = re.compile(rf"{_OPERAND}\s*(?:{_OPERATOR}|=)[^。;!?,]{{0,12}}$")
_TOKEN = re.compile(rf"{_NUMBER}|{_OPERATOR}|[()]")
_SYMBOL = {"加上": "+", "加": "+", "减去": "-", "减": "-", "乘以": "*", "乘": "*", "×": "*", "除以": "/", "除": "/", "÷": "/"}


def _value(figure: str) -> float:
    scale = 1.0
    if figure.endswith(("万", "亿")):
        scale, figure = (1e4 if figure.endswith("万") else 1e8), figure[:-1]
    if figure.endswith("%"):
        scale, figure = scale / 100, figure[:-1]
    return float(figure) * scale


@dataclass
class _Parser:
    tokens: list[str]
    at: int = 0

    def _peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take(self) -> str:
        self.at += 1
        return self.tokens[self.at - 1]

    def expression(self) -> float:
        value = self.term()
        while self._peek() in ("+", "-"):
            value = value + self.term() if self._take() == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.factor()
        while self._peek() in ("*", "/"):
            if self._take() == "*":
                value *= self.factor()
            else:
                value /= self.factor()
        return value

    def factor(self) -> float:
        token = self._take()
        if token == "(":
            value = self.expression()
            if self._take() != ")":
                raise ValueError("unbalanced")
            return value
        return _value(token)


def _tokens(expression: str) -> list[str]:
    return [_SYMBOL.get(t.lstrip(", 再"), t) for t in _TOKEN.findall(expression)]


def _by_precedence(tokens: list[str]) -> float | None:
    """The expression's value by operator precedence, or None when it does not parse (a stray bracket, a
    dangling operator)."""
    parser = _Parser(tokens)
    try:
        value = parser.expression()
    except (ValueError, IndexError, ZeroDivisionError):
        return None
    return value if parser.at == len(tokens) else None


def _in_order(tokens: list[str]) -> float | None:
    """Left to right, as a computation is said aloud: "3000加4000除以2是3500" means (3000+4000)÷2."""
    if "(" in tokens or ")" in tokens or len(tokens) % 2 == 0:
        return None
    try:
        value = _value(tokens[0])
        for op, figure in zip(tokens[1::2], tokens[2::2]):
            x = _value(figure)
            value = value + x if op == "+" else value - x if op == "-" else value * x if op == "*" else value / x
    except (ValueError, ZeroDivisionError):
        return None
    return value


def _values(expression: str) -> list[float]:
    tokens = _tokens(expression)
    readings = [_by_precedence(tokens), _in_order(tokens), _by_precedence(_sums_first(tokens))]
    # A result said for the last part only ("120乘以30加15,就是45,再除以30"): the sum after any operator.
    readings += [_by_precedence(tokens[n + 1:]) for n in range(1, len(tokens) - 2, 2)]
    if (grouped := _percents_grouped(tokens)) is not None:
        readings += [_by_precedence(grouped), _in_order(grouped)]
    return [v for v in readings if v is not None]


def _sums_first(tokens: list[str]) -> list[str]:
    """"120乘以30加15" is also said for 120 × (30 + 15): each run of + and − is bracketed."""
    if "(" in tokens or ")" in tokens:
        return tokens
    out, run = [], []
    for t in tokens + ["*"]:
        if t in ("*", "/"):
            out += ["(", *run, ")"] if len(run) > 1 else run
            out.append(t)
            run = []
        else:
            run.append(t)
    return out[:-1]


def _percents_grouped(tokens: list[str]) -> list[str] | None:
    """"70乘以8%减2.1%" is said for 70 × (8% − 2.1%): two percentages joined by + or − are one rate."""
    for n in range(len(tokens) - 2):
        a, op, b = tokens[n:n + 3]
        if a.endswith("%") and b.endswith("%") and _SYMBOL.get(op, op) in "+-" and (n == 0 or tokens[n - 1] != "("):
            return tokens[:n] + ["(", a, op, b, ")"] + tokens[n + 3:]
    return None


def _agrees(computed: float, stated: str) -> bool:
    """Equal to the precision the result is stated with (4.58 for 4.5833; 32% for 0.3175), or within 1 %.
    Amounts may change unit between the sides ("60+30+12×5=150万"), so 万 and 亿 are allowed either way."""
    figure = re.match(r"[\d.]+", stated).group(0)
    unit = _value("1" + stated[len(figure):])
    tolerance = max(0.5 * 10 ** -len(figure.partition(".")[2]) * unit, 0.01 * abs(computed)) + 1e-9
    value = _value(stated)
    return any(abs(computed - value * k) <= tolerance * k for k in (1.0, 1e4, 1e-4, 1e8, 1e-8))


def _right(computed: list[float], stated: str) -> bool:
    if re.fullmatch(_NUMBER, stated):
        return any(_agrees(c, stated) for c in computed)
    # The result is itself an expression ("=25.5+22+26.4"): the two sides must have one value.
    results = _values(stated)
    return not results or any(abs(c - r) <= 0.01 * abs(c) + 1e-9 for c in computed for r in results)


def wrong_computation(text: str, start: int = 0) -> tuple[str, float, str] | None:
    """The first computation in `text` (matching form) whose stated result is wrong: (what was said, value,
    the stated result). Either reading of a spoken sum (by precedence, or left to right as said) may be meant."""
    for hit in _COMPUTATION.finditer(text):
        if hit.end() <= start or _CONTINUED.search(text[max(0, hit.start() - 24):hit.start()]):
            continue  # "许可60＋实施30＋维护12×5＝150": only the tail of a sum broken by labels was matched
        if hit.start() < min(start, 24) and start:
            continue  # begun in a text before `start` that is too short to tell whether the sum goes back further
        computed, stated = _values(hit.group(1)), _MEASURE.sub("", hit.group(2))
        if computed and not _right(computed, stated):
            return hit.group(0), computed[0], stated
    return None


def _shown(value: float, like: str) -> str:
    """The value in the form the candidate stated the result: 30% for a percentage, 1万 for an amount."""
    if like.endswith("%"):
        return f"{value * 100:.4g}%"
    for unit, size in (("亿", 1e8), ("万", 1e4)):
        if abs(value) >= size and abs(value / size) < 1e4:
            return f"{value / size:.4g}{unit}"
    return f"{value:.4g}"


def arithmetic_errors(units: list[Unit], point_sims) -> list[Error]:
    """One error per unit that computes wrongly, on the rubric point the unit speaks to most."""
    errors = []
    for n, unit in enumerate(units):
        # A long unpunctuated answer is cut into windows: the sum may have begun in the window before
        # ("…就是2%除以" | "98%乘360除以20大约36.73%"), so that window's tail is read with it.
        # A sum cut by the window edge ("…5分,30加20加5," | "1共65分") is read whole, once: in the unit it ends in.
        before = units[n - 1].norm[-48:] if n and not re.search(r"[。！？!?]$", units[n - 1].norm) else ""
        found = wrong_computation(before + unit.norm, start=len(before))
        if found:
            said, value, stated = found
            point = int(point_sims[n].argmax()) if point_sims is not None else 0
            quote = unit.raw if said in unit.norm else units[n - 1].raw + unit.raw
            errors.append(Error(point, n, quote, f"{re.split(_EQUALS, said)[0]} = {_shown(value, stated)}", ""))
    return errors
