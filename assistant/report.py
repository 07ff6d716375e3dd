"""Session report: Markdown and a standalone HTML page (inline SVG charts, no network needed)."""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass

from .panel.session import Session
from .scoring import DIMENSIONS


@dataclass
class QuestionView:
    text: str
    function: str
    score: float | None
    covered: list[tuple[str, str]]  # (point, evidence)
    missing: list[tuple[str, int]]  # (point, weight): every point not fully covered
    points: list[dict]  # per rubric point: status (covered|partly|missing|wrong), point, weight, evidence, error
    outline: list[str]
    study: list[str]  # locators to study (notes first)


def _views(session: Session) -> list[QuestionView]:
    views = []
    for n, item in enumerate(session.plan.items):
        turns = [t for t in session.turns if t["item"] == n]
        detail = json.loads(turns[-1]["detail_json"] or "{}") if turns else {}
        points = detail.get("points", [])
        covered = [(p["point"], p["evidence"]) for p in points if p["status"] == "covered"]
        missing = [(p["point"], p["weight"]) for p in points if p["status"] != "covered"] if turns else \
            [(p.point, p.weight) for p in item.rubric]
        q = item.question
        study = sorted(q.covers, key=lambda c: not c.startswith("R:")) if q else [item.locator]
        views.append(QuestionView(item.text, item.function, turns[-1]["score"] if turns else None, covered, missing,
                                  points, list(q.outline) if q else [], study))
    return views


def _dimensions(session: Session) -> dict[str, float]:
    dims = [json.loads(t["detail_json"] or "{}").get("dimensions") for t in session.turns if t["item"] is not None]
    dims = [d for d in dims if d]
    return {d: round(sum(x[d] for x in dims) / len(dims), 1) if dims else 0.0 for d in DIMENSIONS}


def _by_function(session: Session, views: list[QuestionView]) -> list[tuple[str, float, float]]:
    """(function, planned share %, mean score of its questions)."""
    shares = session.plan.function_shares()
    out = []
    for fn, share in shares.items():
        scores = [v.score or 0.0 for v in views if v.function == fn]
        out.append((fn, round(share, 1), round(sum(scores) / len(scores), 1) if scores else 0.0))
    return out


def _priorities(views: list[QuestionView]) -> list[str]:
    """Three things to work on: wrong statements first, then the heaviest missed points of the weakest
    questions, with where to study."""
    wrong = [f"{p['error']}（{v.function}）" for v in views for p in v.points if p.get("error")]
    ranked = sorted(((w * (100 - (v.score or 0)), p, v) for v in views for p, w in v.missing), key=lambda x: -x[0])
    out, seen = wrong[:3], set()
    for _, point, v in ranked:
        if point in seen:
            continue
        seen.add(point)
        out.append(f"{point}（{v.function}；复习：{'、'.join(v.study[:3])}）")
        if len(out) >= 3:
            break
    return out[:3]


MARKS = {"covered": "✓ 覆盖", "partly": "△ 部分", "missing": "✗ 缺失", "wrong": "✗ 错误"}


def point_line(p: dict) -> str:
    """One rubric point as the candidate reads it: status, point, and the words that earned it, verbatim."""
    line = f"{MARKS.get(p['status'], p['status'])} {p['point']}（{p['weight']} 分）"
    if p.get("error"):
        return f"{line} —— {p['error']}"
    return line + (f" —— 证据：「{p['evidence']}」" if p.get("evidence") and p["status"] != "missing" else "")


def _timeline(session: Session) -> list[tuple[str, float, float, float]]:
    """(label, start_s, end_s, characters per minute) per turn."""
    out = []
    for t in session.turns:
        span = max(1.0, (t["ended_s"] or t["started_s"]) - t["started_s"])
        label = {"statement": "陈述", "question": "提问", "followup": "追问"}.get(t["kind"], t["kind"])
        out.append((label, t["started_s"], t["ended_s"] or t["started_s"], round(len(t["answer"] or "") / span * 60)))
    return out


def markdown(session: Session) -> str:
    rec, views = session.record(), _views(session)
    lines = [f"# 模拟综合评审报告（{rec['level']}）", "",
             f"- 场次：{rec['id']}　用时：{rec['elapsed_s'] / 60:.1f} 分钟",
             f"- 总分：**{rec['total']}**（{rec['band']}，{'通过' if rec['passed'] else '未通过'}）",
             "- 评委给分：" + "，".join(f"{k} {v}" for k, v in rec["scores"]["by_reviewer"].items()), "",
             "## 三个优先改进点", ""]
    lines += [f"{n}. {p}" for n, p in enumerate(_priorities(views), 1)]
    lines += ["", "## 维度得分", ""] + [f"- {k}：{v}" for k, v in _dimensions(session).items()]
    lines += ["", "## 各职业功能（计划时间占比 / 得分）", ""]
    lines += [f"- {fn}：{share}% / {score}" for fn, share, score in _by_function(session, views)]
    lines += ["", "## 逐题反馈", ""]
    for n, v in enumerate(views, 1):
        lines.append(f"### {n}. {v.text}（{v.function}，得分 {v.score if v.score is not None else '未提问'}）")
        lines += [f"- {point_line(p)}" for p in v.points] or [f"- ✗ {p}（{w} 分）" for p, w in v.missing]
        if v.outline:
            lines.append("- 参考要点：" + "；".join(v.outline))
        lines.append("- 复习：" + "、".join(v.study))
        lines.append("")
    return "\n".join(lines)


