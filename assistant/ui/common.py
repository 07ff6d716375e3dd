"""Helpers shared by the tabs: turning service errors into visible Chinese messages."""

from __future__ import annotations

import functools
import inspect
import logging
import os
import shutil
import tempfile
from pathlib import Path

import gradio as gr

from ..errors import AssistantError

log = logging.getLogger("assistant.ui")


def _message(err: Exception) -> str:
    if isinstance(err, AssistantError):
        return str(err)
    log.exception("handler failed")  # the traceback stays in the server log, never the user's answer text
    return f"出错了：{type(err).__name__}。请重试；如果反复出现，请查看终端日志。"


def warn(message: str) -> None:
    gr.Warning(message, duration=8, title="提示")


def inform(message: str) -> None:
    gr.Info(message, title="提示")


def friendly(fn):
    """Show AssistantError (and anything unexpected) as a Chinese notice and leave every output as it
    was (gr.skip()): no component turns into an error state, so the page and the session simply continue."""
    return _friendly()(fn)


def _friendly():
    def wrap(fn):
        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def gen(*args, **kwargs):
                try:
                    yield from fn(*args, **kwargs)
                except Exception as err:
                    warn(_message(err))
                    yield gr.skip()
            return gen

        @functools.wraps(fn)
        def plain(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as err:
                warn(_message(err))
                return gr.skip()
        return plain
    return wrap


# With accounts on, some tabs are for some roles only: the page hides them for the others (ui.server) and their
# handlers refuse (require_tab); the services check again where it matters (panel.reviews).
TAB_ROLES = {"出题助手": ("examiner", "admin"), "评委工作台": ("examiner", "admin"), "设置": ("admin",)}


def require_tab(app, request, tab: str, message: str):
    """The acting user of a request to `tab`'s handlers; refused (Chinese `message`) for the other roles."""
    actor = app.actor(request.username)
    if app.multi_user and actor.role not in TAB_ROLES[tab]:
        refuse(message)
    return actor


def refuse(message: str):
    """A user mistake found in the UI layer itself (e.g. nothing typed): same path as a service error."""
    raise AssistantError(message)


LEVEL_CHOICES = ["全部等级", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"]


def level_or_none(choice: str | None) -> str | None:
    return None if not choice or choice == "全部等级" else choice


def clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def downloadable(paths: list[Path]) -> list[str]:
    """Copies of files for a download button, in a fresh folder of gradio's upload dir (served only by an
    unguessable path), so that the data dir itself is never served: it holds everyone's records."""
    root = Path(os.environ.get("GRADIO_TEMP_DIR") or tempfile.gettempdir())
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="dl-", dir=root))
    out = []
    for path in paths:
        target = folder / Path(path).name
        shutil.copyfile(path, target)
        out.append(str(target))
    return out
