"""The session record (DESIGN.md §4 shape and more): everything the report and the history show, built once
from the plan and the saved turns. Building it reads only."""

from __future__ import annotations

from dataclasses import replace

from ..records import SKIPPED, Turn
from ..scoring import DIMENSIONS
from .dossier_review import assess_statement
from .marks import STATEMENT_SHARE, STATUS_WORDS, UNREACHED, ItemResult, item_results, panel_scores, rule_text
from .planner import Plan
from .session import Session, speaking_seconds

BANDS = ((90, "优秀"), (80, "良好"), (70, "中等"), (60, "及格"), (0, "不及格"))
STATEMENT_LABELS = {"statement": "陈述", "question": "提问", "followup": "追问"}


def one_scorer(turns: list[Turn]) -> tuple[list[Turn], str]:
    """A session is marked by one scorer: when the LLM judge failed on some answers and not on others, every
    answer takes its offline mark (no mixing). Returns the turns to mark and the line the report shows."""
    judges = {t.detail.judge for t in turns if t.detail is not None and t.score is not None}
    if judges == {"llm"}:
        return turns, "评分方式：离线评分与大模型逐条核对结合。"
    if "llm" not in judges:
        return turns, "评分方式：离线评分。"
    offline = [replace(t, score=t.detail.offline_score)
               if t.detail is not None and t.detail.judge == "llm" and t.detail.offline_score is not None else t
               for t in turns]
    return offline, "评分方式：离线评分（大模型对部分回答没有给出可用的核对结果，为免混用两种评分，整场改用离线评分）。"


def build_record(session: Session, dossier_weight: float, created_at: str = "") -> dict:
    plan = session.plan
    turns, scorer = one_scorer(session.turns)
    results = item_results(plan, turns, session.panel, plan.seed)
    statement = next((t for t in turns if t.kind == "statement"), None)
    review = _statement_review(plan, statement)
    dossier_part = None
    if plan.dossier is not None:
        said = review["score"] if review else 0.0
        dossier_part = (1 - STATEMENT_SHARE) * plan.dossier["score"] + STATEMENT_SHARE * said
    scores = panel_scores(plan, results, session.panel, plan.seed, dossier_part, dossier_weight)
    items = [_item(plan, r, turns) for r in results]
    total = scores["total"]
    return {
        "id": session.id, "level": plan.level, "minutes": plan.minutes, "practice": plan.practice,
        "created_at": created_at, "finished": session.ended,
        "panel": [{"name": r.name, "role": r.role, "focus": list(r.focus), "manner": r.manner,
                   "severity": r.severity, "values": r.values} for r in session.panel],
        "statement": statement.answer if statement else "", "statement_review": review,
        "questions": [{"reviewer": t.reviewer, "locator": t.locator, "source": t.source, "text": t.prompt,
                       "answer": t.answer, "score": t.score, "status": t.status}
                      for t in turns if t.kind != "statement"],
        "items": items,
        "unreached": [{k: i[k] for k in ("n", "function", "locator", "text", "weight_s", "share")}
                      for i in items if i["status"] == UNREACHED],
        "scores": {k: scores[k] for k in ("by_reviewer", "defense", "dossier", "reviewers", "spread")},
        "dossier_review": plan.dossier, "rule": rule_text(dossier_weight), "scorer": scorer,
        "total": total, "passed": total >= 60, "band": next(b for floor, b in BANDS if total >= floor),
        "elapsed_s": round(session.elapsed(), 1),
        "dimensions": _dimensions(results), "functions": _functions(plan, items),
        "priorities": _priorities(items),
        "timeline": [{"label": STATEMENT_LABELS.get(t.kind, t.kind), "start_s": t.started_s, "end_s": t.ended_s,
                      "chars": len(t.answer or ""), "speech_s": t.speech_s} for t in turns],
        "events": session.store.events(session.id),
    }


def _statement_review(plan: Plan, statement: Turn | None) -> dict | None:
    if plan.dossier is None:
        return None
    if statement is None or statement.status == SKIPPED or not statement.answer:
        return {"score": 0.0, "notes": ["没有做个人陈述"], "spoken_s": 0.0}
    spoken = statement.speech_s or speaking_seconds(statement.answer)
    return assess_statement(statement.answer, spoken, plan.statement_s, plan.dossier.get("claims", []))


def _item(plan: Plan, result: ItemResult, turns: list[Turn]) -> dict:
    item = plan.items[result.index]
    own = [t for t in turns if t.item == result.index]
    detail = result.turn.detail if result.turn else None
    points = detail.points if detail else []
    missing = ([(p["point"], p["weight"]) for p in points if p["status"] != "covered"] if points
               else [(p.point, p.weight) for p in item.rubric])
    q = item.question
    total_s = sum(i.seconds for i in plan.items) or 1
    return {"n": result.index + 1, "function": item.function, "locator": item.locator, "source": item.source,
            "text": own[0].prompt if own else item.text, "reviewer": item.reviewer.name,
            "status": result.status, "status_text": STATUS_WORDS[result.status],
            "weight_s": round(item.seconds, 1), "share": round(100 * item.seconds / total_s, 1),
            "rubric_score": result.turn.score if result.turn else None, "score": result.score,
            "marks": result.marks, "points": points, "missing": missing,
            "dimensions": detail.dimensions if detail else {},
            "outline": list(q.outline) if q else [],
            "study": sorted(q.covers, key=lambda c: not c.startswith("R:")) if q else [item.locator],
            "turns": [{"kind": t.kind, "prompt": t.prompt, "answer": t.answer, "status": t.status} for t in own]}


def _dimensions(results: list[ItemResult]) -> dict[str, float]:
    dims = [r.turn.detail.dimensions for r in results if r.turn and r.turn.detail and r.status != SKIPPED]
    dims = [d for d in dims if d]
    return {d: round(sum(x.get(d, 0.0) for x in dims) / len(dims), 1) if dims else 0.0 for d in DIMENSIONS}


def _functions(plan: Plan, items: list[dict]) -> list[dict]:
    """Per 职业功能: planned time share, and the mean mark of its asked questions (None if none was asked)."""
    out = []
    for fn, share in plan.function_shares().items():
        marks = [i["score"] for i in items if i["function"] == fn and i["status"] != UNREACHED]
        out.append({"function": fn, "share": round(share, 1),
                    "score": round(sum(marks) / len(marks), 1) if marks else None})
    return out


def _priorities(items: list[dict]) -> list[str]:
    """Three things to work on, from what was asked: wrong statements first, then questions left unanswered,
    then the heaviest missed points of the weakest answers, each with where to study."""
    asked = [i for i in items if i["status"] != UNREACHED]
    out = [f"{p['error']}（第 {i['n']} 题，{i['function']}）" for i in asked for p in i["points"] if p.get("error")][:3]
    for i in asked:
        if i["status"] == SKIPPED and len(out) < 3:
            out.append(f"第 {i['n']} 题没有回答（{i['function']}）；复习：{'、'.join(i['study'][:3])}")
    ranked = sorted(((w * (100 - (i["score"] or 0)), p, i) for i in asked if i["status"] != SKIPPED
                     for p, w in i["missing"]), key=lambda x: -x[0])
    seen: set[str] = set()
    for _, point, i in ranked:
        if len(out) >= 3:
            break
        if point not in seen:
            seen.add(point)
            out.append(f"{point}（第 {i['n']} 题，{i['function']}；复习：{'、'.join(i['study'][:3])}）")
    return out[:3]
