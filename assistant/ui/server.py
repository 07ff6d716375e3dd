"""The web app's shell: six tabs over the App services, bound to 127.0.0.1, no analytics."""

from __future__ import annotations

import html
import json
import logging
import os
import threading
import time

import gradio as gr

from ..app import App
from ..errors import AssistantError, IndexCorruptError, IndexMissingError
from . import browse_tab, defense_tab, draft_tab, review_tab, settings_tab, tutor_tab
from .common import TAB_ROLES

log = logging.getLogger("assistant.ui")
TITLE = "信用管理师综合评审助手"
# Hard cap of the upload route (its message is gradio's own, in English); files up to this size reach
# our checks, which refuse anything over 50 MB with a Chinese message.
MAX_UPLOAD = "200mb"
SESSION_TTL_S = 8 * 3600  # a login lasts one working day
CSS = """
.gradio-container { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; }
#defense-clock h3 { font-variant-numeric: tabular-nums; }
footer { display: none !important; }
#defense-log .message-buttons, #defense-log .message-buttons-right { position: static !important; }
"""
# Gradio's own widget words ("Upload file", "Record audio", toast titles…) come from its English bundle
# whatever the browser's language; this app speaks Chinese only, so they are replaced on the page as they
# appear (text, aria-label, title, placeholder).
WIDGET_WORDS = {
    "Upload file": "上传文件", "Record audio": "录音", "Record": "录音", "Stop": "停止", "Pause": "暂停",
    "Resume": "继续", "Drop Audio Here": "将音频拖放到此处", "Drop File Here": "将文件拖放到此处",
    "Click to Upload": "点击上传", "- or -": "或", "Clear": "清除", "Download": "下载", "Share": "分享",
    "Copy": "复制", "Copied": "已复制", "Warning": "提示", "Info": "提示", "Error": "错误", "Close": "关闭",
    "Loading...": "加载中…", "Remove": "移除", "Undo": "撤销", "Retry": "重试", "Edit": "编辑",
    "Select input device": "选择输入设备", "No microphone found": "找不到麦克风", "Waiting": "等待中",
    "Play": "播放", "Trim": "剪裁", "Cancel": "取消", "Submit": "提交", "Search": "搜索", "Fullscreen": "全屏",
    "Exit fullscreen mode": "退出全屏", "Empty": "空", "Sort ascending": "升序", "Sort descending": "降序",
    "Clear sort": "取消排序", "Filter": "筛选", "processing": "处理中", "Processing": "处理中",
    "Table actions": "表格操作", "Copy table data": "复制表格", "Copy message": "复制", "Select all": "全选",
    "Login": "登录", "username": "用户名", "password": "口令", "Incorrect Credentials": "用户名或口令错误",
}
OBSERVER = """
(() => {
  const words = __WORDS__;
  const fix = (root) => {
    if (!root || root.nodeType !== 1) return;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.nodeValue.trim();
      if (t && words[t] && !n.parentElement.closest("textarea,input,.prose")) n.nodeValue = n.nodeValue.replace(t, words[t]);
    }
    for (const el of [root, ...root.querySelectorAll("[aria-label],[title],[placeholder]")]) {
      for (const a of ["aria-label", "title", "placeholder"]) {
        const v = el.getAttribute(a); if (v && words[v]) el.setAttribute(a, words[v]);
      }
    }
  };
  fix(document.body);
  new MutationObserver(ms => { for (const m of ms) {
    if (m.type === "childList") m.addedNodes.forEach(n => fix(n.nodeType === 1 ? n : n.parentElement));
    else fix(m.type === "attributes" ? m.target : m.target.parentElement);
  } }).observe(document.documentElement, {childList: true, subtree: true, characterData: true,
                                          attributes: true, attributeFilter: ["aria-label", "title", "placeholder"]});
})();
""".replace("__WORDS__", json.dumps(WIDGET_WORDS, ensure_ascii=False))
HEAD = f"<script>{OBSERVER}</script>"
# The login page gets no `head` (the app's config needs a login); its message is inserted as HTML, so the same
# observer runs from an image that fails to load (our own constant text, never user input).
TRANSLATE_LOGIN = f'<img src="data:image/png;base64," alt="" style="display:none" onerror="{html.escape(OBSERVER)}">'



def build(app: App) -> gr.Blocks:
    # delete_cache: uploads older than a day are removed every hour
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        gr.Markdown(f"## {TITLE}\n依据《信用管理师国家职业技能标准（2021年版）》：学习问答、模拟答辩、出题、标准浏览。"
                    "所有数据只保存在本机。")
        notice = gr.Markdown("", elem_id="app-notice")
        if app.multi_user:
            with gr.Row():
                who = gr.Markdown("", elem_id="app-user")
                gr.Button("退出登录", link="/logout", size="sm", scale=0, elem_id="app-logout")
                role = gr.Textbox(visible=False)
        with gr.Tabs():
            with gr.Tab("学习问答", id="tutor"):
                tutor_tab.build(app)
            with gr.Tab("模拟答辩", id="defense") as defense:
                refresh_defense, defense_outputs = defense_tab.build(app)
            with gr.Tab("出题助手", id="draft"):
                draft_tab.build(app)
            if app.multi_user:  # accounts on: examiners' workbench (assigned candidates only)
                with gr.Tab("评委工作台", id="review"):
                    review_tab.build(app)
            with gr.Tab("标准浏览", id="standard"):
                browse_tab.build_standard(app)
            with gr.Tab("成绩与进步", id="history") as history:
                load_history, history_outputs = browse_tab.build_history(app)
            with gr.Tab("设置", id="settings"):
                settings_tab.build(app)
        history.select(load_history, None, history_outputs, api_name=False)
        defense.select(refresh_defense, None, defense_outputs, api_name=False)
        demo.load(lambda: "\n".join(f"> 提示：{w}" for w in app.warnings), None, [notice], api_name=False)
        if app.multi_user:  # each person sees the tabs of their role (the handlers check the role again)

            def by_role(request: gr.Request) -> tuple[str, str]:
                actor = app.actor(request.username)
                return _who(actor), actor.role

            # gradio's Tab(visible=…) updates are unreliable, so the tab buttons are hidden on the page.
            demo.load(by_role, None, [who, role], api_name=False).then(None, [role], None, js=HIDE_TABS_JS)
    return demo


