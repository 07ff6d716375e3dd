"""Accounts: argon2 hashes only, roles, rate-limited logins, who may read whose records."""

from __future__ import annotations

import pytest

from assistant.accounts import LOCAL, LOCKOUT_S, MAX_FAILURES, Accounts, Actor
from assistant.errors import AssistantError
from assistant.store import Store


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def accounts(tmp_path):
    clock = Ticks()
    acc = Accounts(Store(tmp_path / "s.sqlite3"), clock=clock)
    acc.clock = clock
    return acc


def test_passwords_are_hashed_and_checked(accounts):
    accounts.add("张三", "考生", "correct horse")
    row = accounts.store.user("张三")
    assert row["role"] == "candidate" and row["hash"].startswith("$argon2id$") and "correct horse" not in row["hash"]
    assert accounts.login("张三", "correct horse") and not accounts.login("张三", "wrong pass")
    accounts.passwd("张三", "new password")
    assert accounts.login("张三", "new password") and not accounts.login("张三", "correct horse")


@pytest.mark.parametrize("name,role,password,msg", [
    ("张", "candidate", "12345678", "用户名"), ("a b", "candidate", "12345678", "用户名"),
    ("张三", "boss", "12345678", "角色"), ("张三", "candidate", "short", "口令至少"),
])
def test_bad_accounts_are_refused_in_chinese(accounts, name, role, password, msg):
    with pytest.raises(AssistantError, match=msg):
        accounts.add(name, role, password)


def test_duplicate_and_unknown_users(accounts):
    accounts.add("张三", "candidate", "12345678")
    with pytest.raises(AssistantError, match="已存在"):
        accounts.add("张三", "candidate", "12345678")
    with pytest.raises(AssistantError, match="没有用户"):
        accounts.disable("nobody")


def test_disabled_accounts_cannot_log_in_or_act(accounts):
    accounts.add("张三", "candidate", "12345678")
    accounts.disable("张三")
    assert not accounts.login("张三", "12345678")
    with pytest.raises(AssistantError, match="停用"):
        accounts.actor("张三")
    accounts.enable("张三")
    assert accounts.actor("张三") == Actor("张三", "candidate")


def test_login_is_rate_limited_then_released(accounts):
    accounts.add("张三", "candidate", "12345678")
    for _ in range(MAX_FAILURES):
        assert not accounts.login("张三", "guess")
    assert not accounts.login("张三", "12345678")  # locked: even the right password is refused
    accounts.clock.now += LOCKOUT_S + 1
    assert accounts.login("张三", "12345678")


def test_who_may_read_whom(accounts):
    accounts.add("张三", "candidate", "12345678")
    accounts.add("李四", "candidate", "12345678")
    accounts.add("王评委", "examiner", "12345678")
    accounts.add("管理员", "admin", "12345678")
    accounts.assign("王评委", "张三")
    with pytest.raises(AssistantError, match="不是评委"):
        accounts.assign("张三", "李四")
    zhang, examiner, admin = (accounts.actor(n) for n in ("张三", "王评委", "管理员"))
    assert accounts.may_read(zhang, "张三") and not accounts.may_read(zhang, "李四")
    assert accounts.may_read(examiner, "张三") and not accounts.may_read(examiner, "李四")
    assert accounts.may_read(admin, "李四")
    assert accounts.may_read(LOCAL, "") and not accounts.may_read(LOCAL, "张三")


def test_web_logins_expire():
    from assistant.ui.server import ExpiringTokens

    clock = Ticks()
    tokens = ExpiringTokens(ttl_s=60, clock=clock)
    tokens["t1"] = "张三"
    assert tokens.get("t1") == "张三" and "t1" in tokens
    clock.now += 61
    assert tokens.get("t1") is None and "t1" not in tokens and "t1" not in dict(tokens)
