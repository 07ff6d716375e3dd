"""Session report: Markdown and a standalone HTML page (inline SVG charts, no network needed)."""

from __future__ import annotations

import html
import math

from .panel.wording import duration_text

MARKS = {"covered": "✓ 覆盖", "partly": "△ 部分", "missing": "✗ 缺失", "wrong": "✗ 错误"}


def point_line(p: dict) -> str:
    """One rubric point as the candidate reads it: status, point, and the words that earned it, verbatim."""
    line = f"{MARKS.get(p['status'], p['status'])} {p['point']}（{p['weight']} 分）"
    if p.get("error"):
        return f"{line} —— {p['error']}"
    return line + (f" —— 证据：「{p['evidence']}」" if p.get("evidence") and p["status"] != "missing" else "")


def _reviewer_lines(rec: dict) -> list[str]:
    out = []
    for r in rec["scores"]["reviewers"]:
        parts = f"答辩 {r['defense']}" + (f"、材料 {r['dossier']}" if r["dossier"] is not None else "")
        out.append(f"{r['name']}（{r['role']}）{r['total']} 分（{parts}）：{r['why']}")
    return out


def _score_cell(item: dict) -> str:
    return "未覆盖" if item["score"] is None else f"{item['score']}"


def _dossier_lines(rec: dict) -> list[str]:
    review, said = rec["dossier_review"], rec["statement_review"]
    if review is None:
        return ["未提交申报材料：本场不评材料部分（不是 0 分），总分即答辩部分。"]
    lines = [f"材料部分 {rec['scores']['dossier']} 分：申报材料审阅 {review['score']} 分（"
             + "，".join(f"{k} {v}" for k, v in review["parts"].items()) + f"），个人陈述 {said['score']} 分。"]
    lines += review["findings"] + said["notes"]
    return lines


def markdown(rec: dict) -> str:
    kind = "练习" if rec["practice"] else "正式"
    scores = rec["scores"]
    lines = [f"# 模拟综合评审报告（{rec['level']}，{kind}）", "",
             f"- 场次：{rec['id']}　时长：{rec['minutes']} 分钟　用时：{duration_text(rec['elapsed_s'])}",
             f"- 总分：**{rec['total']}**（{rec['band']}，{'通过' if rec['passed'] else '未通过'}）",
             f"- 答辩部分：{scores['defense']}　材料部分：{'未评（未提交申报材料）' if scores['dossier'] is None else scores['dossier']}",
             f"- 评委给分（相差 {scores['spread']} 分）：", *[f"  - {x}" for x in _reviewer_lines(rec)],
             f"- {rec['rule']}", *([f"- {rec['scorer']}"] if rec.get("scorer") else []), ""]
    if not rec["finished"]:
        lines[1:1] = ["", "> 本场尚未结束，以下为目前的进度。"]
    lines += ["## 三个优先改进点", ""] + [f"{n}. {p}" for n, p in enumerate(rec["priorities"], 1)]
    lines += ["", "## 材料审阅与个人陈述", ""] + [f"- {x}" for x in _dossier_lines(rec)]
    lines += ["", "## 维度得分", ""] + [f"- {k}：{v}" for k, v in rec["dimensions"].items()]
    lines += ["", "## 各职业功能（计划时间占比 / 得分）", ""]
    lines += [f"- {f['function']}：{f['share']}% / {'未问到' if f['score'] is None else f['score']}"
              for f in rec["functions"]]
    lines += ["", "## 逐题反馈", ""]
    for item in rec["items"]:
        lines.append(f"### {item['n']}. {item['text']}（{item['function']}，{item['status_text']}，"
                     f"得分 {_score_cell(item)}，计划 {duration_text(item['weight_s'])}）")
        if item["marks"]:
            lines.append("- 各评委：" + "，".join(f"{k} {v}" for k, v in item["marks"].items()))
        lines += [f"- {point_line(p)}" for p in item["points"]] or [f"- ✗ {p}（{w} 分）" for p, w in item["missing"]]
        if item["outline"]:
            lines.append("- 参考要点：" + "；".join(item["outline"]))
        lines.append("- 复习：" + "、".join(item["study"]))
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


