"""出题助手: weighted drafting, the editable text form, and the md/html/docx exports."""

from __future__ import annotations

import re

import docx
import pytest

from assistant.drafting import Drafting, draft_set, export, full_marks, parse_markdown, to_markdown
from assistant.drafting.model import QuestionSet
from assistant.errors import AssistantError
from assistant.panel.bank import load_bank
from assistant.standard.model import function_key

LEVELS = ("二级/技师", "一级/高级技师")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def bank(project_root):
    return load_bank(project_root / "corpus" / "questions")


@pytest.fixture(scope="module")
def drafting(standard, bank):
    return Drafting(standard, bank)


def _weights(standard, level):
    return {f: w for f, w in standard.weights["skill"][level].items() if w > 0}


def _section(text: str, no: int) -> tuple[int, int]:
    """Character span of question `no` in the editable text."""
    start = text.index(f"## 第{no}题")
    end = text.find("\n## ", start + 1)
    return start, len(text) if end < 0 else end


def _edit(text: str, no: int, old: str, new: str) -> str:
    start, end = _section(text, no)
    return text[:start] + text[start:end].replace(old, new, 1) + text[end:]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("seed", [1, 2, 3, 11])
def test_twelve_questions_follow_the_weight_table(drafting, standard, level, seed):
    qs = drafting.draft(level, n=12, minutes=30, seed=seed)
    weights, shares = _weights(standard, level), qs.function_shares()
    assert len(qs.items) == 12 and set(shares) == set(weights)
    for function, weight in weights.items():
        assert sum(q.function == function for q in qs.items) >= 1
        assert abs(shares[function] - weight) <= 3, (function, shares[function], weight)
    assert [q.no for q in qs.items] == list(range(1, 13))


def test_subset_of_functions_and_name_equivalence(drafting, standard):
    weights = _weights(standard, "二级/技师")
    picked = sorted(weights, key=weights.get)[-2:]
    qs = drafting.draft("二级", n=6, minutes=40, functions=picked, seed=5)
    assert {q.function for q in qs.items} == set(picked)
    total = sum(weights[f] for f in picked)
    for f, share in qs.function_shares().items():
        assert abs(share - 100 * weights[f] / total) <= 4
    # a chapter-3 function name printed differently from the weight table still selects that function
    top = {function_key(f): f for f in _weights(standard, "一级/高级技师")}
    odd = [f.name for f in standard.level("一级/高级技师").functions if f.name not in top.values()]
    for name in odd:
        qs = drafting.draft("一级", n=2, functions=[name], seed=1)
        assert {q.function for q in qs.items} == {top[function_key(name)]}
    with pytest.raises(AssistantError) as err:
        drafting.draft("二级", functions=["不存在的功能"])
    assert "不存在的功能" in str(err.value) and all(f in str(err.value) for f in weights)


def test_fewer_questions_than_functions_keeps_the_heaviest(drafting, standard):
    weights = _weights(standard, "一级/高级技师")
    qs = drafting.draft("一级", n=3, seed=2)
    heaviest = sorted(weights.values(), reverse=True)[:3]
    assert sorted((weights[q.function] for q in qs.items), reverse=True) == heaviest
    assert qs.notes and "少于" in qs.notes[0]
    assert all(f in qs.notes[0] for f in weights if f not in qs.function_shares())


def test_no_skill_item_twice_and_questions_match_their_function(drafting, standard, bank):
    by_id = {q.id: q for q in bank}
    fn_key = {f.locator: function_key(f.name) for lv in standard.levels for f in lv.functions}
    for level in LEVELS:
        for seed in range(6):
            qs = drafting.draft(level, n=30, minutes=90, panel_size=5, seed=seed)
            items = [(by_id[q.source_id].content, by_id[q.source_id].locator) for q in qs.items]
            assert len(items) == len(set(items)) == 30
            lower = 0
            for q in qs.items:
                source = by_id[q.source_id]
                assert fn_key[source.function_locator] == function_key(q.function)
                assert source.level == level or (level == "一级/高级技师" and source.level == "二级/技师")
                lower += source.level != level
            # higher levels include the lower ones: ~15 % of a 一级 set is 二级 content, as in the planner
            assert lower == (round(0.15 * 30) if level == "一级/高级技师" else 0)


def test_seed_reproducible_and_reviewers_round_robin(drafting):
    a, b = drafting.draft("二级", seed=42), drafting.draft("二级", seed=42)
    assert a == b and a.seed == 42
    assert len({tuple(q.source_id for q in drafting.draft("二级", seed=s).items) for s in range(5)}) > 1
    qs = drafting.draft("一级", n=10, panel_size=5, seed=3)
    assert len(qs.panel) == 5 and qs.items[0].reviewer == qs.panel[0] and qs.role(qs.panel[0]) == "主审"
    assert [q.reviewer for q in qs.items] == [qs.panel[i % 5] for i in range(10)]
    assert drafting.draft("二级").seed is not None


