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

from .dossier import Claim

PART_WEIGHTS = {"结构": 0.2, "可量化成效": 0.3, "与本级技能要求相关": 0.3, "具体性": 0.2}
SECTION_ROLES = {"背景与问题": r"背景|现状|问题|概况|简介|基本情况", "做法与措施": r"做法|措施|实施|方法|过程|方案|设计|建设",
                 "成效": r"成效|效果|成果|结果|收益|业绩", "体会与不足": r"体会|不足|改进|展望|反思|经验|启示|思考"}
_HEADING = re.compile(r"^\s*(#{1,4}\s*.+|[一二三四五六七八九十]+、.{1,30}|[（(][一二三四五六七八九十\d]+[)）].{1,30}|"
                      r"\d{1,2}[.、．]\s*.{1,30})\s*$", re.M)
_BOILERPLATE = re.compile(r"高度重视|不断完善|持续改进|进一步加强|取得了?(良好|显著|明显)(的)?(效果|成效)|显著提升|大力推进|"
                          r"全面提升|认真落实|积极推进|稳步推进|有效提升|切实加强|扎实推进")
_ROLE = re.compile(r"(本人|我)(主要)?(负责|主导|牵头|主持|设计|搭建|组织|推动|制定|建立|带领)")
_LAW = re.compile(r"《[^》]{2,30}》|民法典|征信业管理条例|个人信息保护法|企业破产法|数据安全法|企业信息公示暂行条例")
_METRIC = re.compile(r"(DSO|坏账率|逾期率|回款率|周转天数|逾期金额|坏账损失|核销|不良率|KS|AUC)[^。；\n]{0,12}?"
                     r"(降至|降到|下降至|为|是|达到|仅|提高到|提升至|升至)\s*(\d+(?:\.\d+)?)\s*(%|％|天|万元)?", re.I)
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
_ORDER = re.compile(r"首先|其次|再次|然后|最后|第一|第二|第三|一是|二是|三是|接下来|总结|总的来说")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
TERMS_FOR_FULL_RELEVANCE = 12.0  # domain terms per 1,000 characters that earn the full relevance part


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


def _results(claims: list[Claim], text: str) -> tuple[float, list[str]]:
    changes = sum(c.kind == "change" for c in claims)
    figures = sum(c.kind == "figure" for c in claims)
    score = min(100.0, 30 * changes + 15 * figures)
    clashes = _inconsistent(text)
    score = max(0.0, score - 20 * len(clashes))
    notes = [f"可量化成效：{changes} 处前后对比、{figures} 处其他数据" if claims else "可量化成效：没有找到带数据的业绩表述"]
    notes += [f"数字矛盾：{c}，请核对口径" for c in clashes]
    return score, notes


def _relevance(text: str, lexicon: list[str], locators: list[str]) -> tuple[float, list[str]]:
    chars = max(1, len(re.findall(r"[\u4e00-\u9fff]", text)))
    hits = sum(text.count(t) for t in lexicon)
    density = hits / chars * 1000
    score = min(100.0, 100 * density / TERMS_FOR_FULL_RELEVANCE)
    where = f"，涉及本级技能要求 {'、'.join(locators)}" if locators else "，没有找到与本级技能要求对应的内容"
    return score, [f"与本级技能要求相关：信用管理术语每千字 {density:.0f} 个{where}"]


def _specificity(text: str) -> tuple[float, list[str]]:
    role = bool(_ROLE.search(text))
    laws = len(set(_LAW.findall(text)))
    boiler = len(_BOILERPLATE.findall(text))
    sentences = max(1, len(re.findall(r"[。！？]", text)))
    score = 40 * role + min(30, 10 * laws) + 30 - min(30, 300 * boiler / sentences / 10)
    notes = [f"具体性：{'写明了本人角色' if role else '看不出本人具体做了什么'}；引用法规或制度 {laws} 处；"
             f"套话 {boiler} 处"]
    return max(0.0, min(100.0, score)), notes


def review_dossier(text: str, claims: list[Claim], lexicon: list[str], locators: list[str]) -> DossierReview:
    parts, findings = {}, []
    for name, (score, notes) in zip(PART_WEIGHTS, (_structure(text), _results(claims, text),
                                                  _relevance(text, lexicon, locators), _specificity(text))):
        parts[name] = round(score, 1)
        findings += notes
    total = sum(parts[k] * w for k, w in PART_WEIGHTS.items())
    return DossierReview(round(total, 1), parts, findings, locators, [c.text for c in claims],
                         len(re.findall(r"[\u4e00-\u9fff]", text)))


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
