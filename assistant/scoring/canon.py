"""Canonical facts that hold for every question: formulas, directions of indicators, fixed figures.

A question's own misconceptions (`facts.py`) only know the wrong claims someone wrote for it. These facts
are checked in any answer: "利息保障倍数 = 净利润 ÷ 利息" is wrong in every question that touches it,
"DSO越大越好" too, and so is "不良信息保存3年". Data: corpus/facts/{formulas,directions,numbers,orders}[-part].yaml,
each entry with wrong and fine example sentences that tests/test_canon.py checks the matcher against.
The matcher is deliberately conservative: anything it cannot parse, or that is negated, is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..yamlfile import read_yaml
from .facts import Error
from .units import matching_form, sentence_texts

_DIVIDE = re.compile(r"除以|÷|/|(?<![对相])比上?(?![率例重较起如下前值年月季期])")
_RESULT = re.compile(r"[×*x=]|乘以?|等于|得|再|约|是\d|,|，|。|；|;")
_SUBTRACT = re.compile(r"减|扣|剔除|去掉|除去|不含|不包括|加上|加|[-−－+＋]")
_NUMERATOR = re.compile(r"分子(?:是|用|为|取)?(.{1,16}?)(?:[,，;；]|分母)")
_DENOMINATOR = re.compile(r"分母(?:是|用|为|取)?(.{1,16}?)(?:[,，;；。]|$)")
_DENIAL = re.compile(r"不是|并非|而非|不能|不应|不要|不用|别用|不该|误以为|错误|误区|有人(认为|说|以为)|以为")
_CLAUSE = re.compile(r"[,，;；:：]")
_SENTENCE = re.compile(r"[。！？!?\n]")
_UP = r"(?:越|愈|更)?(?:高|大|长|多)|上升|升高|增加|提高|变大|变长|上涨|走高|偏高"
_DOWN = r"(?:越|愈|更)?(?:低|小|短|少)|下降|降低|减少|变小|缩短|下滑|走低|偏低"
# What a consequent says about the one measured: a good or bad thing that rises or falls ("风险越低",
# "区分能力越强", "压力减轻"), a verdict ("越好", "更可靠"), or what to do ("可以放宽", "要警惕").
_GOOD = r"(?:偿债|付款|还款|盈利|区分|排序|履约)?能力|质量|稳定性|信用|资信|效果|区分度|一致性|意愿|状况|前景|实力|口碑|服务"
_BAD = r"风险|压力|损失|坏账|逾期|漂移|违约(?:概率)?|困境|资金占用|负担"
_RISE = r"(?:越|愈|更|就|在|也|会|较|很)?(?:高|大|强|好|多|上升|增加|增强|提升|提高|改善|好转|加大|加重|严重)"
_FALL = r"(?:越|愈|更|就|在|也|会|较|很)?(?:低|小|弱|差|少|下降|降低|减少|减弱|减轻|恶化|变差|分散)"
_VALENCE = [
    (+1, rf"(?:{_GOOD}){_RISE}|(?:{_BAD}){_FALL}|(?:越|更|最)好|更优|(?:越|更|很|最)?(?:可靠|宽裕|安全|健康|稳健|稳定)|"
         r"付款(?:越|更)?及时|回款(?:越|更)?快|(?:越|更)?容易收回|(?:可以|能|应当?|值得)(?:继续)?(?:放宽|提额|加额|提高额度|增加额度|"
         r"扩大|放心|优先|给予?(?:更)?优惠|延长账期)|优质|改善|好转|变好"),
    (-1, rf"(?:{_GOOD}){_FALL}|(?:{_BAD}){_RISE}|(?:越|更|最)差|(?:越|更|很|最)?(?:危险|紧张|不可靠|不稳定)|恶化|分不开|"
         r"回款(?:越|更)?慢|(?:越|更)?难(?:收回|收)|(?:要|应当?|需要?)(?:警惕|收紧|压缩|降低额度|降额|减额|下调|预警|重点)|拖欠"),
]
_MOVE = re.compile(r"从(\d+(?:\.\d+)?)[^\d,，;；]{0,4}?(?:升|增|涨|提高|降|下降|减|跌|调|变)(?:到|至|为|成)(\d+(?:\.\d+)?)")
_NEGATION = re.compile(r"不是|并非|未必|不一定|不代表|不能说明|不意味|没有|不会|不")
_NUMBER = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)\s*(个月|月|年|个?工作日|日|天|万元|万|亿元|亿|元|%|分钟|min|小时|人|名|位|学时|课时|次|倍)")
_UNIT_SAME = {"个工作日": "工作日", "月": "个月", "天": "日", "min": "分钟", "万": "万元", "亿": "亿元", "名": "人", "位": "人",
              "课时": "学时"}
# A period said in months, in the subject's own clause, against one in years: "申请强制执行要在6个月内" is half a
# year. Only "个月" counts: a bare 月 is a calendar month ("2023年11月").


@dataclass(frozen=True)
class Canonical:
    """One canonical fact; `right` and `locator` go into the report's 错误 line."""
    id: str
    right: str
    locator: str


