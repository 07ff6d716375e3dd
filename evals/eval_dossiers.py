"""材料审阅 against an examiner's blind marks: each dossier in evals/datasets/dossiers/ is reviewed as the panel
does at the start of a defense, each statement is assessed, and both are compared with dossier_grades.json
(written by an examiner who never saw this code's output). Measured only: nothing here is fitted.

Usage: .venv/bin/python evals/eval_dossiers.py [--set check|fit] [--profile test]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from scipy.stats import spearmanr

from assistant.app import App
from assistant.config import load_settings
from assistant.panel.dossier import extract_claims, probes_for, read_dossier
from assistant.panel.dossier_review import assess_statement, review_dossier

DATA = Path(__file__).resolve().parent / "datasets"
LEVELS = {"1": "一级/高级技师", "2": "二级/技师"}  # d1-…, f2-…: the level applied for
SETS = {"check": ("dossiers", "dossier_grades.json"), "fit": ("dossiers_fit", "dossier_fit_grades.json")}
STATEMENT_S = 450  # the statement slot of a 30-minute review (7.5 minutes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", default=None)
    parser.add_argument("--set", choices=("check", "fit"), default="check",
                        help="check: dossiers/ (never fitted on); fit: dossiers_fit/ (the constants were set on it)")
    args = parser.parse_args()
    app = App(load_settings(args.profile))
    folder, grade_file = SETS[args.set]
    grades = json.loads((DATA / grade_file).read_text(encoding="utf-8"))
    rows, claims_of = [], {}
    for name, graded in grades["dossiers"].items():
        level = LEVELS[name[1]]
        text = read_dossier(DATA / folder / name)
        claims = extract_claims(text)
        probes = probes_for(claims, app.retriever(), app.tokenizer, app.standard, level)
        review = review_dossier(text, claims, app.panel.skills.match(text, level))
        claims_of[name] = review.claims
        rows.append((name, graded["mark"], review.score, review.parts, review.locators, len(probes)))
    print("| 材料 | 考官 | 本系统 | 结构 | 成效 | 相关 | 具体 | 技能条目 | 可追问 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, mark, score, parts, locs, n in rows:
        print(f"| {name} | {mark} | {score} | " + " | ".join(f"{v:.0f}" for v in parts.values())
              + f" | {'、'.join(locs)} | {n} |")
    rho = spearmanr([r[1] for r in rows], [r[2] for r in rows]).statistic
    print(f"\n材料审阅：Spearman {rho:.2f}，平均绝对误差 {sum(abs(r[1] - r[2]) for r in rows) / len(rows):.1f}")
    said = []
    for s in grades.get("statements", []):
        line = next(x for x in _statements() if x["dossier"] == s["dossier"] and x["kind"] == s["kind"])
        got = assess_statement(line["text"], line["seconds"], STATEMENT_S, claims_of[s["dossier"]])["score"]
        said.append((s["mark"], got))
        print(f"陈述 {s['dossier']} {s['kind']}: 考官 {s['mark']} / 本系统 {got}")
    if not said:
        return
    rho = spearmanr([a for a, _ in said], [b for _, b in said]).statistic
    print(f"陈述：Spearman {rho:.2f}，平均绝对误差 {sum(abs(a - b) for a, b in said) / len(said):.1f}")


def _statements() -> list[dict]:
    lines = (DATA / "dossiers" / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines if x.strip()]


if __name__ == "__main__":
    main()
