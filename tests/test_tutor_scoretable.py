"""A note's points table worked with the case the question describes."""

from types import SimpleNamespace

from assistant.tutor.scoretable import score_tables

BODY = """## 催收难度评分因素
| 因素 | 低难度（1分） | 中（2分） | 高（3分） | 权重 |
|---|---|---|---|---|
| 逾期天数 | ≤30天 | 31–90天 | >90天 | 25% |
| 偿付能力 | 经营正常 | 资金紧张 | 涉诉被执行、停产 | 25% |
| 偿付意愿 | 承认并承诺 | 推诿拖延 | 否认、失联 | 20% |
| 争议与证据 | 无争议、单据齐全 | 小额争议 | 质量纠纷、缺签收单 | 15% |
| 金额与担保 | 小额或有担保 | 中等 | 大额无担保 | 15% |

加权得分低于 1.7 为A级（易），1.7 至低于 2.4 为B级（一般），2.4–3.0 为C级（难）。
"""
TABLE = score_tables([SimpleNamespace(slug="demo", body=BODY)])[0]


def test_the_table_and_its_grades_are_read():
    assert TABLE.points == (1, 2, 3) and len(TABLE.rows) == 5 and TABLE.rows[0].weight == 0.25
    assert [g for _, g in TABLE.grades] == ["A", "B", "C"]


def test_the_case_is_graded_band_by_band():
    line = TABLE.worked("帮我按催收难度评分表算一下：逾期120天，资金紧张，推诿拖延，单据齐全没争议，大额无担保，算几级")
    assert "3×0.25 + 2×0.25 + 2×0.2 + 1×0.15 + 3×0.15 = 2.25，B级〔R:demo〕" in line


def test_the_fullest_cell_wins_and_the_notes_own_example_is_reproduced():
    line = TABLE.worked("逾期75天，资金紧张，推诿拖延，有小额争议，大额无担保，算几级")  # 小额 is in 有小额争议 too
    assert "= 2.15，B级" in line and "金额与担保：大额无担保（3分）" in line


def test_nothing_is_guessed_when_a_factor_is_not_said():
    assert TABLE.worked("逾期120天，资金紧张，推诿拖延，算几级") is None
    assert TABLE.worked("逾期120天，资金紧张，推诿拖延，单据齐全，大额无担保") is None  # nothing asked to compute
