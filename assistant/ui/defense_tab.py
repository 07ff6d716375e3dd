"""模拟答辩: set-up, a live countdown, the current reviewer and question, spoken or typed answers, report.

Handlers return {component: value} for what they change; everything else stays as it is on the page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from ..accounts import LOCAL, Actor
from ..app import App
from ..panel.session import CHARS_PER_MINUTE
from ..panel.wording import duration_text
from .common import clock, downloadable, friendly, inform, refuse, warn

# The browser's own speech synthesis reads a question aloud (no audio leaves the machine).
SPEAK_JS = """(text, enabled) => {
  if (enabled && text && window.speechSynthesis) {
    window.speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text); u.lang = 'zh-CN'; window.speechSynthesis.speak(u);
  }
  return [];
}"""
KINDS = {"statement": "个人陈述", "question": "提问", "followup": "追问"}


def _log(view: dict) -> list[dict]:
    messages = []
    for t in view["turns"]:
        messages.append({"role": "assistant", "content": f"**{t['reviewer']}**：{t['prompt']}"})
        note = {"interrupted": "（时间到，回答被打断）", "skipped": "（未作答）"}.get(t["status"], "")
        messages.append({"role": "user", "content": (t["answer"] or "") + note or "（未作答）"})
    if view["prompt"]:
        p = view["prompt"]
        messages.append({"role": "assistant", "content": f"**{p['reviewer']}**：{p['text']}"})
    return messages


def _clock_text(view: dict) -> str:
    kind = "练习" if view["practice"] else "正式"
    if view["ended"]:
        return f"### 本场已结束（{kind}，用时 {clock(view['elapsed_s'])}）"
    warn_5 = "　⚠️ 不足 5 分钟" if view["remaining_s"] <= 300 < view["minutes"] * 60 else ""
    return f"### 剩余时间 {clock(view['remaining_s'])}{warn_5}　（{kind}）"


def _current_text(view: dict) -> str:
    p = view["prompt"]
    if p is None:
        return "评议结束，报告见下方。"
    return (f"**{p['reviewer']}（{p['role']}）· {KINDS[p['kind']]}** ｜ 已问 {view['asked']}/{view['questions']} 题 ｜ "
            f"本题建议用时约 {duration_text(p['budget_s'])}\n\n> {p['text']}")


def _answer_feedback(last: dict | None) -> str:
    if last is None:
        return "时间到：回答已按当时的内容记录。"
    if last["speech_s"]:
        lines = [f"本次回答 {last['chars']} 字，录音时长 {duration_text(last['speech_s'])}。"]
    else:
        lines = [f"本次回答 {last['chars']} 字（打字作答；按每分钟 {CHARS_PER_MINUTE} 字估算，说出来约需 "
                 f"{duration_text(last['estimated_s'])}，这是估计值）。"]
    if last["status"] == "interrupted":
        lines.append("时间到，回答被打断：按已说的内容评分。")
    if last.get("off_topic"):
        lines.append("这条回答与题目关联很弱，评审会认为答非所问。")
    return "  \n".join(lines)


def _report_frame(page: str) -> str:
    return (f'<iframe title="答辩报告" srcdoc="{html.escape(page, quote=True)}" '
            'style="width:100%;height:900px;border:1px solid #ddd;border-radius:6px"></iframe>')


@dataclass
class Parts:
    """The tab's components, by name."""
    sid: gr.State
    seq: gr.Number
    audio_s: gr.State
    timer: gr.Timer
    setup: gr.Accordion
    level: gr.Radio
    size: gr.Radio
    minutes: gr.Number
    questions: gr.Number
    dossier: gr.File
    use_llm: gr.Checkbox
    start: gr.Button
    unfinished: gr.Dropdown
    resume: gr.Button
    countdown: gr.Markdown
    current: gr.Markdown
    spoken_text: gr.Textbox
    auto_read: gr.Checkbox
    read_now: gr.Button
    audio: gr.Audio
    answer: gr.Textbox
    submit: gr.Button
    skip: gr.Button
    stop: gr.Button
    delivery: gr.Markdown
    log: gr.Chatbot
    report: gr.HTML
    files: gr.File

    def live(self) -> list:
        """Everything a view of the session can change."""
        return [self.sid, self.seq, self.countdown, self.current, self.spoken_text, self.log, self.delivery,
                self.timer, self.report, self.files, self.submit, self.skip, self.stop, self.answer, self.audio_s,
                self.audio, self.setup]


