"""学习问答: streaming answers with citations; a click on a citation shows the passage, highlighted."""

from __future__ import annotations

import gradio as gr

from ..app import App
from ..tutor.highlight import QUOTED, RELEVANT
from .common import LEVEL_CHOICES, friendly, level_or_none, refuse

WELCOME = ("可以问标准条文、概念和计算，例如：“二级的授信审批要求掌握哪些知识？”“DSO 怎么算？”。"
           "回答只依据标准和参考资料，每条都标出处；资料没有的内容会直接说明。")


def _citation_label(n: int, hit) -> str:
    return f"{n}. 〔{hit.chunk.locator}〕{hit.chunk.title}"[:90]


def build(app: App) -> None:
    asked = gr.State([])  # earlier questions, for follow-ups such as “那一级呢？”
    cited = gr.State([])  # passages the last answer cites: [{"locator","title","text","answer","query"}]
    with gr.Row():
        with gr.Column(scale=3):
            level = gr.Dropdown(LEVEL_CHOICES, value="全部等级", label="等级筛选", elem_id="tutor-level")
            chat = gr.Chatbot(label="问答", height=460, placeholder=WELCOME, elem_id="tutor-chat")
            with gr.Row():
                question = gr.Textbox(label="你的问题", placeholder="输入问题后按回车或点“提问”", scale=5,
                                      max_lines=4, elem_id="tutor-question")
                send = gr.Button("提问", variant="primary", scale=1, elem_id="tutor-send")
            clear = gr.Button("清空对话", size="sm")
        with gr.Column(scale=2):
            sources = gr.Radio([], label="引用来源（点击查看原文）", elem_id="tutor-sources")
            source_title = gr.Markdown("", elem_id="tutor-source-title")
            passage = gr.HighlightedText(label="原文", color_map={QUOTED: "#16a34a", RELEVANT: "#93c5fd"},
                                         show_legend=True, combine_adjacent=False, elem_id="tutor-passage")
    _build_quiz(app)

    @friendly
    def respond(q: str, history: list, past: list[str], level_choice: str, request: gr.Request):
        actor = app.actor(request.username)  # the tutor sees this person's own documents only
        q = (q or "").strip()
        if not q:
            refuse("请先输入问题。")
        history = history + [{"role": "user", "content": q}, {"role": "assistant", "content": "正在检索资料…"}]
        yield history, past, gr.update(), [], ""
        text = ""
        for part in app.ask_stream(q, past, level_or_none(level_choice), actor):
            if isinstance(part, str):
                text += part
                history[-1] = {"role": "assistant", "content": text}
                yield history, past, gr.update(), [], ""
                continue
            final = part.answer + (f"\n\n{part.notice}" if part.notice else "")  # the notice has its own brackets
            history[-1] = {"role": "assistant", "content": final}
            shown = list({h.chunk.locator: h for h in part.cited_hits}.values())  # one per locator, first-cited order
            hits = [{"locator": h.chunk.locator, "title": h.chunk.title, "text": h.chunk.text,
                     "answer": part.answer, "query": part.query or q} for h in shown]
            labels = [_citation_label(n, h) for n, h in enumerate(shown, 1)]
            yield history, past + [q], gr.update(choices=labels, value=None), hits, ""

    def show_source(label: str | None, hits: list[dict]):
        if not label:
            return "", None
        n = int(label.split(".", 1)[0]) - 1
        hit = hits[n]
        title = f"**〔{hit['locator']}〕{hit['title']}**　橙色：答案引用的句子；黄色：与问题相关的句子。"
        return title, app.passage(hit, hit["answer"], hit["query"])

    outputs = [chat, asked, sources, cited, question]
    # Several learners may wait on a slow LLM at once; retrieval and the locked embedder are safe to share.
    send.click(respond, [question, chat, asked, level], outputs, api_name="ask", concurrency_limit=4,
               concurrency_id="ask")
    question.submit(respond, [question, chat, asked, level], outputs, api_name=False, concurrency_id="ask")
    sources.change(show_source, [sources, cited], [source_title, passage], api_name=False)
    clear.click(lambda: ([], [], gr.update(choices=[], value=None), [], "", None), None,
                [chat, asked, sources, cited, source_title, passage], api_name=False)


def _build_quiz(app: App) -> None:
    with gr.Accordion("小测验：随机抽一个技能要求作答，按要点评分", open=False, elem_id="quiz"):
        current = gr.State(None)
        with gr.Row():
            level = gr.Dropdown(LEVEL_CHOICES[1:], value="二级/技师", label="等级", scale=1)
            draw = gr.Button("抽一题", scale=1, elem_id="quiz-draw")
        prompt = gr.Markdown("", elem_id="quiz-prompt")
        reply = gr.Textbox(label="你的回答", lines=5, elem_id="quiz-reply")
        grade = gr.Button("提交评分", variant="primary", elem_id="quiz-grade")
        result = gr.Markdown("", elem_id="quiz-result")

    @friendly
    def draw_one(level_choice: str):
        q = app.quiz_question(level_choice)
        return q, f"**题目**：{q.prompt}", "", ""

    @friendly
    def grade_reply(q, text: str, request: gr.Request):
        if q is None:
            refuse("请先点“抽一题”。")
        if not (text or "").strip():
            refuse("回答是空的，请先作答。")
        r = app.quiz_grade(q, text, app.actor(request.username))
        return r.feedback.replace("\n", "  \n")

    draw.click(draw_one, [level], [current, prompt, reply, result], api_name=False)
    grade.click(grade_reply, [current, reply], [result], api_name=False)
