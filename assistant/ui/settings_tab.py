"""设置: LLM endpoint with a connection test, speech recognition on/off, where the data lives."""

from __future__ import annotations

import gradio as gr

from ..app import App
from .common import friendly, require_tab

MODES = [("不使用大模型（离线）", "none"), ("OpenAI 兼容接口", "openai"), ("Ollama", "ollama")]


def build(app: App) -> None:
    llm = app.settings.llm
    gr.Markdown("默认完全离线运行；配置大模型后，问答和提问措辞会更自然，评分仍以本地规则为准。"
                "密钥只保存在本次运行的内存里，不写入磁盘。")
    mode = gr.Radio(MODES, value=llm.mode if llm.mode in ("none", "openai", "ollama") else "none",
                    label="大模型", elem_id="settings-mode")
    with gr.Row():
        base_url = gr.Textbox(llm.base_url, label="接口地址 Base URL", placeholder="例如 https://api.deepseek.com/v1",
                              elem_id="settings-url")
        model = gr.Textbox(llm.model, label="模型名称", placeholder="例如 deepseek-chat、qwen-plus", elem_id="settings-model")
        key = gr.Textbox("", label="接口密钥（API Key）", type="password", elem_id="settings-key")
    with gr.Row():
        test = gr.Button("测试连接", elem_id="settings-test")
        save = gr.Button("保存并应用", variant="primary", elem_id="settings-save")
    status = gr.Markdown("", elem_id="settings-status")
    asr = gr.Radio([("开启（本地 Whisper）", "whisper"), ("关闭", "none")],
                   value="none" if app.settings.asr == "none" else "whisper", label="语音识别", elem_id="settings-asr")
    gr.Markdown(f"数据目录：`{app.settings.data_dir.resolve()}`（索引、答辩记录、报告都在这里，不会上传）。"
                "更换目录：设置环境变量 `ASSISTANT_DATA_DIR` 后重新启动。")

    def _llm(mode_v, url_v, model_v):
        return app.settings.llm.model_copy(update={"mode": mode_v, "base_url": (url_v or "").strip(),
                                                   "model": (model_v or "").strip()})

    def _admin_only(request: gr.Request) -> None:
        """With accounts on, these settings change the app for everyone: admins only."""
        require_tab(app, request, "设置", "多人使用时只有管理员可以更改设置。")

    @friendly
    def check(mode_v, url_v, model_v, key_v, request: gr.Request):
        _admin_only(request)
        return app.test_llm(_llm(mode_v, url_v, model_v), key_v or "")

    @friendly
    def apply(mode_v, url_v, model_v, key_v, asr_v, request: gr.Request):
        _admin_only(request)
        app.configure(llm=_llm(mode_v, url_v, model_v), asr=asr_v, api_key=key_v or "")
        return "已保存。" + ("当前为离线模式。" if mode_v == "none" else f"新的问答将使用 {model_v}。")

    test.click(check, [mode, base_url, model, key], [status], api_name="settings_test")
    save.click(apply, [mode, base_url, model, key, asr], [status], api_name="settings_save")
