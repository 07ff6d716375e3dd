"""出题助手 (for review panels): a weight-balanced question set, edited as text, exported with scoring sheets."""

from __future__ import annotations

import time
import uuid

import gradio as gr
import pandas as pd

from ..app import App
from .common import downloadable, friendly, refuse, require_tab

FORMATS = [("Word（DOCX）", "docx"), ("可打印网页（HTML）", "html"), ("Markdown", "md")]


BALANCE_COLUMNS = ["职业功能", "标准权重（%）", "本套用时占比（%）", "题数"]


def _balance(app: App, qs) -> pd.DataFrame:
    weights = dict(app.drafting.functions(qs.level))
    shares = qs.function_shares()
    rows = [[f, weights.get(f, 0), round(shares.get(f, 0.0), 1), sum(1 for q in qs.items if q.function == f)]
            for f in weights]
    return pd.DataFrame(rows, columns=BALANCE_COLUMNS)


def _examiners_only(app: App, request: gr.Request):
    """With accounts on, drafting question sets with their rubrics is for examiners and admins."""
    return require_tab(app, request, "出题助手", "出题助手只对评委和管理员开放。")


def build(app: App) -> None:
    first = "二级/技师"
    with gr.Row():
        level = gr.Radio(["二级/技师", "一级/高级技师"], value=first, label="等级", elem_id="draft-level")
        n = gr.Number(8, label="题目数", minimum=1, maximum=30, precision=0, elem_id="draft-n")
        minutes = gr.Number(30, label="答辩时长（分钟）", minimum=5, maximum=120, precision=0, elem_id="draft-minutes")
        size = gr.Radio([3, 5], value=3, label="评审组人数", elem_id="draft-panel")
    functions = gr.CheckboxGroup([f for f, _ in app.drafting.functions(first)], label="职业功能（不选 = 全部，按权重分配）",
                                 elem_id="draft-functions")
    make = gr.Button("生成题目", variant="primary", elem_id="draft-make")
    balance = gr.Dataframe(headers=BALANCE_COLUMNS, label="权重平衡（生成题目后显示）", interactive=False,
                           elem_id="draft-balance")
    text = gr.Textbox(label="题目、评分要点、参考要点和追问（可直接修改；评分要点权重合计须为 100）", lines=24,
                      max_lines=60, elem_id="draft-text")
    with gr.Row():
        fmt = gr.Radio(FORMATS, value="docx", label="导出格式", elem_id="draft-format")
        export = gr.Button("导出（题目 + 每位评委的评分表 + 参考答案）", elem_id="draft-export")
    files = gr.File(label="导出文件", file_count="multiple", interactive=False, elem_id="draft-files")

    @friendly
    def generate(level_v, n_v, minutes_v, size_v, fns, request: gr.Request):
        _examiners_only(app, request)
        qs = app.drafting.draft(level_v, int(n_v or 8), int(minutes_v or 30), list(fns) or None, int(size_v))
        note = "；".join(qs.notes)
        if note:
            gr.Info(note)
        return _balance(app, qs), app.drafting.to_text(qs)

    @friendly
    def export_files(text_v, fmt_v, request: gr.Request):
        actor = _examiners_only(app, request)
        if not (text_v or "").strip():
            refuse("还没有题目：请先点“生成题目”。")
        qs = app.drafting.from_text(text_v)
        out = app.user_dir(actor) / "exports" / f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        return downloadable(app.drafting.export(qs, fmt_v, out)), _balance(app, qs)

    level.change(lambda lv: gr.CheckboxGroup(choices=[f for f, _ in app.drafting.functions(lv)], value=[]),
                 [level], [functions], api_name=False)
    make.click(generate, [level, n, minutes, size, functions], [balance, text], api_name="draft")
    export.click(export_files, [text, fmt], [files, balance], api_name="draft_export")
