"""The defense question bank: every 二级/一级 skill item covered, rubrics sum to 100, locators real."""

from collections import Counter
from pathlib import Path

import pytest

from assistant.panel.bank import KINDS, load_bank


@pytest.fixture(scope="module")
def bank(project_root):
    return load_bank(project_root / "corpus" / "questions")


def test_every_skill_item_of_both_levels_has_a_question(bank, standard):
    asked = {(q.content, q.locator, q.skill) for q in bank}
    required = {(c.locator, s.locator, s.text) for lv in standard.levels if lv.section in ("3.3", "3.4")
                for f in lv.functions for c in f.contents for s in c.skills}
    assert len(required) == 91 + 77
    missing = sorted(required - asked)
    assert not missing, "没有题目的技能要求：" + "；".join(f"{c} {loc} {t}" for c, loc, t in missing)


def test_questions_well_formed(bank, standard):
    known = standard.all_locators()
    ids = Counter(q.id for q in bank)
    assert not [i for i, n in ids.items() if n > 1]
    texts = Counter(q.question for q in bank)
    assert not [t for t, n in texts.items() if n > 1]
    for q in bank:
        assert q.kind in KINDS, q.id
        assert 3 <= len(q.rubric) <= 6 and sum(p.weight for p in q.rubric) == 100, q.id
        assert all(p.point.strip() and p.weight > 0 for p in q.rubric), q.id
        assert 1 <= len(q.followups) <= 3 and q.outline, q.id
        assert q.locator in known and q.content in known, q.id
        assert all(c in known or c.startswith("R:") for c in q.covers), (q.id, q.covers)
        assert q.level in ("二级/技师", "一级/高级技师") and q.locator.startswith({"二级/技师": "3.3/", "一级/高级技师": "3.4/"}[q.level])


def test_note_citations_exist(bank, project_root):
    slugs = {p.stem for p in (project_root / "corpus" / "reference").glob("*.md")}
    bad = [(q.id, c) for q in bank for c in q.covers if c.startswith("R:") and c[2:] not in slugs]
    assert not bad, bad


@pytest.mark.parametrize("level", ["二级/技师", "一级/高级技师"])
def test_real_bank_plans_follow_weights(bank, standard, level):
    from assistant.panel.personas import make_panel
    from assistant.panel.planner import make_plan

    weights = standard.weights["skill"][level]
    for seed in range(200):
        shares = make_plan(standard, bank, level, 30, 8, make_panel(3), seed).function_shares()
        assert all(abs(shares[f] - w) <= 5 for f, w in weights.items()), (seed, shares)


def test_misconception_patterns_state_their_wrong_examples_and_none_of_the_fine_ones():
    """Every bank misconception's patterns, applied as the scorer applies them, match each of its `wrong`
    example sentences and none of its `fine` ones (evals/check_misconceptions.py)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    run = subprocess.run([sys.executable, "evals/check_misconceptions.py"], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]