def _layout(app: App) -> Parts:
    sid, audio_s = gr.State(""), gr.State(None)  # audio_s: duration of the transcribed recording
    # The number of the prompt on screen, sent back with the answer. A (hidden) component, not gr.State:
    # its value is taken from the page when the button is pressed, so a double click or a client retry
    # carries the old number and is refused instead of answering the next prompt.
    seq = gr.Number(-1, visible="hidden", precision=0, elem_id="defense-seq")
    timer = gr.Timer(1.0, active=False)
    with gr.Accordion("答辩设置", open=True, elem_id="defense-setup") as setup:
        with gr.Row():
            level = gr.Radio(["二级/技师", "一级/高级技师"], value="二级/技师", label="申报等级", elem_id="defense-level")
            size = gr.Radio([3, 5], value=3, label="评审组人数", elem_id="defense-panel")
            minutes = gr.Number(30, label="时长（分钟；正式评审不少于 30，更短为练习）", minimum=2, maximum=120,
                                precision=0, elem_id="defense-minutes")
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
                skip = gr.Button("跳过本题", elem_id="defense-skip")
                stop = gr.Button("结束答辩", variant="stop", elem_id="defense-stop")
            delivery = gr.Markdown("", elem_id="defense-delivery")
        with gr.Column(scale=2):
            log = gr.Chatbot(label="答辩记录", height=420, elem_id="defense-log", buttons=[])
    report = gr.HTML("", elem_id="defense-report")
    files = gr.File(label="下载报告（HTML / Markdown）", file_count="multiple", interactive=False, visible=False,
                    elem_id="defense-files")
    return Parts(sid, seq, audio_s, timer, setup, level, size, minutes, questions, dossier, use_llm, start,
                 unfinished, resume, countdown, current, spoken_text, auto_read, read_now, audio, answer, submit,
                 skip, stop, delivery, log, report, files)


def _show(app: App, ui: Parts, view: dict, feedback: str | None = None, actor: Actor = LOCAL) -> dict:
    """The page for a view of the session: clock, prompt, log; the report once it has ended."""
    ended, prompt = view["ended"], view["prompt"]
    out = {ui.sid: view["id"], ui.seq: prompt["seq"] if prompt else -1, ui.countdown: _clock_text(view),
           ui.current: _current_text(view), ui.spoken_text: prompt["text"] if prompt else "", ui.log: _log(view),
           ui.timer: gr.Timer(active=not ended), ui.submit: gr.Button(interactive=not ended),
           ui.skip: gr.Button(interactive=not ended), ui.stop: gr.Button(interactive=not ended)}
    if feedback is not None:
        out[ui.delivery] = feedback
    if ended:
        paths = app.save_report(view["id"], actor)
        out[ui.report] = _report_frame(Path(paths[0]).read_text(encoding="utf-8"))
        out[ui.files] = gr.File(value=downloadable(paths), visible=True)
    else:
        out[ui.report], out[ui.files] = "", gr.File(value=None, visible=False)
    return out


