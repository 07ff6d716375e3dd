"""Helpers shared by the tabs: turning service errors into visible Chinese messages."""

from __future__ import annotations

import functools
import inspect
import logging

import gradio as gr

from ..errors import AssistantError

log = logging.getLogger("assistant.ui")


def _message(err: Exception) -> str:
    if isinstance(err, AssistantError):
        return str(err)
    log.exception("handler failed")  # the traceback stays in the server log, never the user's answer text
    return f"出错了：{type(err).__name__}。请重试；如果反复出现，请查看终端日志。"


def _skip(n: int):
    return gr.skip() if n == 1 else tuple(gr.skip() for _ in range(n))


def friendly(n_outputs: int = 1):
    """Show AssistantError (and anything unexpected) as a Chinese notice and leave every output as it
    was: no component turns into an error state, so the page and the session simply continue."""
    def wrap(fn):
        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def gen(*args, **kwargs):
                try:
                    yield from fn(*args, **kwargs)
                except Exception as err:
                    gr.Warning(_message(err), duration=8)
                    yield _skip(n_outputs)
            return gen

        @functools.wraps(fn)
        def plain(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as err:
                gr.Warning(_message(err), duration=8)
                return _skip(n_outputs)
        return plain
    return wrap


def refuse(message: str):
    """A user mistake found in the UI layer itself (e.g. nothing typed): same path as a service error."""
    raise AssistantError(message)


LEVEL_CHOICES = ["全部等级", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"]


def level_or_none(choice: str | None) -> str | None:
    return None if not choice or choice == "全部等级" else choice


def clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
