"""评委工作台 (only with accounts on): assigned candidates' sessions read-only, the examiner's own marks per
rubric point, agreement between examiners and with the automatic score; the audit log for admins."""

from __future__ import annotations

import html

import gradio as gr
import pandas as pd

from ..app import App
from ..panel.reviews import agreement_of
from ..report import html_page
from .common import friendly, inform, refuse

SHEET_COLUMNS = ["要点", "满分", "自动评分", "我的打分"]
AGREEMENT_COLUMNS = ["评分者 A", "评分者 B", "共同题数", "平均分差", "Spearman"]
AUDIT_COLUMNS = ["时间", "操作人", "操作", "考生", "对象"]
ACTIONS = {"read": "查看", "mark": "打分", "export": "导出"}


def _sid(choice: str | None) -> str:
    if not choice:
        refuse("请先选择一场答辩。")
    return choice.split("｜")[0].strip()


def _item_n(choice: str | None) -> int:
    if not choice:
        refuse("请先选择一道题。")
    return int(choice.split("｜")[0].strip().removeprefix("第").removesuffix("题"))


def _agreement_table(pairs: list[dict]) -> pd.DataFrame:
    rows = [[p["a"], p["b"], p["n"], p["mae"], "—" if p["spearman"] is None else p["spearman"]] for p in pairs]
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def _question_markdown(item: dict) -> str:
    lines = [f"**第{item['n']}题**（{item['function']}，{item['status']}）：{item['text']}"]
    for a in item["answers"]:
        label = "追问" if a["kind"] == "followup" else "回答"
        if a["kind"] == "followup":
            lines.append(f"> 追问：{a['prompt']}")
        lines.append(f"**{label}**：{a['answer']}")
    lines.append(f"自动评分：{item['auto'] if item['auto'] is not None else '未评'}")
    return "\n\n".join(lines)


def build(app: App) -> None:
    gr.Markdown("评委查看分配给自己的考生的答辩记录（只读），按评分表逐要点打分；每次查看和打分都记入审计日志。")
    with gr.Row():
        refresh = gr.Button("刷新我的考生场次", elem_id="review-refresh")
        pick = gr.Dropdown(label="场次", choices=[], elem_id="review-session", scale=3)
    item = gr.Dropdown(label="题目", choices=[], elem_id="review-item")
    question = gr.Markdown("", elem_id="review-question")
    sheet = gr.Dataframe(headers=SHEET_COLUMNS, interactive=True, elem_id="review-sheet",
                         label="评分表：在“我的打分”一列填写每个要点的得分（0 到满分）")
    save = gr.Button("保存我的打分", variant="primary", elem_id="review-save")
    agreement = gr.Dataframe(headers=AGREEMENT_COLUMNS, label="评分一致性（评委之间、评委与自动评分）",
                             interactive=False, elem_id="review-agreement")
    report = gr.HTML("", elem_id="review-report")
    with gr.Accordion("审计日志（管理员）", open=False):
        load_audit = gr.Button("查看审计日志", elem_id="review-audit")
        audit = gr.Dataframe(headers=AUDIT_COLUMNS, interactive=False)

    @friendly
    def list_sessions(request: gr.Request):
        actor = app.actor(request.username)
        rows = app.reviews.sessions(actor)
        choices = [f"{r['id']} ｜ {r['candidate']} ｜ {r['level']} ｜ {r['date']}"
                   + ("" if r["finished"] else " ｜ 进行中") + (" ｜ 已打分" if r["marked"] else "") for r in rows]
        if not rows:
            inform("还没有分配给你的考生场次。")
        return {pick: gr.Dropdown(choices=choices, value=None), agreement: _agreement_table(app.reviews.agreement(actor))}

    @friendly
    def open_session(choice: str, request: gr.Request):
        actor = app.actor(request.username)
        data = app.reviews.sheet(actor, _sid(choice))  # one audited read: the sheet, the report, the agreement
        choices = [f"第{i['n']}题 ｜ {i['text'][:24]}" for i in data["items"]]
        page = html_page(data["record"])
        frame = (f'<iframe title="答辩报告" srcdoc="{html.escape(page, quote=True)}" '
                 'style="width:100%;height:700px;border:1px solid #ddd;border-radius:6px"></iframe>')
        return {item: gr.Dropdown(choices=choices, value=None), report: frame, question: "",
                agreement: _agreement_table(agreement_of([data]))}

    @friendly
    def open_item(choice: str, item_choice: str, request: gr.Request):
        actor = app.actor(request.username)
        data, n = app.reviews.sheet(actor, _sid(choice)), _item_n(item_choice)
        it = next(i for i in data["items"] if i["n"] == n)
        mine = next((m["marks"] for m in data["marks"] if m["seq"] == n and m["examiner"] == actor.name), None)
        rows = [[point, weight, auto, (mine[k] if mine else None)] for k, (point, weight, auto) in enumerate(it["rubric"])]
        return {question: _question_markdown(it), sheet: pd.DataFrame(rows, columns=SHEET_COLUMNS)}

    @friendly
    def save_marks(choice: str, item_choice: str, table, request: gr.Request):
        actor = app.actor(request.username)
        values = list(pd.DataFrame(table)["我的打分"]) if table is not None else []
        try:
            marks = [float(v) for v in values]
        except (TypeError, ValueError):
            refuse("“我的打分”一列每个要点都要填一个数字。")
        total = app.reviews.mark(actor, _sid(choice), _item_n(item_choice), marks)
        inform(f"已保存：这道题你的打分折合 {total} 分。")
        return {agreement: _agreement_table(app.reviews.agreement(actor, [_sid(choice)]))}

    @friendly
    def show_audit(request: gr.Request):
        rows = app.reviews.audit_log(app.actor(request.username))
        return pd.DataFrame([[r["at"], r["actor"] or "本机用户", ACTIONS.get(r["action"], r["action"]),
                              r["owner"] or "本机用户", r["target"]] for r in rows], columns=AUDIT_COLUMNS)

    refresh.click(list_sessions, None, [pick, agreement], api_name="review_sessions")
    # .select: one call per choice (.input fired twice for a click on an option, reading the record twice)
    pick.select(open_session, [pick], [item, report, question, agreement], api_name="review_open")
    item.select(open_item, [pick, item], [question, sheet], api_name="review_item")
    save.click(save_marks, [pick, item, sheet], [agreement], api_name="review_mark")
    load_audit.click(show_audit, None, [audit], api_name="audit_log")
