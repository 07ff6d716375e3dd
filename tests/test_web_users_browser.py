"""`serve --users` in headless chromium: a Chinese login page, a wrong password refused in Chinese, each role
sees its own tabs and its own name, and an examiner's workbench lists the assigned candidate's session."""

from __future__ import annotations

import pytest

from assistant.accounts import Accounts
from assistant.store import Store

from .test_web_browser import CHROMIUM, FLAGS
from .webserver import start_server, stop_server

PASSWORD = "password123"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("ubrowser") / "data"
    store = Store(data / "assistant.sqlite3")
    accounts = Accounts(store)
    accounts.add("张三", "candidate", PASSWORD)
    accounts.add("王评委", "examiner", PASSWORD)
    accounts.assign("王评委", "张三")
    store.db.close()
    proc, url, _ = start_server(data, args=("--users",))
    yield url
    stop_server(proc)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def _login(browser, url: str, name: str, password: str = PASSWORD):
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # an English browser: no help from locale
    page.set_default_timeout(60_000)
    page.goto(url)
    page.get_by_text("登录", exact=True).first.wait_for()
    page.get_by_label("用户名").fill(name)
    page.get_by_label("口令").fill(password)
    page.get_by_role("button", name="登录").click()
    return page


def _tabs(page) -> list[str]:
    return [t.inner_text().strip() for t in page.locator("button[role=tab]").all() if t.is_visible()]


def test_login_page_speaks_chinese_and_refuses_a_wrong_password(server, browser):
    page = _login(browser, server, "张三", "wrong-password")
    page.get_by_text("用户名或口令错误").wait_for()
    assert "Login" not in page.inner_text("body") and "username" not in page.inner_text("body")
    page.close()


def test_each_role_sees_its_own_tabs_and_name(server, browser):
    page = _login(browser, server, "张三")
    page.get_by_text("当前用户：").wait_for()
    page.wait_for_function("() => ![...document.querySelectorAll('button[role=tab]')]"
                           ".some(b => b.textContent.includes('评委工作台') && b.offsetParent)")
    assert "张三" in page.inner_text("#app-user")
    assert {"学习问答", "模拟答辩", "成绩与进步"} <= set(_tabs(page))
    assert not {"出题助手", "评委工作台", "设置"} & set(_tabs(page))
    page.get_by_role("tab", name="模拟答辩").click()
    page.get_by_role("button", name="开始答辩").click()
    page.locator("#defense-clock").get_by_text("剩余时间").wait_for()
    page.close()

    examiner = _login(browser, server, "王评委")
    examiner.get_by_text("当前用户：").wait_for()
    examiner.get_by_role("tab", name="评委工作台").click()
    examiner.get_by_role("button", name="刷新我的考生场次").click()
    examiner.locator("#review-session input").click()
    examiner.get_by_role("option").filter(has_text="张三").first.wait_for()
    assert "设置" not in _tabs(examiner)
    examiner.close()