def _timeline_svg(rows: list[dict], total_s: float) -> str:
    scale = 560 / max(total_s, 1)
    colors = {"陈述": "#7c3aed", "提问": "#2563eb", "追问": "#f59e0b"}
    out = ['<svg width="600" height="70" role="img" aria-label="时间线">']
    for row in rows:
        label, start, end = row["label"], row["start_s"], row["end_s"] or row["start_s"]
        pace = round(row["chars"] / max(1.0, row["speech_s"] or (end - start)) * 60)
        out.append(f'<rect x="{start * scale:.1f}" y="10" width="{max(2, (end - start) * scale):.1f}" height="24" '
                   f'fill="{colors.get(label, "#999")}"><title>{label} {start:.0f}–{end:.0f} 秒，{pace} 字/分钟</title></rect>')
    out.append(f'<text x="0" y="55" font-size="12">0</text><text x="540" y="55" font-size="12">{total_s / 60:.0f} 分钟</text>')
    return "".join(out) + "</svg>"


def _item_html(item: dict) -> str:
    points = "".join(f"<li class={'ok' if p['status'] == 'covered' else 'miss'}>{html.escape(point_line(p))}</li>"
                     for p in item["points"]) or "".join(f"<li class=miss>✗ {html.escape(p)}（{w} 分）</li>"
                                                         for p, w in item["missing"])
    marks = "，".join(f"{html.escape(k)} {v}" for k, v in item["marks"].items())
    outline = f"<p><b>参考要点：</b>{html.escape('；'.join(item['outline']))}</p>" if item["outline"] else ""
    return (f"<section><h3>{item['n']}. {html.escape(item['text'])}</h3><p>{html.escape(item['function'])}｜"
            f"{html.escape(item['status_text'])}｜得分 {_score_cell(item)}｜计划 {duration_text(item['weight_s'])}"
            + (f"｜各评委：{marks}" if marks else "") + f"</p><ul>{points}</ul>{outline}"
            f"<p><b>复习：</b>{html.escape('、'.join(item['study']))}</p></section>")


def html_page(rec: dict) -> str:
    scores = rec["scores"]
    kind = "练习" if rec["practice"] else "正式"
    body = "".join(f"<li>{html.escape(p)}</li>" for p in rec["priorities"])
    reviewers = "".join(f"<li>{html.escape(x)}</li>" for x in _reviewer_lines(rec))
    dossier = "".join(f"<li>{html.escape(x)}</li>" for x in _dossier_lines(rec))
    functions = [(f["function"], f["share"], f["score"] or 0.0) for f in rec["functions"]]
    pending = "" if rec["finished"] else "<p><b>本场尚未结束，以下为目前的进度。</b></p>"
    dossier_score = "未评（未提交申报材料）" if scores["dossier"] is None else scores["dossier"]
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>模拟综合评审报告</title>
<style>body{{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;max-width:860px;margin:24px auto;
color:#111}} .ok{{color:#166534}} .miss{{color:#b91c1c}} section{{border-top:1px solid #eee;padding:6px 0}}
.total{{font-size:28px;font-weight:700}} .rule{{color:#444;font-size:13px}}</style></head><body>
<h1>模拟综合评审报告（{html.escape(rec['level'])}，{kind}）</h1>{pending}
<p class="total">总分 {rec['total']}（{rec['band']}，{'通过' if rec['passed'] else '未通过'}）</p>
<p>答辩部分 {scores['defense']}｜材料部分 {dossier_score}｜用时 {duration_text(rec['elapsed_s'])}｜场次 {rec['id']}</p>
<h2>评委给分（相差 {scores['spread']} 分）</h2><ul>{reviewers}</ul>
<p class="rule">{html.escape(rec['rule'])}</p>
<p class="rule">{html.escape(rec.get('scorer', ''))}</p>
<h2>三个优先改进点</h2><ol>{body}</ol>
<h2>材料审阅与个人陈述</h2><ul>{dossier}</ul>
<h2>维度得分</h2>{_radar(rec['dimensions'])}
<h2>各职业功能：得分与技能要求权重</h2>{_bars(functions)}
<h2>答辩时间线（悬停可见语速）</h2>{_timeline_svg(rec['timeline'], rec['minutes'] * 60)}
<h2>逐题反馈</h2>{''.join(_item_html(i) for i in rec['items'])}
</body></html>"""
