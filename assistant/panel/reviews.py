"""The examiners' side: the sessions of their assigned candidates (read-only), their own marks per rubric
point on the printed sheet's scale, and the agreement between examiners and with the automatic score, the
calibration a committee runs before a sitting."""

from __future__ import annotations

from itertools import combinations

from scipy.stats import spearmanr

from ..accounts import Accounts, Actor
from ..errors import AssistantError
from ..store import Store
from .marks import UNREACHED

AUTO = "自动评分"


class Reviews:
    def __init__(self, store: Store, accounts: Accounts, record) -> None:
        self.store, self.accounts = store, accounts
        self._record = record  # (sid, actor) -> the session record; audits reads of another person's record

    def _check_reviewer(self, actor: Actor) -> None:
        if actor.role not in ("examiner", "admin") or not actor.name:
            raise AssistantError("评委工作台只对评委和管理员开放。")

    def sessions(self, actor: Actor) -> list[dict]:
        """Sessions of the candidates this examiner may read (all, for an admin), newest first."""
        self._check_reviewer(actor)
        owners = self.accounts.readable_owners(actor)
        rows = self.store.sessions(owners)
        marked = self.store.marked_sessions()
        return [{"id": r["id"], "candidate": r["owner"] or "本机用户", "level": r["level"], "date": r["created_at"],
                 "finished": r["status"] == "finished", "marked": r["id"] in marked} for r in rows]

    def sheet(self, actor: Actor, sid: str) -> dict:
        """The scoring sheet: every asked question with its answers, rubric points and the automatic marks,
        plus the marks examiners have already given, and the record itself (one audited read serves the page)."""
        self._check_reviewer(actor)
        record = self._record(sid, actor)
        items = [_sheet_item(i) for i in record["items"] if i["status"] != UNREACHED]
        return {"id": record["id"], "level": record["level"], "total": record["total"], "items": items,
                "marks": self.store.marks(record["id"]), "record": record}

    def mark(self, actor: Actor, sid: str, n: int, marks: list[float]) -> float:
        """Save this examiner's marks for question `n` (one per rubric point, 0…the point's weight); returns
        the question's total on 0–100."""
        sheet = self.sheet(actor, sid)
        item = next((i for i in sheet["items"] if i["n"] == n), None)
        if item is None:
            raise AssistantError(f"本场没有第 {n} 题（或该题未问到）。")
        weights = [w for _, w, _ in item["rubric"]]
        if len(marks) != len(weights):
            raise AssistantError(f"第 {n} 题有 {len(weights)} 个要点，收到 {len(marks)} 个分数。")
        for value, weight, (point, _, _) in zip(marks, weights, item["rubric"]):
            if not 0 <= value <= weight:
                raise AssistantError(f"要点“{point}”的分数须在 0–{weight} 之间，收到 {value}。")
        total = round(100 * sum(marks) / (sum(weights) or 1), 1)
        self.store.save_marks(sid, n, actor.name, [float(m) for m in marks], total)
        self.store.audit(actor.name, "mark", self.store.session(sid)["owner"], f"{sid}#{n}")
        return total

    def agreement(self, actor: Actor, sids: list[str] | None = None) -> list[dict]:
        """Agreement over the given sessions, or over every readable session an examiner has marked (a session
        nobody marked has only the automatic score: no pair to compare)."""
        self._check_reviewer(actor)
        sids = sids or [s["id"] for s in self.sessions(actor) if s["marked"]]
        return agreement_of([self.sheet(actor, sid) for sid in sids])


    def audit_log(self, actor: Actor, limit: int = 500) -> list[dict]:
        """Who viewed, exported or marked whose record (admins only)."""
        if actor.role != "admin" or not actor.name:
            raise AssistantError("审计日志只对管理员开放。")
        return self.store.audit_log(limit)


def agreement_of(sheets: list[dict]) -> list[dict]:
    """For every pair of raters (examiners and the automatic score) over the questions both marked:
    how many, mean absolute difference and Spearman's rho (from 3 questions on)."""
    ratings: dict[str, dict[tuple[str, int], float]] = {}
    for sheet in sheets:
        for item in sheet["items"]:
            if item["auto"] is not None:
                ratings.setdefault(AUTO, {})[(sheet["id"], item["n"])] = item["auto"]
        for m in sheet["marks"]:
            ratings.setdefault(m["examiner"], {})[(sheet["id"], m["seq"])] = m["total"]
    return [_pair(a, b, ratings[a], ratings[b]) for a, b in combinations(sorted(ratings, key=_auto_last), 2)
            if set(ratings[a]) & set(ratings[b])]


def _auto_last(name: str) -> tuple[bool, str]:
    return name == AUTO, name


def _pair(a: str, b: str, ra: dict, rb: dict) -> dict:
    keys = sorted(set(ra) & set(rb))
    xs, ys = [ra[k] for k in keys], [rb[k] for k in keys]
    mae = sum(abs(x - y) for x, y in zip(xs, ys)) / len(keys)
    rho = float(spearmanr(xs, ys).statistic) if len(keys) >= 3 and len(set(xs)) > 1 and len(set(ys)) > 1 else None
    return {"a": a, "b": b, "n": len(keys), "mae": round(mae, 1), "spearman": None if rho is None else round(rho, 2)}


def _sheet_item(item: dict) -> dict:
    """Rubric rows (point, weight, automatic marks on the point's own scale) of an asked question."""
    if item["points"]:
        rubric = [(p["point"], p["weight"], round(p.get("credit", 0.0) * p["weight"], 1)) for p in item["points"]]
    else:  # skipped: nothing was said, every point 0
        rubric = [(point, weight, 0.0) for point, weight in item["missing"]]
    answers = [t for t in item["turns"] if t["answer"]]
    return {"n": item["n"], "text": item["text"], "function": item["function"], "status": item["status_text"],
            "answers": [{"kind": t["kind"], "prompt": t["prompt"], "answer": t["answer"]} for t in answers],
            "rubric": rubric, "auto": item["rubric_score"]}
