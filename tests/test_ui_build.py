"""The web app builds on the fake app with every tab and the endpoints other tools (and tests) call."""

from __future__ import annotations

import pytest

gr = pytest.importorskip("gradio")


def test_blocks_have_the_six_tabs_and_named_endpoints(fake_app):
    from assistant.ui.server import build

    demo = build(fake_app)
    config = demo.get_config_file()
    tabs = [c["props"].get("label") for c in config["components"] if c.get("type") == "tabitem"]
    assert tabs == ["学习问答", "模拟答辩", "出题助手", "标准浏览", "成绩与进步", "设置"]
    names = {fn.api_name for fn in demo.fns.values() if fn.api_name}
    assert {"ask", "defense_start", "defense_submit", "defense_stop", "defense_transcribe", "draft", "draft_export",
            "history"} <= names
    assert demo.analytics_enabled is False


def test_every_visible_text_in_the_tabs_is_chinese(fake_app):
    """Labels, buttons and choices a user reads contain Chinese (no English left-overs from defaults)."""
    import re

    from assistant.ui.server import build

    config = build(fake_app).get_config_file()
    han = re.compile(r"[\u4e00-\u9fff]")
    missing = []
    for c in config["components"]:
        props = c.get("props", {})
        for key in ("label", "placeholder"):
            text = props.get(key)
            if isinstance(text, str) and text and props.get("show_label", True) and not han.search(text):
                missing.append((c.get("type"), key, text))
        if c.get("type") == "button" and props.get("value") and not han.search(str(props["value"])):
            missing.append(("button", "value", props["value"]))
    assert not missing, missing
