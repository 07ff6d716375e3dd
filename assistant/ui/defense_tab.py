"""模拟答辩: set-up, a live countdown, the current reviewer and question, spoken or typed answers, report."""

from __future__ import annotations

import html
from pathlib import Path

import gradio as gr

from ..app import App
from .common import clock, friendly, refuse

# The browser's own speech synthesis reads a question aloud (no audio leaves the machine).
SPEAK_JS = """(text, enabled) => {
  if (enabled && text && window.speechSynthesis) {
    window.speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text); u.lang = 'zh-CN'; window.speechSynthesis.speak(u);
  }
  return [];
}"""


def _log(view: dict) -> list[dict]:
    messages = []
    for t in view["turns"]:
        messages.append({"role": "assistant", "content": f"**{t['reviewer']}**：{t['prompt']}"})
        messages.append({"role": "user", "content": t["answer"] or "（未作答）"})
    if view["prompt"]:
        p = view["prompt"]
        messages.append({"role": "assistant", "content": f"**{p['reviewer']}**：{p['text']}"})
    return messages


def _clock_text(view: dict) -> str:
    if view["ended"]:
        return f"### 本场已结束（用时 {clock(view['elapsed_s'])}）"
    warn = "　⚠️ 不足 5 分钟" if view["remaining_s"] <= 300 < view["minutes"] * 60 else ""
    return f"### 剩余时间 {clock(view['remaining_s'])}{warn}"


def _current_text(view: dict) -> str:
    p = view["prompt"]
    if p is None:
        return "评议结束，报告见下方。"
    kind = {"statement": "个人陈述", "question": "提问", "followup": "追问"}[p["kind"]]
    answered = sum(1 for t in view["turns"] if t["kind"] == "question")
    return (f"**{p['reviewer']}（{p['role']}）· {kind}** ｜ 已答 {answered}/{view['questions']} 题 ｜ "
            f"建议用时约 {p['budget_s'] / 60:.1f} 分钟\n\n> {p['text']}")


def _answer_feedback(last: dict) -> str:
    lines = [f"本次回答 {last['chars']} 字，计时 {last['spoken_s']:.0f} 秒"
             f"（按每分钟 220 字估算朗读约需 {last['estimated_s']:.0f} 秒）。"]
    if last.get("off_topic"):
        lines.append("这条回答与题目关联很弱，评审会认为答非所问。")
    return "  \n".join(lines)


def _report_frame(page: str) -> str:
    return (f'<iframe title="答辩报告" srcdoc="{html.escape(page, quote=True)}" '
            'style="width:100%;height:900px;border:1px solid #ddd;border-radius:6px"></iframe>')


