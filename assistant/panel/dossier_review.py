"""材料审阅: the panel's review of the dossier (技术总结/论文) and of the 陈述 that presents it.

Four parts, each 0–100, combined by PART_WEIGHTS: structure (the sections a 技术总结 needs), measurable
results (figures, before/after changes, consistent numbers), relevance to the level's skill items (domain
vocabulary, with the items it touches as locators) and specificity (own role, named methods and laws, little
boilerplate). The 陈述 is marked on how many of the dossier's main claims it presents with their figures,
its order, and its length against the time given.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .dossier import _METHOD, Claim
from .relevance import SLOGAN_WORDS, Relevance

PART_WEIGHTS = {"结构": 0.2, "可量化成效": 0.3, "与本级技能要求相关": 0.3, "具体性": 0.2}
SECTION_ROLES = {"背景与问题": r"背景|现状|问题|概况|简介|基本情况", "做法与措施": r"做法|措施|实施|方法|过程|方案|设计|建设",
                 "成效": r"成效|效果|成果|结果|收益|业绩", "体会与不足": r"体会|不足|改进|展望|反思|经验|启示|思考"}
_HEADING = re.compile(r"^\s*(#{1,4}\s*.+|[一二三四五六七八九十]+、.{1,30}|[（(][一二三四五六七八九十\d]+[)）].{1,30}|"
                      r"\d{1,2}[.、．]\s*.{1,30})\s*$", re.M)
_BOILERPLATE = re.compile(SLOGAN_WORDS + r"|取得了?(良好|显著|明显)(的)?(效果|成效)")
_ROLE = re.compile(r"(本人|我)[^。；，]{0,8}?(负责|主导|牵头|主持|设计|搭建|组织|推动|制定|建立|带领|担任|作为)")
_LAW = re.compile(r"《[^》]{2,30}》|民法典|征信业管理条例|个人信息保护法|企业破产法|数据安全法|企业信息公示暂行条例")
# Indicators with one value per period (a model's KS or AUC differs by sample, so it is not checked).
_METRIC = re.compile(r"(DSO|坏账率|逾期率|回款率|周转天数|逾期金额|坏账损失|不良率)[^。；\n]{0,12}?"
                     r"(降至|降到|下降至|为|是|达到|仅|提高到|提升至|升至)\s*(\d+(?:\.\d+)?)\s*(%|％|天|万元)?", re.I)
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
_ORDER = re.compile(r"首先|其次|再次|然后|最后|第一|第二|第三|一是|二是|三是|接下来|总结|总的来说")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
FULL_SHARE = 0.6  # share of the text about the level's skill items that earns the full relevance part
SHORT_CHARS = 1500  # a shorter dossier is marked down in proportion (an examiner: "作为技师材料太薄")
CLASH_PENALTY = 8.0  # points off the whole review per figure that contradicts another or its own arithmetic


@dataclass
class DossierReview:
    score: float
    parts: dict[str, float]
    findings: list[str]  # what the panel notes, in Chinese
    locators: list[str]  # skill items of the level the dossier's claims touch
    claims: list[str] = field(default_factory=list)  # the main claims, as quoted in probes
    chars: int = 0

    def to_json(self) -> dict:
        return asdict(self)


def _structure(text: str) -> tuple[float, list[str]]:
    headings = [h.strip("# ") for h in _HEADING.findall(text)]
    found_h = [role for role, pat in SECTION_ROLES.items() if any(re.search(pat, h) for h in headings)]
    found_t = [role for role, pat in SECTION_ROLES.items() if re.search(pat, text)]
    score = 25 * len(found_h) + 10 * len(set(found_t) - set(found_h))
    missing = [r for r in SECTION_ROLES if r not in found_h]
    note = f"结构：有小标题的部分 {len(found_h)}/4" + (f"，缺少“{'、'.join(missing)}”部分" if missing else "，层次完整")
    return min(100.0, score), [note]


def _inconsistent(text: str) -> list[str]:
    """The same indicator given different end values in sentences of the same year (or with no year)."""
    seen: dict[tuple[str, str], set[str]] = {}
    for sentence in re.split(r"[。；\n]", text):
        years = _YEAR.findall(sentence)
        year = years[-1].replace(" ", "") if years else ""
        for m in _METRIC.finditer(sentence):
            seen.setdefault((m.group(1).upper(), year), set()).add(m.group(3) + (m.group(4) or ""))
    return [f"{metric}{'（' + year + '）' if year else ''}前后不一致：{' / '.join(sorted(values))}"
            for (metric, year), values in seen.items() if len(values) > 1 and year]


_STATED_CHANGE = re.compile(r"(?:从|由)\s*(\d+(?:\.\d+)?)\s*(天|%|％|万元|亿元|家|户|人)?[^，。；\d]{0,10}?(?:降|减|下降|缩短|压缩|提高|提升|增长|增加|升)"
                            r"[^，。；\d]{0,4}(?:到|至|为)\s*(\d+(?:\.\d+)?)\s*(天|%|％|万元|亿元|家|户|人)?[，,、]?\s*"
                            r"(?:[^，。；\d]{0,6}?)(?:缩短|下降|降低|减少|提高|提升|增长|增加)了?\s*(\d+(?:\.\d+)?)\s*(天|%|％|个百分点|万元|亿元|家|户|人)")


def arithmetic_slips(text: str) -> list[str]:
    """A stated change that does not follow from its own figures: "从105天降至80天，缩短了30天"."""
    out = []
    for m in _STATED_CHANGE.finditer(text):
        a, b, said, unit = float(m.group(1)), float(m.group(3)), float(m.group(5)), m.group(6)
        if unit in ("%", "％") and (m.group(2) or m.group(4) or "") not in ("%", "％"):
            right = abs(a - b) / a * 100 if a else 0.0  # a relative change of an amount
            ok = abs(right - said) <= 1.0
        elif unit == "个百分点" or unit in ("%", "％"):
            right, ok = abs(a - b), abs(abs(a - b) - said) <= 0.1 or (a and abs(abs(a - b) / a * 100 - said) <= 1.0)
        else:
            right, ok = abs(a - b), abs(abs(a - b) - said) <= 0.5
        if not ok:
            out.append(f"“{m.group(0)}”：按前后数字应为 {right:g}{'%' if unit in ('%', '％') else unit}")
    return out


_CREDIT = re.compile(r"DSO|逾期|坏账|应收|回款|账龄|授信|信用|额度|催收|追收|追账|核销|周转|评分|评级|征信|担保|保理|"
                     r"信保|投保|不良|违约|赊销|账期|拒付|限额", re.I)


def _results(claims: list[Claim], text: str) -> tuple[float, list[str]]:
    """Before/after figures of credit work count; sales growth or headcount are not the candidate's
    credit-management results."""
    claims = [c for c in claims if _CREDIT.search(c.text)]
    changes = sum(c.kind == "change" for c in claims)
    figures = sum(c.kind == "figure" for c in claims)
    score = min(100.0, 30 * changes + 15 * figures)
    clashes = _inconsistent(text) + arithmetic_slips(text)
    score = max(0.0, score - 30 * len(clashes))
    notes = [f"可量化成效：信用管理方面 {changes} 处前后对比、{figures} 处其他数据" if claims
             else "可量化成效：没有找到信用管理方面带数据的业绩表述"]
    notes += [f"数字矛盾：{c}，请核对口径" for c in clashes]
    return score, notes


def _relevance(rel: Relevance) -> tuple[float, list[str]]:
    """The level's own work counts fully, lower levels' work less (relevance.CREDIT); full marks from FULL_SHARE."""
    score = min(100.0, 100 * rel.credited / FULL_SHARE)
    where = f"，对应本级技能要求 {'、'.join(rel.locators)}" if rel.locators else "，没有找到与本级技能要求对应的内容"
    notes = [f"与本级技能要求相关：约 {rel.on_level:.0%} 的内容对应本级技能要求{where}"]
    if rel.below >= 0.3:
        notes.append(f"约 {rel.below:.0%} 的内容对应更低等级的技能要求，体现不出本级要求")
    return score, notes


def _specificity(text: str) -> tuple[float, list[str]]:
    role = bool(_ROLE.search(text))
    laws = len(set(_LAW.findall(text)))
    methods = len({m.group(0).upper() for m in _METHOD.finditer(text)})
    boiler = len(_BOILERPLATE.findall(text))
    score = 35 * role + min(30, 10 * laws) + min(35, 7 * methods) - min(40, 8 * boiler)
    notes = [f"具体性：{'写明了本人角色' if role else '看不出本人具体做了什么'}；引用法规或制度 {laws} 处；"
             f"信用管理方法 {methods} 种；套话 {boiler} 处"]
    return max(0.0, min(100.0, score)), notes


def review_dossier(text: str, claims: list[Claim], relevance: Relevance) -> DossierReview:
    parts, findings = {}, []
    for name, (score, notes) in zip(PART_WEIGHTS, (_structure(text), _results(claims, text),
                                                  _relevance(relevance), _specificity(text))):
        parts[name] = round(score, 1)
        findings += notes
    total = sum(parts[k] * w for k, w in PART_WEIGHTS.items())
    chars = len(re.findall(r"[\u4e00-\u9fff]", text))
    if chars < SHORT_CHARS:
        total *= 0.6 + 0.4 * chars / SHORT_CHARS
        findings.append(f"篇幅：正文约 {chars} 字，偏短，难以完整反映本级工作")
    total = max(0.0, total - CLASH_PENALTY * sum(f.startswith("数字矛盾") for f in findings))
    return DossierReview(round(total, 1), parts, findings, relevance.locators, [c.text for c in claims], chars)


def assess_statement(text: str, spoken_s: float, budget_s: float, claims: list[str]) -> dict:
    """Coverage of the dossier's main claims (50), order (25), length against the time given (25)."""
    main = claims[:4]
    covered = [c for c in main if _presents(text, c)]
    coverage = 50 * len(covered) / len(main) if main else 0.0
    order = min(25.0, 8 * len(set(_ORDER.findall(text))))
    ratio = spoken_s / budget_s if budget_s else 0.0
    timing = 25.0 if 0.6 <= ratio <= 1.05 else 25.0 * max(0.0, 1 - abs(ratio - 0.8) / 0.8)
    notes = [f"陈述讲到了材料主要业绩 {len(covered)}/{len(main)} 项",
             "条理清楚，有先后顺序" if order >= 16 else "层次不够清楚，建议按背景→做法→成效→体会来讲",
             f"陈述用时约 {spoken_s:.0f} 秒，给定 {budget_s:.0f} 秒"
             + ("" if 0.6 <= ratio <= 1.05 else ("，偏短" if ratio < 0.6 else "，超时"))]
    return {"score": round(coverage + order + timing, 1), "notes": notes, "spoken_s": round(spoken_s, 1)}


def _presents(statement: str, claim: str) -> bool:
    """A claim is presented when the statement gives its figures (or, without figures, most of its words)."""
    figures = [f for f in _FIGURE.findall(claim) if not re.fullmatch(r"(19|20)\d{2}", f)]
    if figures:
        return sum(f in statement for f in figures) >= max(1, len(figures) // 2)
    grams = {claim[i:i + 2] for i in range(len(claim) - 1)}
    return len([g for g in grams if g in statement]) >= 0.5 * len(grams)