def build(app: App) -> tuple:
    """Lays out the tab; returns (refresh, outputs) for when the tab is opened (the LLM may be newly set up)."""
    ui = _layout(app)
    fresh = {ui.answer: "", ui.audio_s: None, ui.audio: None}

    @friendly
    def begin(level_v, size_v, minutes_v, questions_v, dossier_v, llm_v, request: gr.Request):
        actor = app.actor(request.username)
        view = app.defenses.start(level_v, minutes=int(minutes_v or 30), panel_size=int(size_v),
                                  dossier=Path(dossier_v) if dossier_v else None,
                                  questions=int(questions_v or 0) or None, use_llm=bool(llm_v), actor=actor)
        return {**_show(app, ui, view, "", actor), **fresh, ui.setup: gr.Accordion(open=False)}

    @friendly
    def resume_one(choice: str, llm_v, request: gr.Request):
        if not choice:
            refuse("请先在“未完成的场次”中选择一场。")
        actor = app.actor(request.username)
        view = app.defenses.resume(choice.split("｜")[0].strip(), use_llm=bool(llm_v), actor=actor)
        return {**_show(app, ui, view, "", actor), **fresh, ui.setup: gr.Accordion(open=False)}

    @friendly
    def transcribe(path, sid_v, request: gr.Request):
        if not path:
            return gr.skip()
        actor = app.actor(request.username)
        question, context, budget = app.defenses.speech_context(sid_v, actor) if sid_v else ("", "", None)
        result = app.transcribe_answer(Path(path), budget, question, context)
        if not result["text"]:
            return {ui.answer: "", ui.delivery: "没有识别到语音：请靠近麦克风重录，或直接输入文字。", ui.audio_s: None}
        lines = ["**表达情况**"] + result["feedback"]
        if result["corrections"]:  # the raw transcript on request: every term put right is named
            lines.append("已按专业术语更正：" + "，".join(f"“{c['heard']}”→“{c['term']}”" for c in result["corrections"]))
        return {ui.answer: result["text"], ui.delivery: "  \n".join(lines), ui.audio_s: result["duration_s"]}

    @friendly
    def send(sid_v, seq_v, text, seconds, request: gr.Request):
        actor = app.actor(request.username)
        view = app.defenses.submit(sid_v, int(seq_v if seq_v is not None else -1), text, seconds, seconds,
                                   actor=actor)
        return {**_show(app, ui, view, _answer_feedback(view["last"]), actor), **fresh}

    @friendly
    def pass_on(sid_v, seq_v, request: gr.Request):
        actor = app.actor(request.username)
        view = app.defenses.skip(sid_v, int(seq_v if seq_v is not None else -1), actor=actor)
        return {**_show(app, ui, view, "已跳过：这道题计 0 分（追问跳过则不加分）。", actor), **fresh}

    @friendly
    def end_now(sid_v, request: gr.Request):
        actor = app.actor(request.username)
        return _show(app, ui, app.defenses.stop(sid_v, actor=actor), "", actor)

    def tick(sid_v, draft, request: gr.Request):
        if not sid_v:
            return gr.skip()
        try:
            actor = app.actor(request.username)
            view = app.defenses.view(sid_v, draft or "", actor=actor)
        except Exception:  # e.g. the server restarted under an open page: stop ticking, keep the page
            return {ui.timer: gr.Timer(active=False)}
        if not view["ended"]:
            return {ui.countdown: _clock_text(view)}
        return {**_show(app, ui, view, "时间到：屏幕上的回答已按当时的内容记录。", actor), **fresh}

    def check_dossier(path):
        if not path:
            return gr.skip()
        try:
            n = app.check_dossier(Path(path))
        except Exception as err:  # shown, and the file is removed so the defense cannot start with it
            warn(str(err))
            return None
        inform(f"申报材料已读取：找到 {n} 处含数据的业绩表述，评审会审阅材料并据此追问。")
        return gr.skip()

    def refresh_unfinished(request: gr.Request):
        rows = app.defenses.unfinished(app.actor(request.username))
        return gr.Dropdown(choices=[f"{r['id']} ｜ {r['level']} ｜ {r['date']}" for r in rows])

    live = ui.live()
    ui.start.click(begin, [ui.level, ui.size, ui.minutes, ui.questions, ui.dossier, ui.use_llm], live,
                   api_name="defense_start")
    ui.resume.click(resume_one, [ui.unfinished, ui.use_llm], live, api_name="defense_resume")
    ui.dossier.upload(check_dossier, [ui.dossier], [ui.dossier], api_name=False)
    ui.unfinished.focus(refresh_unfinished, None, [ui.unfinished], api_name=False)
    heard = [ui.answer, ui.delivery, ui.audio_s]
    ui.audio.stop_recording(transcribe, [ui.audio, ui.sid], heard, api_name=False)
    ui.audio.upload(transcribe, [ui.audio, ui.sid], heard, api_name="defense_transcribe")
    ui.submit.click(send, [ui.sid, ui.seq, ui.answer, ui.audio_s], live, api_name="defense_submit")
    ui.skip.click(pass_on, [ui.sid, ui.seq], live, api_name="defense_skip")
    ui.stop.click(end_now, [ui.sid], live, api_name="defense_stop")
    ui.timer.tick(tick, [ui.sid, ui.answer], live, api_name=False, show_progress="hidden")
    ui.spoken_text.change(None, [ui.spoken_text, ui.auto_read], None, js=SPEAK_JS)
    ui.read_now.click(None, [ui.spoken_text], None, js=f"(text) => ({SPEAK_JS})(text, true)")

    def llm_choice():
        on = app.settings.llm.mode != "none"
        return gr.Checkbox(value=on, interactive=on)

    return llm_choice, [ui.use_llm]
