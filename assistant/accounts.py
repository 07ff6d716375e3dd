"""Accounts, roles and who may see what.

Roles: 考生 (candidate) owns their sessions, quizzes and documents; 评委 (examiner) reads the sessions of the
candidates assigned to them and marks their answers; 管理员 (admin) manages accounts and assignments and may
read everything, every read of another person's record being written to the audit log.

The embedded default has no accounts: everyone is LOCAL, the one local user, owner "".
Passwords are stored as argon2id hashes only; logins are rate-limited per user name.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import AssistantError
from .store import Store

ROLES = {"candidate": "考生", "examiner": "评委", "admin": "管理员"}
ROLE_ALIASES = {**{v: k for k, v in ROLES.items()}, **{k: k for k in ROLES}}
NAME_PATTERN = re.compile(r"^[\w\u4e00-\u9fff.-]{2,32}$")  # letters, digits, Chinese, _ . -
MIN_PASSWORD = 8
MAX_FAILURES, FAILURE_WINDOW_S, LOCKOUT_S = 5, 600.0, 600.0


@dataclass(frozen=True)
class Actor:
    name: str  # "" = the local user of the embedded default
    role: str = "candidate"

    @property
    def label(self) -> str:
        return self.name or "本机用户"


LOCAL = Actor("")


class Accounts:
    def __init__(self, store: Store, clock=time.monotonic) -> None:
        self.store = store
        self._hasher = PasswordHasher()  # argon2id with the library's current parameters
        self._clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    # -- management (CLI `assistant users …`, admin) -------------------------------------------
    def add(self, name: str, role: str, password: str) -> Actor:
        name = (name or "").strip()
        if not NAME_PATTERN.match(name):
            raise AssistantError(f"用户名须为 2–32 个字符（中文、字母、数字、_ . -），收到：{name!r}")
        role = _role(role)
        _check_password(password)
        if self.store.user(name) is not None:
            raise AssistantError(f"用户 {name} 已存在；改口令用 assistant users passwd {name}")
        self.store.add_user(name, role, self._hasher.hash(password))
        return Actor(name, role)

    def list(self) -> list[dict]:
        return [{**u, "active": bool(u["active"]), "role_label": ROLES.get(u["role"], u["role"])}
                for u in self.store.users()]

    def disable(self, name: str) -> None:
        self._existing(name)
        self.store.update_user(name, active=0)

    def enable(self, name: str) -> None:
        self._existing(name)
        self.store.update_user(name, active=1)

    def passwd(self, name: str, password: str) -> None:
        self._existing(name)
        _check_password(password)
        self.store.update_user(name, hash=self._hasher.hash(password))

    def assign(self, examiner: str, candidate: str) -> None:
        if self._existing(examiner)["role"] != "examiner":
            raise AssistantError(f"{examiner} 不是评委账户。")
        if self._existing(candidate)["role"] != "candidate":
            raise AssistantError(f"{candidate} 不是考生账户。")
        self.store.assign(examiner, candidate)

    def _existing(self, name: str):
        row = self.store.user((name or "").strip())
        if row is None:
            raise AssistantError(f"没有用户 {name}（assistant users list 查看）。")
        return row

    # -- login --------------------------------------------------------------------------------
    def login(self, name: str, password: str) -> bool:
        """gradio's auth callback. After MAX_FAILURES wrong passwords within the window, the name is locked
        for LOCKOUT_S, right password or not (a guesser learns nothing from the lock either)."""
        name = (name or "").strip()
        now = self._clock()
        with self._lock:
            if self._locked_until.get(name, 0.0) > now:
                return False
        row = self.store.user(name)
        ok = bool(row and row["active"] and self._verify(row["hash"], password or ""))
        with self._lock:
            if ok:
                self._failures.pop(name, None)
                return True
            failures = self._failures[name]
            failures.append(now)
            while failures and failures[0] < now - FAILURE_WINDOW_S:
                failures.popleft()
            if len(failures) >= MAX_FAILURES:
                self._locked_until[name] = now + LOCKOUT_S
                failures.clear()
        return False

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def actor(self, name: str | None) -> Actor:
        """The acting user of a web request (None without login = the local user)."""
        if not name:
            return LOCAL
        row = self.store.user(name)
        if row is None or not row["active"]:
            raise AssistantError("账户不存在或已停用，请重新登录。")
        return Actor(row["name"], row["role"])

    # -- who may read whose data -----------------------------------------------------------------
    def readable_owners(self, actor: Actor) -> list[str] | None:
        """Owners whose sessions `actor` may read; None = everyone (admin)."""
        if actor.role == "admin" and actor.name:
            return None
        if actor.role == "examiner":
            return self.store.assigned(actor.name)
        return [actor.name]

    def may_read(self, actor: Actor, owner: str) -> bool:
        owners = self.readable_owners(actor)
        return owners is None or owner in owners


def _role(role: str) -> str:
    key = ROLE_ALIASES.get((role or "").strip().lower())
    if key is None:
        raise AssistantError(f"角色只能是 candidate/考生、examiner/评委、admin/管理员，收到：{role}")
    return key


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AssistantError(f"口令至少 {MIN_PASSWORD} 位。")
