"""Reference notes: format, coverage of every 二级/一级 knowledge item, 基础知识 and 守则, one definition per term."""

import re

import pytest

from assistant.ingest.notes import load_notes, note_chunks

LEVELS = {"四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"}


@pytest.fixture(scope="module")
def notes(project_root):
    return load_notes(project_root / "corpus" / "reference")


def test_notes_well_formed(notes, standard):
    assert len(notes) >= 60
    known = standard.all_locators()
    slugs = {n.slug for n in notes}
    assert len(slugs) == len(notes)
    for n in notes:
        assert n.path.stem == n.slug, n.path
        assert 300 <= len(n.body) <= 1400, (n.slug, len(n.body))  # 300–1,200 chars of text plus Markdown marks
        assert n.covers and set(n.covers) <= known, (n.slug, set(n.covers) - known)
        assert n.levels and set(n.levels) <= LEVELS, n.slug
        assert set(n.related) <= slugs, (n.slug, set(n.related) - slugs)
        assert re.search(r"\d", n.body), f"{n.slug}: no example or figure"
        assert len(note_chunks(n)) >= 2, n.slug


def test_coverage_of_knowledge_items_basics_and_code(notes, standard):
    covered = {c for n in notes for c in n.covers}
    required = {i.locator for lv in standard.levels if lv.section in ("3.3", "3.4")
                for f in lv.functions for c in f.contents for i in c.knowledge}
    assert len(required) == 133
    required |= {f"2.2.{n}" for n in range(1, 6)} | {"2.1.2"} | {f"2.1.2.{n}" for n in range(1, 16)}
    uncovered = sorted(required - covered)
    assert not uncovered, "未被任何参考笔记覆盖：" + "、".join(uncovered)


# Canonical statements (README: one term, one definition). Any note that states the formula must use it.
CANONICAL = [
    # (a symbolic definition line: the right side starts with words, not numbers; the canonical right side)
    (r"(?<![\u4e00-\u9fffA-Za-z])DSO[^=＝\d]{0,16}[=＝]\s*[\u4e00-\u9fff]", "期末应收账款余额 ÷ 该期赊销收入 × 该期天数"),
    (r"(?<![\u4e00-\u9fff])坏账率\s*[=＝]\s*[\u4e00-\u9fff]", "本期核销"),
    (r"Z\s*[=＝]\s*1\.2\s*X1", "1.2X1 + 1.4X2 + 3.3X3 + 0.6X4 + 1.0X5"),
    (r"(?<![\u4e00-\u9fff])营运资产\s*[=＝]\s*[（(]\s*营运资金", "(营运资金 + 净资产) ÷ 2"),
]


@pytest.mark.parametrize("pattern,canonical", CANONICAL)
def test_key_formulas_consistent(notes, pattern, canonical):
    def squash(s):
        return re.sub(r"[\s*（）()]", "", s)

    stated = [(n.slug, line) for n in notes for line in n.body.splitlines() if re.search(pattern, line)]
    assert stated, f"no note states {canonical}"
    bad = [(slug, line) for slug, line in stated if squash(canonical) not in squash(line)]
    assert not bad, bad


def test_cash_discount_cost_is_the_same_everywhere(notes):
    mentions = [n.slug for n in notes if "2/10" in n.body and "n/30" in n.body.lower()]
    assert mentions
    for n in notes:
        for m in re.findall(r"(\d{2}\.\d{1,2})\s*%", n.body):
            if n.slug in mentions and m.startswith("36."):
                assert m == "36.73", (n.slug, m)
