"""The editable plain-text form of a question set (Markdown-like), and its validating parser.

    ## 第1题 ｜ 职业功能：授信审批 ｜ 3.3/3.2.1 ｜ 实务 ｜ 4 分钟 ｜ 主审：王评委
    题目：……
    评分要点：
    - 要点（30 分）
    参考要点：
    - ……
    追问：
    - ……
    题库编号：q2-3.2.1

`parse_markdown(to_markdown(qs)) == qs`. Errors are AssistantError naming the question and the problem.
"""

from __future__ import annotations

import re

from ..errors import AssistantError
from ..locators import parse as parse_locator
from ..panel.bank import KINDS
from .draft import MINUTES_RANGE, N_RANGE, draft_level
from .model import LEAD_ROLE, MEMBER_ROLE, DraftQuestion, QuestionSet, fmt_minutes

TITLE = "# 综合评审出题（可编辑：改题目、评分要点与分值、参考要点、追问、用时；分值合计须为 100）"
SEP = " ｜ "
LISTS = {"评分要点": "rubric", "参考要点": "outline", "追问": "followups"}
_HEADER_RE = re.compile(r"^##\s*第\s*(\d+)\s*题\s*$")
_ITEM_RE = re.compile(r"^(?:[-*•·]|\d+[.、])\s*(.*)$")
_WEIGHT_RE = re.compile(r"^(.*?)\s*[（(]\s*(\d+)\s*分\s*[）)]$")
_MINUTES_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*分钟$")


def to_markdown(qs: QuestionSet) -> str:
    panel = "、".join(f"{n}（{qs.role(n)}）" for n in qs.panel)
    lines = [TITLE, f"等级：{qs.level}", f"提问时长：{qs.minutes} 分钟", f"评审组：{panel}"]
    if qs.seed is not None:
        lines.append(f"随机种子：{qs.seed}")
    if qs.notes:
        lines += ["说明："] + [f"- {n}" for n in qs.notes]
    for q in qs.items:
        lines += ["", SEP.join([f"## 第{q.no}题", f"职业功能：{q.function}", q.locator, q.kind,
                                f"{fmt_minutes(q.minutes)} 分钟", f"{qs.role(q.reviewer)}：{q.reviewer}"])]
        lines.append(f"题目：{q.question}")
        lines += ["评分要点："] + [f"- {p}（{w} 分）" for p, w in q.rubric]
        lines += ["参考要点："] + [f"- {x}" for x in q.outline]
        lines += ["追问："] + [f"- {x}" for x in q.followups]
        if q.source_id:
            lines.append(f"题库编号：{q.source_id}")
    return "\n".join(lines) + "\n"


def _label(line: str) -> tuple[str, str] | None:
    """'题目：xx' → ('题目', 'xx'); also accepts a half-width colon."""
    m = re.match(r"^([\u4e00-\u9fff]{2,4})\s*[：:]\s*(.*)$", line)
    return (m.group(1), m.group(2).strip()) if m else None


