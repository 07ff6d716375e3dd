"""The candidate's application material (技术总结/论文/业绩): concrete claims -> probing questions.

A claim is a sentence with a figure (数字 + 单位), a project the candidate led, or a named method.
Each claim is mapped to the skill item it touches by searching the level's standard passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import AssistantError
from ..ingest.loaders import LoadError, load_parts
from ..retrieval import Retriever
from ..standard.model import Standard
from ..tokenize import Tokenizer
from .planner import PlanItem

MAX_CLAIMS = 6
_SENTENCE = re.compile(r"[^。！？；\n]{8,160}[。！？；]?")
# A figure with a unit; a bare year ("2018年") is a date, not a result.
_FIGURE = re.compile(r"(?<!\d)(?!(?:19|20)\d{2}年)\d+(?:\.\d+)?\s*(?:%|％|万元|亿元|元|天|家|个|笔|户|人|次|倍|分|项|年)")
_CHANGE = re.compile(r"(从|由).{0,12}\d.{0,16}(降|减|下降|压缩|缩短|提高|提升|升|增加|增长|扩大)(到|至|为)?")
_PROJECT = re.compile(r"(负责|主导|牵头|主持|设计|建立|搭建|推动|实施|制定|组织)")
_METHOD = re.compile(r"DSO|账龄|坏账率|营运资产|Z值|Z-score|5C|评分卡|信用评级|信用额度|授信|保理|信用保险|"
                     r"催收|追账|黑名单|征信|信控|ERP|渠道商|供应商|标准化|信用修复", re.I)


@dataclass(frozen=True)
class Claim:
    text: str
    kind: str  # change | figure | project
    score: int  # how concrete: figures and changes rank first


def read_dossier(path: Path) -> str:
    try:
        text = "\n".join(p.text for p in load_parts(path))
    except LoadError as err:
        raise AssistantError(f"申报材料无法读取：{err}") from err
    if len(re.findall(r"[\u4e00-\u9fff]", text)) < 50:
        raise AssistantError("申报材料中几乎没有中文正文，无法提取可追问的内容；请检查文件。")
    return text


def extract_claims(text: str) -> list[Claim]:
    claims = []
    for m in _SENTENCE.finditer(text.replace("\r", "")):
        s = m.group(0).strip()
        change, figure = bool(_CHANGE.search(s)), bool(_FIGURE.search(s))
        project, method = bool(_PROJECT.search(s)), bool(_METHOD.search(s))
        if not (figure or (project and method)):
            continue
        kind = "change" if change else "figure" if figure else "project"
        claims.append(Claim(s, kind, 3 * change + 2 * figure + project + method))
    claims.sort(key=lambda c: -c.score)
    seen, out = set(), []
    for c in claims:
        if c.text[:20] not in seen:
            seen.add(c.text[:20])
            out.append(c)
    return out[:MAX_CLAIMS]


MAX_QUOTE = 60  # a reviewer quotes the figure, not the whole paragraph


def _quote(text: str) -> str:
    """The clauses of a claim that carry its figures or change, within MAX_QUOTE characters."""
    text = text.rstrip("。；！？")
    if len(text) <= MAX_QUOTE:
        return text
    clauses = re.split(r"(?<=[，,：:；])", text)
    keep = [c for c in clauses if _FIGURE.search(c) or _CHANGE.search(c)] or clauses[:1]
    out = ""
    for c in keep:
        if len(out) + len(c) > MAX_QUOTE and out:
            break
        out += c
    return out.rstrip("，,：:；")[:MAX_QUOTE] + ("……" if len(out) < len(text) else "")


def _question(claim: Claim) -> str:
    quote = _quote(claim.text)
    if claim.kind == "change":
        return f"你在材料中提到“{quote}”。具体采取了哪些措施？这个指标怎么计算、数据从哪里来、效果又是怎么验证的？"
    if claim.kind == "figure":
        return f"你在材料中写到“{quote}”。请说明这个数字的口径和计算方法，你本人在其中做了什么？"
    return f"你在材料中提到“{quote}”。请具体讲讲你是怎么做的，遇到的最大困难是什么，结果如何？"


def probes_for(claims: list[Claim], retriever: Retriever, tokenizer: Tokenizer, standard: Standard,
               level: str) -> list[PlanItem]:
    """A dossier question per claim that touches one of the level's skill items, tied to that item."""
    lv = standard.level(level)
    fn_by_loc = {c.locator: (f, c) for f in lv.functions for c in f.contents}
    out = []
    for claim in claims:
        hits = [h for h in retriever.search(claim.text, k=5, level=level, kind="standard")
                if h.chunk.locator in fn_by_loc]
        if not hits:
            continue
        fn, content = fn_by_loc[hits[0].chunk.locator]
        words = set(tokenizer.tokens(claim.text))
        skill = max(content.skills, key=lambda s: len(words & set(tokenizer.tokens(s.text))))
        out.append(PlanItem(fn.name, 0.0, "dossier", probe_text=_question(claim), probe_locator=skill.locator,
                            probe_content=content.locator, claim=claim.text))
    return out
