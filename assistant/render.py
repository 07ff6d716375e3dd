"""Plain-text and JSON views of the standard and of search hits (no CLI framework here)."""

from __future__ import annotations

from .standard.model import Level, Standard
from .types import Hit


def standard_json(standard: Standard, levels: list[Level]) -> dict:
    return {
        "levels": [
            {"level": lv.name, "functions": [
                {"no": f.no, "name": f.name, "contents": [
                    {"no": c.no, "name": c.name,
                     "skills": [{"code": i.code, "text": i.text} for i in c.skills],
                     "knowledge": [{"code": i.code, "text": i.text} for i in c.knowledge]}
                    for c in f.contents]}
                for f in lv.functions]}
            for lv in levels],
        "weights": standard.weights,
        "anomalies": [{"locator": a.locator, "kind": a.kind, "detail": a.detail} for a in standard.anomalies],
    }


def percent_text(value: int | None) -> str:
    """A weight as printed: the number, or “—” where the table has none."""
    return "—" if value is None else str(value)


def standard_tree(standard: Standard, levels: list[Level]) -> str:
    out = []
    for lv in levels:
        f, c, s, k = lv.counts()
        out.append(f"{lv.section} {lv.name}（职业功能 {f}，工作内容 {c}，技能要求 {s}，相关知识要求 {k}）")
        for fn in lv.functions:
            theory = percent_text(standard.weight("theory", lv.name, fn.name))
            skill = percent_text(standard.weight("skill", lv.name, fn.name))
            out.append(f"  {fn.no}. {fn.name}  [理论 {theory}% / 技能 {skill}%]")
            for ct in fn.contents:
                out.append(f"    {ct.no} {ct.name}")
                out += [f"      · {i.code} {i.text}" for i in ct.skills]
                out += [f"      ◦ {i.code or '（无编号）'} {i.text}" for i in ct.knowledge]
    out.append("")
    out.append("源文本异常（已如实记录）：")
    out += [f"  - {a.locator}：{a.detail}" for a in standard.anomalies]
    return "\n".join(out)


def hits_text(hits: list[Hit], width: int = 160) -> str:
    if not hits:
        return "没有找到相关内容。"
    out = []
    for h in hits:
        covers = f"  涵盖：{'、'.join(h.chunk.covers)}" if h.chunk.covers else ""
        text = h.chunk.text.replace("\n", " ")
        out.append(f"{h.rank}. [{h.chunk.locator}] {h.chunk.title}  (得分 {h.score:.4f}){covers}\n   "
                   + (text[:width] + ("…" if len(text) > width else "")))
    return "\n".join(out)


def history_text(data: dict) -> str:
    if not data["sessions"] and not data["quizzes"]:
        return "还没有成绩记录。用 assistant defend 或 assistant quiz 开始练习。"
    out = []
    for s in data["sessions"]:
        fns = "，".join(f"{k} {v}" for k, v in s["functions"].items())
        out.append(f"{s['date']}｜{s['level']}｜总分 {s['total']}（{'通过' if s['passed'] else '未通过'}）｜{fns}")
    by_fn: dict[str, list[float]] = {}
    for s in data["sessions"]:
        for fn, v in s["functions"].items():
            by_fn.setdefault(fn, []).append(v)
    out += [f"趋势 {fn}：" + " → ".join(f"{v:.0f}" for v in values) for fn, values in by_fn.items()]
    if data["quizzes"]:
        mean = sum(q["score"] for q in data["quizzes"]) / len(data["quizzes"])
        out.append(f"测验 {len(data['quizzes'])} 次，平均 {mean:.0f} 分。")
    return "\n".join(out)