def test_too_few_skill_items_in_the_bank_is_a_user_error(drafting, standard, bank):
    level = "二级/技师"
    weights = _weights(standard, level)
    smallest = min(weights, key=weights.get)
    fn_key = {f.locator: function_key(f.name) for f in standard.level(level).functions}
    items = {(q.content, q.locator) for q in bank
             if q.level == level and fn_key.get(q.function_locator) == function_key(smallest)}
    assert len(drafting.draft(level, n=len(items), functions=[smallest], seed=1).items) == len(items)
    with pytest.raises(AssistantError, match=f"{smallest}.*{len(items)} 个"):
        drafting.draft(level, n=len(items) + 1, functions=[smallest], seed=1)


def test_form_numbers_are_accepted(drafting):
    qs = drafting.draft("二级", n=8.0, minutes=30.0, panel_size=3.0, seed=5.0)
    assert qs == drafting.draft("二级", n=8, minutes=30, panel_size=3, seed=5)
    assert parse_markdown(to_markdown(qs)) == qs


def test_minutes_split_by_weight_share(drafting, standard):
    qs = drafting.draft("二级", n=8, minutes=60, seed=9)
    weights = _weights(standard, "二级/技师")
    for f in weights:
        mine = [q.minutes for q in qs.items if q.function == f]
        expected = 60 * weights[f] / 100 / len(mine)
        assert all(m % 0.5 == 0 and abs(m - expected) <= 0.25 for m in mine)


@pytest.mark.parametrize("args", [dict(n=0), dict(n=31), dict(minutes=4), dict(minutes=121), dict(panel_size=4),
                                  dict(level="三级"), dict(n=2.5), dict(seed="abc")])
def test_out_of_range_requests_are_user_errors(standard, bank, args):
    with pytest.raises(AssistantError) as err:
        draft_set(standard, bank, **{"level": "二级", **args})
    assert CJK.search(str(err.value))


@pytest.mark.parametrize("level,panel,n", [("二级", 3, 9), ("一级", 5, 9), ("一级", 3, 2)])
def test_markdown_round_trip(drafting, level, panel, n):
    qs = drafting.draft(level, n=n, minutes=45, panel_size=panel, seed=8)
    text = to_markdown(qs)
    again = parse_markdown(text)
    assert again == qs and to_markdown(again) == text and drafting.from_text(text) == qs


def test_edits_are_read_back_and_questions_renumbered(drafting):
    qs = drafting.draft("二级", n=4, seed=4)
    text = to_markdown(qs)
    start, end = _section(text, 2)
    text = text[:start] + text[end + 1:]  # delete question 2
    text = _edit(text, 3, f"题目：{qs.items[2].question}", "题目：请说明信用政策的三个组成部分。")
    point, weight = qs.items[3].rubric[0]
    text = _edit(text, 4, f"- {point}（{weight} 分）", f"- 自拟要点（{weight} 分）")
    edited = parse_markdown(text)
    assert [q.no for q in edited.items] == [1, 2, 3]
    assert edited.items[1].question == "请说明信用政策的三个组成部分。"
    assert edited.items[2].rubric[0] == ("自拟要点", weight)


def _error(text: str) -> str:
    with pytest.raises(AssistantError) as err:
        parse_markdown(text)
    return str(err.value)


def test_parse_errors_name_the_question(drafting):
    qs = drafting.draft("二级", n=4, seed=6)
    text = to_markdown(qs)
    point, weight = qs.items[1].rubric[0]
    msg = _error(_edit(text, 2, f"（{weight} 分）", f"（{weight + 10} 分）"))
    assert "第2题" in msg and "100" in msg and str(100 + 10) in msg
    msg = _error(_edit(text, 3, f"题目：{qs.items[2].question}", "题目："))
    assert "第3题" in msg and "题目为空" in msg
    msg = _error(_edit(text, 1, "题目：", "这一行没有标签\n题目："))
    assert "第1题" in msg and "这一行没有标签" in msg
    msg = _error(_edit(text, 4, f"- {qs.items[3].rubric[0][0]}（", f"- {qs.items[3].rubric[0][0]}（约"))
    assert "第4题" in msg and "分值" in msg
    msg = _error(_edit(text, 2, " ｜ 实务 ｜ " if qs.items[1].kind == "实务" else f" ｜ {qs.items[1].kind} ｜ ",
                       " ｜ 闲聊 ｜ "))
    assert "第2题" in msg and "题型" in msg
    assert "等级" in _error(text.replace("等级：二级/技师\n", ""))