class _Parser:
    def __init__(self) -> None:
        self.head: dict[str, str] = {}
        self.notes: list[str] = []
        self.items: list[DraftQuestion] = []
        self.where = ""  # "说明" | "题目" | a list field of the current question
        self.lineno = 0

    def fail(self, problem: str):
        at = f"第{self.items[-1].no}题" if self.items else f"第 {self.lineno} 行"
        raise AssistantError(f"{at}：{problem}")

    def feed(self, raw: str) -> None:
        line = raw.strip()
        if not line or (line.startswith("# ") and not self.items):
            return
        if line.startswith("##"):
            return self.header(line)
        if m := _ITEM_RE.match(line):
            return self.list_item(m.group(1).strip(), line)
        label = _label(line)
        if not self.items:
            return self.preamble(label, line)
        self.question_line(label, line)

    def preamble(self, label, line: str) -> None:
        if label and label[0] in ("等级", "提问时长", "评审组", "随机种子"):
            self.head[label[0]] = label[1]
        elif label and label[0] == "说明" and not label[1]:
            self.where = "说明"
        else:
            self.fail(f"无法识别：“{line}”（开头只能写 等级、提问时长、评审组、随机种子、说明）")

    def header(self, line: str) -> None:
        parts = [p.strip() for p in re.split(r"[｜|]", line)]
        m = _HEADER_RE.match(parts[0])
        no = int(m.group(1)) if m else len(self.items) + 1
        self.items.append(DraftQuestion(no, "", "", "", "", 0.0, ""))
        self.where = ""
        if not m or len(parts) != 6:
            self.fail("标题行格式不对，应为“## 第1题 ｜ 职业功能：名称 ｜ 定位符 ｜ 题型 ｜ 4 分钟 ｜ 主审：姓名”")
        self.header_fields(*parts[1:])

    def header_fields(self, function: str, locator: str, kind: str, minutes: str, reviewer: str) -> None:
        q = self.items[-1]
        fn, who = _label(function), _label(reviewer)
        if not fn or fn[0] != "职业功能" or not fn[1]:
            self.fail(f"职业功能应写成“职业功能：名称”，收到：“{function}”")
        try:
            parse_locator(locator)
        except ValueError:
            self.fail(f"定位符“{locator}”无法识别（例如 3.3/3.2.1）")
        if kind not in KINDS:
            self.fail(f"题型须为 {'、'.join(KINDS)} 之一，收到：“{kind}”")
        m = _MINUTES_RE.match(minutes)
        if not m or float(m.group(1)) <= 0:
            self.fail(f"用时应写成“4 分钟”或“3.5 分钟”，收到：“{minutes}”")
        if not who or who[0] not in (LEAD_ROLE, MEMBER_ROLE, "评委") or not who[1]:
            self.fail(f"提问评委应写成“主审：姓名”或“委员：姓名”，收到：“{reviewer}”")
        q.function, q.locator, q.kind, q.minutes, q.reviewer = fn[1], locator, kind, float(m.group(1)), who[1]

    def question_line(self, label, line: str) -> None:
        q = self.items[-1]
        if label and label[0] == "题目":
            q.question, self.where = label[1], "题目"
        elif label and label[0] in LISTS and not label[1]:
            self.where = LISTS[label[0]]
        elif label and label[0] == "题库编号":
            q.source_id, self.where = label[1], ""
        elif self.where == "题目":
            q.question = f"{q.question}\n{line}" if q.question else line
        else:
            self.fail(f"无法识别：“{line}”（可写 题目、评分要点、参考要点、追问、题库编号，列表项以“- ”开头）")

    def list_item(self, text: str, line: str) -> None:
        if self.where == "说明" and not self.items:
            return self.notes.append(text)
        if self.where not in LISTS.values():
            return self.fail(f"列表项“{line}”不在 评分要点、参考要点 或 追问 之下")
        if not text:
            self.fail("有空的列表项")
        q = self.items[-1]
        if self.where == "rubric":
            m = _WEIGHT_RE.match(text)
            if not m or not m.group(1):
                self.fail(f"评分要点“{text}”缺少分值，应写成“- 要点（30 分）”")
            return q.rubric.append((m.group(1), int(m.group(2))))
        getattr(q, self.where).append(text)


def _check_question(q: DraftQuestion, panel: list[str]) -> None:
    at = f"第{q.no}题"
    if not q.question.strip():
        raise AssistantError(f"{at}：题目为空。")
    if not q.rubric:
        raise AssistantError(f"{at}：没有评分要点。")
    total = sum(w for _, w in q.rubric)
    if total != 100 or any(w <= 0 for _, w in q.rubric):
        raise AssistantError(f"{at}：评分要点分值须为正数且合计 100，现在合计 {total}。")
    if q.reviewer not in panel:
        raise AssistantError(f"{at}：提问评委“{q.reviewer}”不在评审组（{'、'.join(panel)}）中。")


def _head(p: _Parser) -> tuple[str, int, list[str], int | None]:
    missing = [k for k in ("等级", "提问时长", "评审组") if k not in p.head]
    if missing:
        raise AssistantError(f"开头缺少：{'、'.join(missing)}（如“等级：二级/技师”“提问时长：30 分钟”“评审组：王评委（主审）、李评委（委员）”）")
    m = _MINUTES_RE.match(p.head["提问时长"])
    if not m or not m.group(1).isdigit() or not MINUTES_RANGE[0] <= int(m.group(1)) <= MINUTES_RANGE[1]:
        raise AssistantError(f"提问时长应写成“30 分钟”（{MINUTES_RANGE[0]}–{MINUTES_RANGE[1]} 的整数），收到：{p.head['提问时长']}")
    panel = [re.sub(r"[（(].*?[）)]$", "", n).strip() for n in re.split(r"[、，,]", p.head["评审组"])]
    if not all(panel) or len(set(panel)) != len(panel):
        raise AssistantError(f"评审组应写成“王评委（主审）、李评委（委员）…”，姓名不能为空或重复，收到：{p.head['评审组']}")
    seed = p.head.get("随机种子")
    if seed is not None and not re.fullmatch(r"-?\d+", seed):
        raise AssistantError(f"随机种子须为整数，收到：{seed}")
    return draft_level(p.head["等级"]), int(m.group(1)), panel, None if seed is None else int(seed)


def parse_markdown(text: str) -> QuestionSet:
    p = _Parser()
    for p.lineno, raw in enumerate(text.splitlines(), 1):
        p.feed(raw)
    level, minutes, panel, seed = _head(p)
    if not N_RANGE[0] <= len(p.items) <= N_RANGE[1]:
        raise AssistantError(f"题数须在 {N_RANGE[0]}–{N_RANGE[1]} 之间，现在有 {len(p.items)} 题。")
    for q in p.items:
        _check_question(q, panel)
    for no, q in enumerate(p.items, 1):
        q.no = no  # deleted or inserted questions are renumbered
    return QuestionSet(level, minutes, panel, p.items, seed, p.notes)
