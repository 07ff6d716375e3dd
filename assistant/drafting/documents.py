"""The three printable documents as a list of neutral blocks, rendered to md, html or docx elsewhere.

题目与评分细则 (for the panel), 评分表 (one sheet per reviewer) and 参考答案 (a separate answer key).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import FULL_MARKS, PASS_MARK, DraftQuestion, QuestionSet, fmt_minutes, full_marks

SUMMARY_CHARS = 28
BLANK = "＿" * 8


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Para:
    text: str
    label: str = ""  # bold lead-in, e.g. "题目："
    small: bool = False


@dataclass
class Items:
    items: list[str]
    ordered: bool = False


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    total: list[str] = field(default_factory=list)  # a bold last row (合计)
    widths: list[int] = field(default_factory=list)  # relative column widths; [] = automatic


@dataclass
class PageBreak:
    pass


Block = Heading | Para | Items | Table | PageBreak


def _info(qs: QuestionSet) -> Para:
    panel = "、".join(f"{n}（{qs.role(n)}）" for n in qs.panel)
    # The seed stays in the editable draft (to redraw the same set), never on a printed sheet.
    return Para(f"等级 {qs.level}｜提问时长 {qs.minutes} 分钟｜{len(qs.items)} 题｜评审组 {panel}")


def _meta(qs: QuestionSet, q: DraftQuestion) -> Para:
    return Para(f"职业功能：{q.function}｜定位符 {q.locator}｜题型：{q.kind}｜建议用时 {fmt_minutes(q.minutes)} 分钟"
                f"｜提问：{q.reviewer}（{qs.role(q.reviewer)}）", small=True)


def _rubric(q: DraftQuestion) -> list[Block]:
    return [Para("", label="评分要点："), Items([f"{p}（{w} 分）" for p, w in q.rubric])]


def _balance(qs: QuestionSet) -> Table:
    counts = {f: sum(q.function == f for q in qs.items) for f in qs.function_shares()}
    rows = [[f, str(counts[f]), f"{share:.0f}%"] for f, share in qs.function_shares().items()]
    return Table(["职业功能", "题数", "用时占比"], rows)


def question_paper(qs: QuestionSet) -> list[Block]:
    blocks: list[Block] = [Heading(f"综合评审题目与评分细则（{qs.level}）"), _info(qs), _balance(qs)]
    blocks += [Items(qs.notes)] if qs.notes else []
    for q in qs.items:
        blocks += [Heading(f"第{q.no}题", 2), _meta(qs, q), Para(q.question, label="题目：")] + _rubric(q)
        blocks += [Para("", label="追问："), Items(q.followups)] if q.followups else []
    return blocks


def _summary(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SUMMARY_CHARS else flat[:SUMMARY_CHARS] + "…"


def _sheet(qs: QuestionSet, name: str, marks: list[int]) -> list[Block]:
    asked = "、".join(f"第{n}题" for n in qs.asked_by(name)) or "无"
    rows = [[str(q.no), q.function, _summary(q.question), str(m), "", ""] for q, m in zip(qs.items, marks)]
    return [Heading(f"综合评审评分表 — {name}（{qs.role(name)}）"), _info(qs),
            Para(f"考生姓名：{BLANK}　　准考证号：{BLANK}{BLANK}"),
            Para(f"本人提问：{asked}", small=True),
            Table(["题号", "职业功能", "题目摘要", "满分", "得分", "评语"], rows,
                  ["合计", "", "", str(FULL_MARKS), "", ""], [8, 16, 38, 9, 9, 20]),
            Para(f"百分制，{PASS_MARK} 分及格。请按评分细则给分，得分不超过该题满分。", small=True),
            Para(f"评审员签名：{BLANK}{BLANK}　　日期：{BLANK}")]


def score_sheets(qs: QuestionSet) -> list[Block]:
    marks = full_marks(qs)
    blocks: list[Block] = []
    for i, name in enumerate(qs.panel):
        blocks += ([PageBreak()] if i else []) + _sheet(qs, name, marks)
    return blocks


def answer_key(qs: QuestionSet) -> list[Block]:
    blocks: list[Block] = [Heading(f"综合评审参考答案（{qs.level}）"), _info(qs),
                           Para("本文件仅供评审组使用，请勿提供给考生。", small=True)]
    for q in qs.items:
        blocks += [Heading(f"第{q.no}题　{q.function}（{q.locator}）", 2), Para(q.question, label="题目：")]
        blocks += [Para("", label="参考要点："), Items(q.outline, ordered=True)] if q.outline else []
        blocks += _rubric(q)
    return blocks


DOCUMENTS = {"题目": question_paper, "评分表": score_sheets, "参考答案": answer_key}