def test_from_text_checks_function_names(drafting):
    text = to_markdown(drafting.draft("二级", n=3, seed=1))
    first = text.index("职业功能：")
    bad = text[:first] + "职业功能：天文观测" + text[text.index(" ｜", first):]
    with pytest.raises(AssistantError, match="第1题.*天文观测"):
        drafting.from_text(bad)


def test_full_marks_sum_to_100_in_proportion(drafting):
    for seed in range(5):
        qs = drafting.draft("一级", n=7 + seed, minutes=35, seed=seed)
        marks, total = full_marks(qs), sum(q.minutes for q in qs.items)
        assert sum(marks) == 100
        assert all(abs(m - 100 * q.minutes / total) < 1 for m, q in zip(marks, qs.items))


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_each_format_writes_three_files(drafting, tmp_path, fmt):
    qs = drafting.draft("二级", n=5, seed=12)
    paths = export(qs, fmt, tmp_path / fmt, "套题")
    assert [p.name for p in paths] == [f"套题-{n}.{fmt}" for n in ("题目", "评分表", "参考答案")]
    assert all(p.stat().st_size > 0 for p in paths)
    texts = [_docx_text(p) if fmt == "docx" else p.read_text(encoding="utf-8") for p in paths]
    assert not any("随机种子" in t or "213918" in t for t in texts)  # printed sheets carry no seed
    with pytest.raises(AssistantError, match="导出格式"):
        export(qs, "pdf", tmp_path, "套题")


def _docx_text(path) -> str:
    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_docx_score_sheets_one_table_per_reviewer(drafting, tmp_path):
    from docx.oxml.ns import qn

    qs = drafting.draft("一级", n=11, minutes=40, panel_size=5, seed=21)
    paper, sheets, key = drafting.export(qs, "docx", tmp_path, "d")
    doc = docx.Document(str(sheets))
    assert len(doc.tables) == len(qs.panel) == 5
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        col = header.index("满分")
        body = [r.cells[col].text for r in table.rows[1:-1]]
        assert len(body) == 11 and sum(map(int, body)) == 100 and table.rows[-1].cells[col].text == "100"
        assert {"题号", "职业功能", "题目摘要", "得分", "评语"} <= set(header)
    text = _docx_text(sheets)
    assert text.count("评审员签名") == 5 and all(f"{n}（" in text for n in qs.panel)
    assert "准考证号" in text and "60 分及格" in text
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia"))
    assert doc.element.body.xml.count('w:type="page"') == 4
    outline = qs.items[0].outline[0]
    assert outline in _docx_text(key) and outline not in _docx_text(paper)
    assert qs.items[0].followups[0] in _docx_text(paper)


def test_html_sheets_printable_and_escaped(drafting, tmp_path):
    qs = drafting.draft("二级", n=6, seed=30)
    text = _edit(to_markdown(qs), 2, f"题目：{qs.items[1].question}", "题目：<script>alert('x')</script> & 其他")
    edited = drafting.from_text(text)
    paths = drafting.export(edited, "html", tmp_path, "h")
    pages = [p.read_text(encoding="utf-8") for p in paths]
    for page in pages:
        assert '<meta charset="utf-8">' in page and 'lang="zh-CN"' in page and "Noto Sans CJK SC" in page
        assert "@media print" in page and "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; 其他" in pages[0]
    assert pages[1].count('<section class="sheet">') == len(qs.panel) and "page-break-after" in pages[1]
    assert pages[1].count("评审员签名") == len(qs.panel)


def test_function_list_for_the_ui(drafting, standard):
    assert drafting.functions("一级") == list(_weights(standard, "一级/高级技师").items())
    with pytest.raises(AssistantError):
        drafting.functions("四级")


def test_cli_draft_writes_files_and_rejects_bad_format(run_cli, tmp_path):
    out = tmp_path / "out"
    proc = run_cli("draft", "--level", "一级", "-n", "6", "--minutes", "30", "--panel", "3", "--seed", "4",
                   "--format", "html", "-o", str(out))
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 4 and all(name in proc.stdout for name in written)
    editable = next(out.glob("*-可编辑.md"))
    assert isinstance(parse_markdown(editable.read_text(encoding="utf-8")), QuestionSet)
    again = run_cli("draft", "--from", str(editable), "--format", "docx", "-o", str(tmp_path / "docx"))
    assert len(list((tmp_path / "docx").glob("*.docx"))) == 3 and "评分表" in again.stdout
    bad = run_cli("draft", "--format", "pdf", "-o", str(out), check=False)
    assert bad.returncode != 0 and "导出格式" in bad.stderr and "Traceback" not in bad.stderr
    bad = run_cli("draft", "--function", "天文观测", check=False)
    assert bad.returncode != 0 and "未知职业功能" in bad.stderr and "Traceback" not in bad.stderr