def _radar(dims: dict[str, float], size: int = 260, margin: int = 90) -> str:
    c, r = size / 2, size / 2 - 40
    width = size + 2 * margin  # room for the axis labels left and right
    axes = list(dims)
    pt = [(margin + c + r * v / 100 * math.sin(2 * math.pi * i / len(axes)), c - r * v / 100 * math.cos(2 * math.pi * i / len(axes)))
          for i, v in enumerate(dims.values())]
    grid = "".join(f'<circle cx="{margin + c}" cy="{c}" r="{r * k / 4}" fill="none" stroke="#ddd"/>' for k in range(1, 5))
    labels = "".join(
        f'<text x="{margin + c + (r + 18) * math.sin(2 * math.pi * i / len(axes))}" y="{c - (r + 18) * math.cos(2 * math.pi * i / len(axes)) + 5}" '
        f'text-anchor="middle" font-size="13">{html.escape(a)} {dims[a]:.0f}</text>' for i, a in enumerate(axes))
    poly = " ".join(f"{x:.1f},{y:.1f}" for x, y in pt)
    return (f'<svg width="{width}" height="{size}" role="img" aria-label="维度雷达图">{grid}{labels}'
            f'<polygon points="{poly}" fill="rgba(37,99,235,.35)" stroke="#2563eb"/></svg>')


def _bars(rows: list[tuple[str, float, float]]) -> str:
    h = 30 * len(rows) + 20
    out = [f'<svg width="560" height="{h}" role="img" aria-label="职业功能得分与权重">']
    for i, (fn, share, score) in enumerate(rows):
        y = 10 + 30 * i
        out.append(f'<text x="0" y="{y + 14}" font-size="13">{html.escape(fn)}</text>')
        out.append(f'<rect x="150" y="{y}" width="{score * 3:.0f}" height="12" fill="#16a34a"/>')
        out.append(f'<rect x="150" y="{y + 13}" width="{share * 3:.0f}" height="6" fill="#9ca3af"/>')
        out.append(f'<text x="{160 + max(score, share) * 3:.0f}" y="{y + 12}" font-size="12">得分 {score:.0f}｜权重 {share:.0f}%</text>')
    return "".join(out) + "</svg>"


def _timeline_svg(rows: list[tuple[str, float, float, float]], total_s: float) -> str:
    scale = 560 / max(total_s, 1)
    colors = {"陈述": "#7c3aed", "提问": "#2563eb", "追问": "#f59e0b"}
    out = ['<svg width="600" height="70" role="img" aria-label="时间线">']
    for label, start, end, pace in rows:
        out.append(f'<rect x="{start * scale:.1f}" y="10" width="{max(2, (end - start) * scale):.1f}" height="24" '
                   f'fill="{colors.get(label, "#999")}"><title>{label} {start:.0f}–{end:.0f} 秒，{pace} 字/分钟</title></rect>')
    out.append(f'<text x="0" y="55" font-size="12">0</text><text x="540" y="55" font-size="12">{total_s / 60:.0f} 分钟</text>')
    return "".join(out) + "</svg>"


def html_page(session: Session) -> str:
    rec, views = session.record(), _views(session)
    body = "".join(f"<li>{html.escape(p)}</li>" for p in _priorities(views))
    questions = []
    for n, v in enumerate(views, 1):
        items = "".join(f"<li class={'ok' if p['status'] == 'covered' else 'miss'}>{html.escape(point_line(p))}</li>"
                        for p in v.points) or "".join(f"<li class=miss>✗ {html.escape(p)}（{w} 分）</li>" for p, w in v.missing)
        outline = f"<p><b>参考要点：</b>{html.escape('；'.join(v.outline))}</p>" if v.outline else ""
        questions.append(f"<section><h3>{n}. {html.escape(v.text)}</h3><p>{html.escape(v.function)}｜得分 "
                         f"{v.score if v.score is not None else '未提问'}</p><ul>{items}</ul>{outline}"
                         f"<p><b>复习：</b>{html.escape('、'.join(v.study))}</p></section>")
    reviewers = "，".join(f"{html.escape(k)} {v}" for k, v in rec["scores"]["by_reviewer"].items())
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>模拟综合评审报告</title>
<style>body{{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;max-width:860px;margin:24px auto;
color:#111}} .ok{{color:#166534}} .miss{{color:#b91c1c}} section{{border-top:1px solid #eee;padding:6px 0}}
.total{{font-size:28px;font-weight:700}}</style></head><body>
<h1>模拟综合评审报告（{html.escape(rec['level'])}）</h1>
<p class="total">总分 {rec['total']}（{rec['band']}，{'通过' if rec['passed'] else '未通过'}）</p>
<p>评委给分：{reviewers}｜用时 {rec['elapsed_s'] / 60:.1f} 分钟｜场次 {rec['id']}</p>
<h2>三个优先改进点</h2><ol>{body}</ol>
<h2>维度得分</h2>{_radar(_dimensions(session))}
<h2>各职业功能：得分与技能要求权重</h2>{_bars(_by_function(session, views))}
<h2>答辩时间线（悬停可见语速）</h2>{_timeline_svg(_timeline(session), session.limit_s)}
<h2>逐题反馈</h2>{''.join(questions)}
</body></html>"""
