"""标准浏览 (the standard as a tree by level and function, with weights) and 成绩与进步 (history, trends)."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from ..app import App
from ..render import percent_text
from ..trends import functions_svg, totals_svg
from .common import friendly

HISTORY_COLUMNS = ["场次", "日期", "等级", "类型", "总分", "答辩部分", "材料部分", "结果"]
LEVELS = ["四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"]


def _function_markdown(app: App, level: str, fn_name: str) -> str:
    lv = app.standard.level(level)
    fn = next((f for f in lv.functions if f.name == fn_name), lv.functions[0])
    theory = percent_text(app.standard.weight("theory", lv.name, fn.name))
    skill = percent_text(app.standard.weight("skill", lv.name, fn.name))
    out = [f"### {lv.section} {lv.name} › {fn.no}. {fn.name}", f"理论知识权重 **{theory}%** ｜ 技能要求权重 **{skill}%**"
           f" ｜ 定位符 `{fn.locator}`", ""]
    for c in fn.contents:
        out.append(f"#### {c.no} {c.name}　`{c.locator}`")
        out.append("**技能要求**")
        out += [f"- {i.code} {i.text}　`{i.locator}`" for i in c.skills]
        out.append("\n**相关知识要求**")
        out += [f"- {i.code or '（无编号）'} {i.text}　`{i.locator}`" for i in c.knowledge]
        out.append("")
    return "\n".join(out)


def _weights_table(app: App, level: str) -> pd.DataFrame:
    lv = app.standard.level(level)
    rows = [[f.no, f.name, percent_text(app.standard.weight("theory", lv.name, f.name)),
             percent_text(app.standard.weight("skill", lv.name, f.name))] for f in lv.functions]
    return pd.DataFrame(rows, columns=["序号", "职业功能", "理论 %", "技能 %"])


def build_standard(app: App) -> None:
    first = app.standard.level("二级/技师")
    with gr.Row():
        with gr.Column(scale=1):
            level = gr.Radio(LEVELS, value=first.name, label="等级", elem_id="std-level")
            function = gr.Radio([f.name for f in first.functions], value=first.functions[0].name, label="职业功能",
                                elem_id="std-function")
            weights = gr.Dataframe(_weights_table(app, first.name), label="权重表（第 4 章）", interactive=False)
        with gr.Column(scale=3):
            body = gr.Markdown(_function_markdown(app, first.name, first.functions[0].name), elem_id="std-body")

    def pick_level(name: str):
        fns = [f.name for f in app.standard.level(name).functions]
        return gr.Radio(choices=fns, value=fns[0]), _weights_table(app, name), _function_markdown(app, name, fns[0])

    level.change(pick_level, [level], [function, weights, body], api_name=False)
    function.input(lambda lv, fn: _function_markdown(app, lv, fn), [level, function], [body], api_name=False)


def build_history(app: App) -> tuple:
    refresh = gr.Button("刷新", size="sm", elem_id="history-refresh")
    summary = gr.Markdown("", elem_id="history-summary")
    table = gr.Dataframe(headers=HISTORY_COLUMNS, label="模拟答辩成绩", interactive=False, elem_id="history-table")
    totals = gr.HTML("", elem_id="history-totals")
    by_function = gr.HTML("", elem_id="history-functions")

    @friendly
    def load(request: gr.Request):
        data = app.history(app.actor(request.username))
        sessions, quizzes = data["sessions"], data["quizzes"]
        rows = [[f"第{n}场", s["date"], s["level"], "练习" if s["practice"] else "正式", s["total"], s["defense"],
                 "未评" if s["dossier"] is None else s["dossier"], "通过" if s["passed"] else "未通过"]
                for n, s in enumerate(sessions, 1)]
        formal = [s for s in sessions if not s["practice"]]
        text = (f"已完成模拟答辩 **{len(sessions)}** 场（正式 {len(formal)} 场、练习 {len(sessions) - len(formal)} 场）；"
                f"小测验 **{len(quizzes)}** 次"
                + (f"，测验平均 {sum(q['score'] for q in quizzes) / len(quizzes):.0f} 分。" if quizzes else "。"))
        if not sessions and not quizzes:
            text = "还没有成绩记录。完成一场模拟答辩或一次小测验后，这里会显示成绩和趋势。"
        charts = ("<h4>总分趋势（蓝：正式，橙：练习；红虚线 60 分及格）</h4>" + totals_svg(sessions)) if sessions else ""
        fns = ("<h4>各职业功能得分趋势（只计问到的题）</h4>" + functions_svg(sessions)) if sessions else ""
        return {summary: text, table: pd.DataFrame(rows, columns=HISTORY_COLUMNS), totals: charts, by_function: fns}

    refresh.click(load, None, [summary, table, totals, by_function], api_name="history")
    return load, [summary, table, totals, by_function]