def build(app: App) -> tuple:
    """Lays out the tab; returns (refresh, outputs) for when the tab is opened (the LLM may be newly set up)."""
    sid = gr.State("")
    # The number of the prompt on screen, sent back with the answer. A (hidden) component, not gr.State:
    # its value is taken from the page when the button is pressed, so a double click or a client retry
    # carries the old number and is refused instead of answering the next prompt.
    seq = gr.Number(-1, visible="hidden", precision=0, elem_id="defense-seq")
    audio_s = gr.State(None)  # duration of the transcribed recording, when the answer was spoken
    timer = gr.Timer(1.0, active=False)
    with gr.Accordion("答辩设置", open=True, elem_id="defense-setup") as setup:
        with gr.Row():
            level = gr.Radio(["二级/技师", "一级/高级技师"], value="二级/技师", label="申报等级", elem_id="defense-level")
            size = gr.Radio([3, 5], value=3, label="评审组人数", elem_id="defense-panel")
            minutes = gr.Number(30, label="时长（分钟；正式评审不少于 30）", minimum=2, maximum=120, precision=0,
                                elem_id="defense-minutes")
            questions = gr.Number(0, label="题目数（0 = 按时长自动）", minimum=0, maximum=30, precision=0,
                                  elem_id="defense-questions")
        with gr.Row():
            dossier = gr.File(label="申报材料（可选：技术总结/论文，.txt .md .docx .pdf，不超过 50 MB）", type="filepath",
                              file_types=[".txt", ".md", ".docx", ".pdf"], elem_id="defense-dossier")
            with gr.Column():
                use_llm = gr.Checkbox(app.settings.llm.mode != "none", label="用大模型润色提问（需在“设置”中配置）",
                                      interactive=app.settings.llm.mode != "none")
                start = gr.Button("开始答辩", variant="primary", elem_id="defense-start")
                with gr.Row():
                    unfinished = gr.Dropdown([], label="未完成的场次", allow_custom_value=True, scale=3,
                                             elem_id="defense-unfinished")
                    resume = gr.Button("续答", scale=1, elem_id="defense-resume")
    countdown = gr.Markdown("### 尚未开始", elem_id="defense-clock")
    current = gr.Markdown("", elem_id="defense-question")
    spoken_text = gr.Textbox(visible="hidden", elem_id="defense-spoken")  # for the browser's speech synthesis
    with gr.Row():
        auto_read = gr.Checkbox(False, label="自动朗读问题（浏览器语音合成）", elem_id="defense-autoread")
        read_now = gr.Button("朗读本题", size="sm")
    with gr.Row():
        with gr.Column(scale=3):
            audio = gr.Audio(sources=["microphone", "upload"], type="filepath", label="语音作答：录音或上传音频（不超过 50 MB）",
                             elem_id="defense-audio")
            answer = gr.Textbox(label="回答（可直接输入；语音转写的文字会出现在这里，提交前可修改）", lines=6,
                                max_lines=20, elem_id="defense-answer")
            with gr.Row():
                submit = gr.Button("提交回答", variant="primary", elem_id="defense-submit")
                stop = gr.Button("结束答辩", variant="stop", elem_id="defense-stop")
            delivery = gr.Markdown("", elem_id="defense-delivery")
        with gr.Column(scale=2):
            log = gr.Chatbot(label="答辩记录", height=420, elem_id="defense-log")
    report = gr.HTML("", elem_id="defense-report")
    files = gr.File(label="下载报告（HTML / Markdown）", file_count="multiple", interactive=False, visible=False,
                    elem_id="defense-files")

    def show(view: dict, feedback: str = ""):
        ended = view["ended"]
        out = [view["id"], view["prompt"]["seq"] if view["prompt"] else -1, _clock_text(view), _current_text(view),
               view["prompt"]["text"] if view["prompt"] else "", _log(view), feedback, gr.Timer(active=not ended)]
        if ended:
            paths = app.save_report(view["id"])
            out += [_report_frame(Path(paths[0]).read_text(encoding="utf-8")),
                    gr.File(value=[str(p) for p in paths], visible=True)]
        else:
            out += ["", gr.File(value=None, visible=False)]
        out += [gr.Button(interactive=not ended)] * 2  # 提交回答, 结束答辩: nothing to answer once ended
        return out

    live_outputs = [sid, seq, countdown, current, spoken_text, log, delivery, timer, report, files, submit, stop]

    @friendly(15)
    def begin(level_v, size_v, minutes_v, questions_v, dossier_v, llm_v):
        view = app.live.start(level_v, minutes=int(minutes_v or 30), panel_size=int(size_v),
                              dossier=Path(dossier_v) if dossier_v else None,
                              questions=int(questions_v or 0) or None, use_llm=bool(llm_v))
        return [*show(view), "", None, gr.Accordion(open=False)]

    @friendly(15)
    def resume_one(choice: str, llm_v):
        if not choice:
            refuse("请先在“未完成的场次”中选择一场。")
        view = app.live.resume(choice.split("｜")[0].strip(), use_llm=bool(llm_v))
        return [*show(view), "", None, gr.Accordion(open=False)]

    @friendly(3)
    def transcribe(path, sid_v):
        if not path:
            return gr.skip(), gr.skip(), None
        budget = None
        if sid_v:
            view = app.live.view(sid_v)
            budget = view["prompt"]["budget_s"] if view["prompt"] else None
        result = app.transcribe_answer(Path(path), budget)
        if not result["text"]:
            return "", "没有识别到语音：请靠近麦克风重录，或直接输入文字。", None
        return result["text"], "  \n".join(["**表达情况**"] + result["feedback"]), result["duration_s"]

    @friendly(15)
    def send(sid_v, seq_v, text, seconds):
        view = app.live.submit(sid_v, int(seq_v if seq_v is not None else -1), text, seconds)
        feedback = _answer_feedback(view["last"])
        return [*show(view, feedback), "", None, None]

    @friendly(12)
    def end_now(sid_v):
        return show(app.live.stop(sid_v))

    def tick(sid_v):
        skip = [gr.skip()] * len(live_outputs)
        if not sid_v:
            return skip
        try:
            view = app.live.view(sid_v)
        except Exception:  # e.g. the server restarted under an open page: stop ticking, keep the page
            skip[live_outputs.index(timer)] = gr.Timer(active=False)
            return skip
        if not view["ended"]:
            return [gr.skip(), gr.skip(), _clock_text(view), *[gr.skip()] * (len(live_outputs) - 3)]
        return show(view)

    def check_dossier(path):
        if not path:
            return gr.skip()
        try:
            n = app.check_dossier(Path(path))
        except Exception as err:  # shown, and the file is removed so the defense cannot start with it
            gr.Warning(str(err), duration=8)
            return None
        gr.Info(f"申报材料已读取：找到 {n} 处含数据的业绩表述，评审会据此追问。")
        return gr.skip()

    def refresh_unfinished():
        rows = app.live.unfinished()
        return gr.Dropdown(choices=[f"{r['id']} ｜ {r['level']} ｜ {r['date']}" for r in rows])

    extra = [answer, audio_s, setup]
    start.click(begin, [level, size, minutes, questions, dossier, use_llm], live_outputs + extra, api_name="defense_start")
    resume.click(resume_one, [unfinished, use_llm], live_outputs + extra, api_name="defense_resume")
    dossier.upload(check_dossier, [dossier], [dossier], api_name=False)
    unfinished.focus(refresh_unfinished, None, [unfinished], api_name=False)
    audio.stop_recording(transcribe, [audio, sid], [answer, delivery, audio_s], api_name=False)
    audio.upload(transcribe, [audio, sid], [answer, delivery, audio_s], api_name="defense_transcribe")
    submit.click(send, [sid, seq, answer, audio_s], live_outputs + [answer, audio_s, audio], api_name="defense_submit")
    stop.click(end_now, [sid], live_outputs, api_name="defense_stop")
    timer.tick(tick, [sid], live_outputs, api_name=False, show_progress="hidden")
    spoken_text.change(None, [spoken_text, auto_read], None, js=SPEAK_JS)
    read_now.click(None, [spoken_text], None, js=f"(text) => ({SPEAK_JS})(text, true)")

    def llm_choice():
        on = app.settings.llm.mode != "none"
        return gr.Checkbox(value=on, interactive=on)

    return llm_choice, [use_llm]
