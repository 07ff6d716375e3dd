"""Check every bank misconception's patterns against its own examples.

Each misconception may carry `examples: {wrong: [...], fine: [...]}`: sentences a candidate might say that
state the misconception, and correct sentences on the same subject (the correction, a negated or taught
form: "光签保密协议不够", "有人以为…，其实…"). The patterns must state every `wrong` sentence and none of
the `fine` ones, exactly as the scorer applies them (matching form, negation guard).

Usage: python evals/check_misconceptions.py [--file corpus/questions/x.yaml] [--id q1-5.2.1]
Prints each failure and exits 1 if any.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from assistant.scoring.facts import states
from assistant.scoring.units import matching_form, pattern_form

BANK = Path(__file__).resolve().parent.parent / "corpus" / "questions"


def failures(question: dict) -> list[str]:
    out = []
    for n, m in enumerate(question.get("misconceptions") or ()):
        try:
            pats = [re.compile(pattern_form(p)) for p in m.get("patterns") or ()]
        except re.error as exc:
            out.append(f"{question['id']} 误区{n + 1}: 正则无法编译：{exc}")
            continue
        ex = m.get("examples") or {}
        for text in ex.get("wrong") or ():
            if states(pats, matching_form(text)) is None:
                out.append(f"{question['id']} 误区{n + 1}: 漏判 wrong：{text}")
        for text in [m.get("right", "")] + list(ex.get("fine") or ()):
            if text and states(pats, matching_form(text)) is not None:
                out.append(f"{question['id']} 误区{n + 1}: 误判 fine：{text}")
    return out


def bank_questions(files: list[Path]) -> list[dict]:
    out = []
    for f in files:
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        out += data if isinstance(data, list) else data.get("questions", [])
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", action="append", type=Path)
    ap.add_argument("--id")
    args = ap.parse_args()
    qs = bank_questions(args.file or sorted(BANK.glob("*.yaml")))
    if args.id:
        qs = [q for q in qs if q["id"] == args.id]
    bad = [f for q in qs for f in failures(q)]
    print("\n".join(bad) if bad else f"全部通过：{len(qs)} 题")
    counts = [len((m.get("examples") or {}).get(k) or ()) for q in qs for m in q.get("misconceptions") or ()
              for k in ("wrong", "fine")]
    print(f"例句：{sum(counts)} 句")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