@dataclass(frozen=True)
class Formula(Canonical):
    names: tuple[str, ...]
    forms: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # accepted (numerator, denominator) phrasings
    wrong_terms: tuple[str, ...]


@dataclass(frozen=True)
class Direction(Canonical):
    metric: tuple[str, ...]
    higher_is: int  # +1: a higher value is better; -1: worse


@dataclass(frozen=True)
class Scale(Canonical):
    names: tuple[str, ...]  # the scale's names; one must be in the sentence
    labels: tuple[str, ...]  # from the lowest risk to the highest


@dataclass(frozen=True)
class Figure(Canonical):
    subject: tuple[str, ...]
    context: tuple[str, ...]
    values: tuple[float, ...]
    unit: str
    bound: str  # exact | min | max


def _forms(words) -> tuple[str, ...]:
    return tuple(dict.fromkeys(matching_form(str(w)) for w in words or () if str(w).strip()))


def _unit(unit: str) -> str:
    return _UNIT_SAME.get(unit, unit)


@dataclass
class CanonBook:
    formulas: list[Formula]
    directions: list[Direction]
    figures: list[Figure]
    scales: list[Scale] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._names = tuple(n for f in self.formulas for n in f.names)  # every ratio's names, built once

    @classmethod
    def load(cls, folder: Path) -> CanonBook:
        def rows(name: str) -> list[dict]:  # "numbers.yaml" and any "numbers-<part>.yaml" beside it
            stem = name.removesuffix(".yaml")
            paths = [folder / name, *sorted(folder.glob(f"{stem}-*.yaml"))]
            return [r for path in paths if path.is_file() for r in read_yaml(path) or []]

        formulas = [Formula(r["id"], r["right"], r["locator"], _forms(r["names"]),
                            tuple((_forms(f["numerator"]), _forms(f["denominator"])) for f in r["forms"]),
                            _forms(r.get("wrong_terms"))) for r in rows("formulas.yaml")]
        directions = [Direction(r["id"], r["right"], r["locator"], _forms(r["metric"]),
                                1 if r["higher_is"] == "better" else -1) for r in rows("directions.yaml")]
        figures = [Figure(r["id"], r["right"], r["locator"], _forms(r["subject"]), _forms(r.get("context")),
                          tuple(float(v) for v in r["values"]), _unit(str(r["unit"])), r.get("bound", "exact"))
                   for r in rows("numbers.yaml")]
        scales = [Scale(r["id"], r["right"], r["locator"], _forms(r["names"]), _forms(r["labels"]))
                  for r in rows("orders.yaml")]
        return cls(formulas, directions, figures, scales)

    def contradicted(self, sentence: str) -> list[tuple[Canonical, int]]:
        """Canonical facts the sentence (matching form) states wrongly, with the offset where it does."""
        found = [(f, at) for f in self.formulas if (at := _formula_error(f, sentence, self._names)) is not None]
        found += [(d, at) for d in self.directions if (at := _direction_error(d, sentence)) is not None]
        found += [(sc, at) for sc in self.scales if (at := _scale_error(sc, sentence)) is not None]
        clauses = _clauses(sentence)
        for n, (clause_at, clause) in enumerate(clauses):
            after = clauses[n + 1][1] if n + 1 < len(clauses) else ""
            found += [(g, clause_at + at) for g in self.figures if (at := _figure_error(g, clause, after)) is not None
                      and not any(x is g for x, _ in found)]
        return found


