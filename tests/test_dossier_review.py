"""材料审阅 on blind-written dossiers (evals/datasets/dossiers_fit, graded by an examiner): the behaviours an
examiner expects, not the fitted numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.panel.dossier import extract_claims, read_dossier
from assistant.panel.dossier_review import arithmetic_slips, assess_statement, review_dossier

FIT = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "dossiers_fit"


@pytest.fixture(scope="module")
def review(fake_app):
    def _review(name: str, level: str):
        text = read_dossier(FIT / name)
        return review_dossier(text, extract_claims(text), fake_app.panel.skills.match(text, level))

    return _review


def test_stated_changes_are_checked_against_their_own_figures():
    assert arithmetic_slips("DSO从105天降至80天，缩短了30天") and arithmetic_slips("逾期金额由3200万元降到2400万元，下降了40%")
    assert not arithmetic_slips("DSO从78天降到55天，缩短了23天") and not arithmetic_slips("坏账率由2.1%下降至0.8%，下降了1.3个百分点")


def test_solid_credit_work_outranks_sales_boilerplate_and_wrong_figures(review):
    solid = review("f2-solid.md", "二级/技师")
    for weak in (review("f2-salesy.md", "二级/技师"), review("f2-boiler-figures.md", "二级/技师")):
        assert weak.score < solid.score - 25
    arith = review("f1-arith.md", "一级/高级技师")
    assert sum(f.startswith("数字矛盾") for f in arith.findings) >= 2
    assert all(loc.startswith(("3.3/", "3.4/")) for loc in solid.locators) and solid.locators


def test_operational_work_is_not_first_level_work(review):
    low = review("f1-lowlevel.md", "一级/高级技师")
    strategy = review("f1-strategy.md", "一级/高级技师")
    assert low.parts["与本级技能要求相关"] < 50 <= strategy.parts["与本级技能要求相关"]
    assert any("更低等级" in f for f in low.findings)


def test_statement_that_presents_the_figures_beats_one_that_does_not():
    claims = ["DSO从78天降到55天", "坏账率由0.62%降至0.21%"]
    good = assess_statement("首先介绍背景。其次是做法。最后是成效：DSO从78天降到55天，坏账率由0.62%降到0.21%。",
                            300, 450, claims)
    poor = assess_statement("我觉得信用管理很重要，我们公司一直很重视。", 40, 450, claims)
    assert good["score"] > poor["score"] + 40
