"""The legal figure a question is about (corpus/facts/numbers.yaml) is said with its note, once."""

import pytest

from assistant.config import PROJECT_ROOT
from assistant.scoring.canon import CanonBook
from assistant.tutor.figures import asked_figures, figure_lines
from assistant.types import Chunk, Hit

FIGURES = tuple(CanonBook.load(PROJECT_ROOT / "corpus" / "facts").figures)
NOTE = "R:cr-credit-record-modification-law"


def _hits(*locators: str) -> list[Hit]:
    return [Hit(rank=n + 1, score=1.0, chunk=Chunk(id=loc, locator=loc, title="", text="…", kind="note"))
            for n, loc in enumerate(locators)]


def test_subject_and_aspect_said_and_note_retrieved():
    found = asked_figures(FIGURES, "客户的逾期记录还清了，要求我们删掉，能删吗", _hits(NOTE))
    assert [f.id for f in found] == ["negative-info-retention"]
    assert figure_lines(found, "第一行")[0].endswith(f"〔{NOTE}〕。")


@pytest.mark.parametrize("question,locators", [
    ("逾期记录是什么意思", (NOTE,)),  # no aspect of the figure asked
    ("客户投诉一般怎么处理", ("R:ar-collection-laws",)),  # its note was not reached, and 投诉 is too general
])
def test_no_figure_without_aspect_or_note(question, locators):
    assert asked_figures(FIGURES, question, _hits(*locators)) == []


def test_one_clause_with_a_specific_subject_says_what_is_asked_without_the_note():
    found = asked_figures(FIGURES, "还清六七年了 领导说逾期记录别删一直留着 这样合规吗", _hits("R:cl-blacklist-system"))
    assert [f.id for f in found] == ["negative-info-retention"]
    assert asked_figures(FIGURES, "逾期记录在系统里 领导说别删", _hits("R:cl-blacklist-system")) == []  # two clauses


def test_a_figure_the_answer_already_states_is_not_repeated():
    found = asked_figures(FIGURES, "不良信息保存多久，到期删除吗", _hits(NOTE))
    assert figure_lines(found, f"答：{found[0].right}") == []


@pytest.mark.slow
def test_the_tutor_says_the_figure_with_its_note(real_indexed_app):
    ans = real_indexed_app.ask("有个个人客户的逾期记录已经过了5年，他来要求删掉。我们删了算不算违反守则里“不擅自更改客户信用记录”那条？")
    assert ans.answer.count("超过5年的应当删除") == 1 and NOTE in {c["locator"] for c in ans.citations}
