"""The web app's shell: six tabs over the App services, bound to 127.0.0.1, no analytics."""

from __future__ import annotations

import logging
import os
import threading

import gradio as gr

from ..app import App
from ..errors import AssistantError, IndexCorruptError, IndexMissingError
from . import browse_tab, defense_tab, draft_tab, settings_tab, tutor_tab

log = logging.getLogger("assistant.ui")
TITLE = "信用管理师综合评审助手"
# Hard cap of the upload route (its message is gradio's own, in English); files up to this size reach
# our checks, which refuse anything over 50 MB with a Chinese message.
MAX_UPLOAD = "200mb"
CSS = """
.gradio-container { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; }
#defense-clock h3 { font-variant-numeric: tabular-nums; }
footer { display: none !important; }
.toast-title { font-size: 0 !important; }  /* gradio's English "Warning"/"Info" heading → Chinese */
.toast-title::after { content: "提示"; font-size: var(--text-md); }
"""


def build(app: App) -> gr.Blocks:
    # delete_cache: uploads older than a day are removed every hour
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        gr.Markdown(f"## {TITLE}\n依据《信用管理师国家职业技能标准（2021年版）》：学习问答、模拟答辩、出题、标准浏览。"
                    "所有数据只保存在本机。")
        notice = gr.Markdown("", elem_id="app-notice")
        with gr.Tabs():
            with gr.Tab("学习问答", id="tutor"):
                tutor_tab.build(app)
            with gr.Tab("模拟答辩", id="defense") as defense:
                refresh_defense, defense_outputs = defense_tab.build(app)
            with gr.Tab("出题助手", id="draft"):
                draft_tab.build(app)
            with gr.Tab("标准浏览", id="standard"):
                browse_tab.build_standard(app)
            with gr.Tab("成绩与进步", id="history") as history:
                load_history, history_outputs = browse_tab.build_history(app)
            with gr.Tab("设置", id="settings"):
                settings_tab.build(app)
        history.select(load_history, None, history_outputs, api_name=False)
        defense.select(refresh_defense, None, defense_outputs, api_name=False)
        demo.load(lambda: "\n".join(f"> 提示：{w}" for w in app.warnings), None, [notice], api_name=False)
    return demo


def _warm_up(app: App) -> None:
    """Load the index and models after the page is up, so the first question is fast."""
    try:
        app.search("信用管理师", k=1)
        _ = app.scorer
        if app.settings.asr != "none":
            _ = app.transcriber  # assembles the whisper weights on first ever use, then loads them
    except Exception:  # the handlers report the same problem in Chinese when it matters
        log.exception("warm-up failed")


def prepare(app: App) -> None:
    """Make sure a usable index exists: a fresh data dir gets one, an old or damaged one is rebuilt."""
    try:
        app.retriever()
    except IndexMissingError:
        print("首次启动：正在建立索引……", flush=True)
        app.ingest(progress=True)
    except IndexCorruptError as err:
        print(f"{err}\n正在重建索引……", flush=True)
        app.ingest(rebuild=True, progress=True)


def serve(app: App, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None,
          block: bool = True) -> gr.Blocks:
    # Uploaded recordings and dossiers are candidate data: keep gradio's copies inside the data dir.
    os.environ["GRADIO_TEMP_DIR"] = str((app.settings.data_dir / "uploads").resolve())
    prepare(app)
    demo = build(app)
    demo.queue(default_concurrency_limit=1)  # per event; different tabs still run side by side
    threading.Thread(target=_warm_up, args=(app,), daemon=True).start()
    data_dir = str(app.settings.data_dir.resolve())
    try:
        demo.launch(server_name=host, server_port=port, auth=auth, auth_message="请输入访问口令", share=False,
                    inbrowser=False, prevent_thread_lock=not block, allowed_paths=[data_dir],
                    max_file_size=MAX_UPLOAD, css=CSS, footer_links=[], show_error=True, quiet=False, ssr_mode=False)
    except OSError as err:  # gradio says "Cannot find empty port…" in English
        raise AssistantError(f"无法在 {host}:{port} 启动网页：{err}。端口可能已被占用，请用 --port 换一个。") from err
    return demo