# Tabs a role does not use (ui.common.TAB_ROLES; the handlers refuse them anyway).
HIDE_TABS_JS = """(role) => {
  const hide = Object.entries(__TAB_ROLES__).filter(([, roles]) => !roles.includes(role)).map(([tab]) => tab);
  for (const b of document.querySelectorAll("button[role=tab]")) {
    if (hide.includes(b.textContent.trim())) b.style.display = "none";
  }
}""".replace("__TAB_ROLES__", json.dumps(TAB_ROLES, ensure_ascii=False))


def _threaded_login(app: App):
    """gradio awaits an async auth callback; argon2 takes ~0.1 s of CPU, which in a sync callback would stall
    the server's event loop for everyone while a cohort logs in."""
    import anyio

    async def login(name: str, password: str) -> bool:
        return await anyio.to_thread.run_sync(app.accounts.login, name, password)

    return login


def _login_message(users: bool) -> str:
    text = "请输入用户名和口令（账户由管理员用 assistant users add 建立）。" if users else "请输入访问口令。"
    return text + TRANSLATE_LOGIN


def _who(actor) -> str:
    from ..accounts import ROLES

    if actor.role != "candidate":
        return f"当前用户：**{actor.name}**（{ROLES[actor.role]}）。每次查看、导出或评阅考生的记录都记入审计日志。"
    return f"当前用户：**{actor.name}**（{ROLES[actor.role]}）。你的答辩记录、测验和个人资料只有你自己（以及分配给你的评委）能看到。"


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


class ExpiringTokens(dict):
    """gradio's login tokens (token -> user name) that expire SESSION_TTL_S after login: a shared computer in
    a training room does not stay logged in as the last candidate for ever."""

    def __init__(self, ttl_s: float = SESSION_TTL_S, clock=time.monotonic) -> None:
        super().__init__()
        self.ttl_s, self._clock, self._born = ttl_s, clock, {}

    def __setitem__(self, token, user) -> None:
        self._born[token] = self._clock()
        super().__setitem__(token, user)

    def _expired(self, token) -> bool:
        born = self._born.get(token)
        if born is not None and self._clock() - born > self.ttl_s:
            self.pop(token, None)
            self._born.pop(token, None)
            return True
        return False

    def get(self, token, default=None):
        return default if self._expired(token) else super().get(token, default)

    def __contains__(self, token) -> bool:
        return not self._expired(token) and super().__contains__(token)


def serve(app: App, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None,
          block: bool = True, users: bool = False) -> gr.Blocks:
    """`users`: every visitor logs in with an account (assistant users add) and sees only their own data;
    `auth`: one shared user name and password for a single person's app."""
    # Uploaded recordings and dossiers are candidate data: keep gradio's copies inside the data dir.
    os.environ["GRADIO_TEMP_DIR"] = str((app.settings.data_dir / "uploads").resolve())
    app.multi_user = users
    if users and not app.accounts.list():
        raise AssistantError("还没有任何账户：先用 assistant users add 用户名 --role admin 建一个管理员。")
    prepare(app)
    demo = build(app)
    demo.queue(default_concurrency_limit=1)  # per event; different tabs still run side by side
    threading.Thread(target=_warm_up, args=(app,), daemon=True).start()
    login = _threaded_login(app) if users else auth
    try:
        # No allowed_paths: the data dir holds every person's records and is never served; downloads are
        # copies in gradio's upload dir (ui.common.downloadable).
        demo.launch(server_name=host, server_port=port, auth=login, auth_message=_login_message(users), share=False,
                    inbrowser=False, prevent_thread_lock=True, max_file_size=MAX_UPLOAD, css=CSS, head=HEAD,
                    footer_links=[], show_error=True, quiet=True, ssr_mode=False)
    except OSError as err:  # gradio says "Cannot find empty port…" in English
        raise AssistantError(f"无法在 {host}:{port} 启动网页：{err}。端口可能已被占用，请用 --port 换一个。") from err
    if login is not None:
        demo.server_app.tokens = ExpiringTokens()
    scope = "仅本机可访问" if host in ("127.0.0.1", "localhost") else "局域网内可访问，请设置口令"
    who = "每人用自己的账户登录，只看得到自己的数据" if users else "单用户"
    print(f"网页已启动：http://{host}:{port}/（{scope}；{who}；按 Ctrl+C 退出）", flush=True)
    if block:
        demo.block_thread()
    return demo