def _clauses(sentence: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for part in _CLAUSE.split(sentence):
        out.append((at, part))
        at += len(part) + 1
    return out


def _has(text: str, phrases: tuple[str, ...]) -> bool:
    return any(p and p in text for p in phrases)


def _sides(after: str) -> tuple[str, str] | None:
    """(numerator, denominator) of a division stated right after a ratio's name, or None."""
    num, den = _NUMERATOR.search(after), _DENOMINATOR.search(after)
    if num and den:
        return num.group(1), den.group(1)
    op = _DIVIDE.search(after)
    if not op or op.start() > 24:
        return None
    rest = after[op.end():]
    end = _RESULT.search(rest)
    return after[: op.start()], rest[: end.start() if end else 16]


def _formula_error(f: Formula, sentence: str, all_names: tuple[str, ...]) -> int | None:
    for name in f.names:
        start = sentence.find(name)
        while start >= 0 and _inside_longer(sentence, start, name, all_names):
            start = sentence.find(name, start + 1)
        while start >= 0:
            after = _SENTENCE.split(sentence[start + len(name):], maxsplit=1)[0][:60]
            sides = _sides(after)
            denied = sides and _DENIAL.search(sentence[max(0, start - 8):start] + after[:len(sides[0]) + 4])
            if sides and not denied and _wrong_sides(f, *sides, all_names):
                return start
            start = sentence.find(name, start + 1)
    return None


def _inside_longer(sentence: str, start: int, name: str, names: tuple[str, ...]) -> bool:
    """"DSO" inside "逾期DSO", "债务/净资产" inside "短期债务/净资产": that is the other ratio."""
    return any(len(n) > len(name) and name in n and any(
        sentence.startswith(n, start - k) for k in range(len(n) - len(name) + 1) if start - k >= 0) for n in names)


def _wrong_sides(f: Formula, num: str, den: str, all_names: tuple[str, ...]) -> bool:
    if re.search(r"[,，;；]", num):  # the division belongs to a later clause, not to this ratio
        return False
    if any(_has(num, n) and _has(den, d) for n, d in f.forms):
        return False
    # Upside down, or the numerator's item put under the line: "回款额除以期末应收账款" for DSO.
    swapped = any(_has(den, n) and not _has(den, d) and not _has(num, n) for n, d in f.forms)
    judged = [(side, tuple(x for n_d in f.forms for x in n_d[k])) for k, side in ((0, num), (1, den))
              if not _SUBTRACT.search(side)]  # "流动资产减存货": a compound side is not judged by its parts
    wrong = any(_has(side, f.wrong_terms) and not _has(side, accepted) for side, accepted in judged)
    return swapped or wrong


def _direction_error(d: Direction, sentence: str) -> int | None:
    """"X越高…越好", "X从40升到55，说明…": the move right after the indicator's name, and what the rest
    of its clause and the next clause say it means."""
    for name in d.metric:
        start = sentence.find(name)
        if start < 0:
            continue
        tail = sentence[start + len(name):]
        lead = re.match(r"[^从,，;；]{0,6}", tail).end()
        moved = _MOVE.match(tail, lead)
        move = re.match(rf"(?:的|值|水平|指标|数值)?(?:[^\d,，;；]{{0,3}}?)({_UP}|{_DOWN})", tail)
        if moved and float(moved.group(1)) != float(moved.group(2)):
            up, cut = (1 if float(moved.group(2)) > float(moved.group(1)) else -1), moved.end()
        elif move:
            up, cut = (1 if re.fullmatch(_UP, move.group(1)) else -1), move.end()
        else:
            continue
        said = ",".join(_CLAUSE.split(tail[cut:])[:2])[:24]
        for sign, pattern in _VALENCE:
            hit = re.search(pattern, said)
            if not hit:
                continue
            between = (tail[:cut] + said[: hit.end()]).replace("不良", "")
            if _NEGATION.search(between) or _DENIAL.search(sentence[:start]):
                return None
            return start if up * sign != d.higher_is else None
    return None


_RISKIEST = re.compile(r"^(?:是|为|的|企业|国家|客户|级){0,3}(?:风险)?(?:是)?(?:最高|最大|最危险|最差|最不安全)")
_SAFEST = re.compile(r"^(?:是|为|的|企业|国家|客户|级){0,3}(?:风险|信用)?(?:是)?(?:最低|最小|最安全|最好|最稳)")


def _scale_error(sc: Scale, sentence: str) -> int | None:
    """"A类风险最高" on a scale whose A is the safest end: an end of the scale called the other end."""
    if not _has(sentence, sc.names):
        return None
    ends = {0: sc.labels[0], len(sc.labels) - 1: sc.labels[-1]}
    for clause_at, clause in _clauses(sentence):
        for end, label in ends.items():
            for hit in re.finditer(rf"(?<![a-z])(?:第)?{re.escape(label)}(?![a-z])", clause):
                tail = clause[hit.end():]
                riskiest, safest = _RISKIEST.search(tail), _SAFEST.search(tail)
                if _DENIAL.search(clause[: hit.start()]) or not (riskiest or safest):
                    continue
                if (riskiest and end == 0) or (safest and end > 0):
                    return clause_at + hit.start()
    return None


def _figure_error(g: Figure, clause: str, after: str = "") -> int | None:
    """A figure said about the subject in its clause, or, when that clause has none, in the next one
    ("收到异议后先做标注，30日内核查"); the aspect (context) must be said where the figure is."""
    at = min((clause.find(s) for s in g.subject if s in clause), default=-1)
    if at < 0:
        return None
    stated, where = _stated(g, clause, other_units=True), clause
    if not stated and after:
        stated, where = _stated(g, after), clause + "," + after
    if not stated or (g.context and not _has(where, g.context)) or _DENIAL.search(where):
        return None
    if g.bound == "min":
        ok = any(v >= min(g.values) for v in stated)
    elif g.bound == "max":
        ok = any(v <= max(g.values) for v in stated)
    else:
        ok = any(abs(v - x) < 1e-9 for v in stated for x in g.values)
    return None if ok else at


def _stated(g: Figure, text: str, other_units: bool = False) -> list[float]:
    out = []
    for m in _NUMBER.finditer(text):
        value, unit = float(m.group(1)), _unit(m.group(2))
        if unit == g.unit and not (unit == "年" and value >= 1900):
            out.append(value)
        elif other_units and m.group(2) == "个月" and g.unit == "年":
            out.append(value / 12)
    return out


def _named(fact: Canonical) -> tuple[str, ...]:
    """The phrases that name what a fact is about (a ratio's names, an indicator, a figure's subject)."""
    return getattr(fact, "names", ()) or getattr(fact, "metric", ()) or getattr(fact, "subject", ())


def canon_errors(book: CanonBook | None, units: list, point_sims, points: list[str] | None = None) -> list[Error]:
    """Errors for the canonical facts the answer states wrongly, each blamed on the unit where it is said and
    on the rubric point that names the fact ("DSO的计算口径"), else the point that unit is most about."""
    if book is None:
        return []
    point_texts = [matching_form(p) for p in points or []]
    errors: list[Error] = []
    for text, unit_at in sentence_texts(units):
        for fact, at in book.contradicted(text):
            unit = unit_at(at)
            naming = [n for n, p in enumerate(point_texts) if _has(p, _named(fact))]
            point = naming[0] if naming else \
                int(point_sims[unit].argmax()) if point_sims is not None and len(point_sims[unit]) else 0
            if not any(e.unit == unit and e.right == fact.right for e in errors):
                errors.append(Error(point, unit, units[unit].raw, fact.right, fact.locator))
    return errors
