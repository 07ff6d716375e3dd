"""`assistant eval scoring`: agreement of the scorer with graders, gaming classes, speech gap, latency.

Statistics come from scipy.stats (spearmanr, kendalltau, a question-level bootstrap interval for each
figure: answers to one question are not independent, so questions are resampled).
"""

from __future__ import annotations

import time
from itertools import combinations

import numpy as np
from scipy import stats

from .evaluation import percentiles
from .scoring.units import matching_form

PAIR_GAP = 5  # pairs of answers whose expected scores differ by less are not ranked
GAMING = ("keywords", "readback", "echo", "boilerplate", "buzzword")
BOOTSTRAP = 999
SEED = 12


def _rank_pairs(group: list[tuple[float, float]]) -> tuple[int, int]:
    pairs = correct = 0
    for (e1, p1), (e2, p2) in combinations(group, 2):
        if abs(e1 - e2) >= PAIR_GAP:
            pairs += 1
            correct += (e1 > e2) == (p1 > p2)
    return pairs, correct


def _figures(groups: list[list[tuple[float, float]]]) -> tuple[float, float, float]:
    exp = [e for g in groups for e, _ in g]
    pred = [p for g in groups for _, p in g]
    rho = float(stats.spearmanr(exp, pred).statistic) if len(exp) > 2 else 0.0
    pc = [_rank_pairs(g) for g in groups]
    pairs = sum(p for p, _ in pc)
    return rho, (sum(c for _, c in pc) / pairs if pairs else 0.0), float(np.mean(np.abs(np.subtract(exp, pred))))


def _intervals(groups) -> dict[str, list[float]]:
    if len(groups) < 3:
        return {}

    def stat(idx, which):
        return _figures([groups[int(i)] for i in idx])[which]

    out = {}
    for which, name in enumerate(("spearman", "pairwise_accuracy", "mae")):
        res = stats.bootstrap((np.arange(len(groups)),), lambda idx, w=which: stat(idx, w), vectorized=False,
                              n_resamples=BOOTSTRAP, method="percentile", random_state=SEED)
        out[name] = [round(float(res.confidence_interval.low), 3), round(float(res.confidence_interval.high), 3)]
    return out


def grader_agreement(rows: list[dict]) -> dict | None:
    """Agreement between the graders whose marks the dataset carries (answers' "graders" lists)."""
    marks = [a["graders"] for r in rows for a in r["answers"] if a.get("graders")]
    if not marks or len({len(m) for m in marks}) != 1 or len(marks[0]) < 2:
        return None
    m = np.array(marks, dtype=float)
    pairs = list(combinations(range(m.shape[1]), 2))
    rho = [float(stats.spearmanr(m[:, i], m[:, j]).statistic) for i, j in pairs]
    mae = [float(np.mean(np.abs(m[:, i] - m[:, j]))) for i, j in pairs]
    return {"graders": m.shape[1], "n": len(m), "spearman_between": [round(x, 3) for x in rho],
            "mae_between": [round(x, 1) for x in mae], "grader_means": [round(float(x), 1) for x in m.mean(axis=0)]}


def _by_class(items: list[dict]) -> dict:
    out = {}
    for grade in sorted({i["grade"] for i in items}):
        mine = [i for i in items if i["grade"] == grade]
        out[grade] = {"n": len(mine), "expected_mean": round(float(np.mean([i["expected"] for i in mine])), 1),
                      "predicted_mean": round(float(np.mean([i["predicted"] for i in mine])), 1),
                      "predicted_max": max(i["predicted"] for i in mine)}
    return out


def _below(per_q: dict[str, dict[str, float]], low: str, high: str) -> dict | None:
    both = [q for q in per_q.values() if low in q and high in q]
    return {"questions": sum(q[low] < q[high] for q in both), "of": len(both)} if both else None


def _orderings(items: list[dict]) -> dict:
    per_q: dict[str, dict[str, float]] = {}
    for i in items:
        per_q.setdefault(i["id"].split("#")[0], {})[i["grade"]] = i["predicted"]
    out = {"wrong_below_thin": _below(per_q, "wrong", "thin"), "wrong_b_below_thin": _below(per_q, "wrong_b", "thin")}
    for g in GAMING:
        out[f"{g}_below_thin"] = _below(per_q, g, "thin")
    gaps = [q["garbled"] - q["good"] for q in per_q.values() if "garbled" in q and "good" in q]
    out["garbled_gap"] = {"mean": round(float(np.mean(gaps)), 1), "worst": round(float(max(gaps, key=abs)), 1),
                          "n": len(gaps)} if gaps else None
    return out


def eval_scoring(score, rows: list[dict], prepare=None) -> dict:
    """`score(question, rubric, answer, spoken=)` -> ScoreCard; the speech-recognised copies ("garbled") are scored as
    the defense scores a spoken answer, `score(…, spoken=True)`. Latency is warm: `prepare(question, rubric)` embeds each
    question's fixed texts first (as a defense does when its questions are planned), one untimed answer runs."""
    items, latencies, groups = [], [], []
    for row in rows if prepare else ():
        prepare(row["question"], [(p["point"], p["weight"]) for p in row["rubric"]])
    if rows:
        r0 = rows[0]
        score(r0["question"], [(p["point"], p["weight"]) for p in r0["rubric"]], r0["answers"][0]["text"])
    for row in rows:
        rubric = [(p["point"], p["weight"]) for p in row["rubric"]]
        group = []
        for n, a in enumerate(row["answers"]):
            t0 = time.perf_counter()
            card = score(row["question"], rubric, a["text"], spoken=a["grade"] == "garbled")
            latencies.append((time.perf_counter() - t0) * 1000)
            group.append((float(a["score"]), card.score))
            items.append({"id": f"{row['id']}#{n}", "grade": a["grade"], "expected": a["score"], "predicted": card.score})
        groups.append(group)
    rho, pairwise, mae = _figures(groups) if items else (0.0, 0.0, 0.0)
    off = [i["predicted"] for i in items if i["grade"] == "off_topic"]
    exp, pred = [i["expected"] for i in items], [i["predicted"] for i in items]
    return {
        "n": len(items), "questions": len(rows),
        "spearman": round(rho, 4), "pairwise_accuracy": round(pairwise, 4), "mae": round(mae, 2),
        "kendall": round(float(stats.kendalltau(exp, pred).statistic), 4) if len(items) > 2 else 0.0,
        "ci95": _intervals(groups), "max_off_topic": max(off) if off else None,
        "by_class": _by_class(items), **_orderings(items), "graders": grader_agreement(rows),
        "latency_ms": percentiles(latencies), "items": items,
    }


CLASS_NAMES = {"excellent": "优秀", "good": "良好", "partial": "覆盖一半", "thin": "单薄但正确", "wrong": "自信但错误",
               "wrong_b": "自信但错误（另一处核心错误）",
               "rambling": "冗长跑题", "off_topic": "离题", "boilerplate": "套话", "keywords": "关键词罗列",
               "readback": "照读评分要点", "echo": "复述题目", "buzzword": "空洞术语", "garbled": "语音识别稿"}


def _ci(result: dict, name: str) -> str:
    ci = result.get("ci95", {}).get(name)
    return f"（95% 区间 {ci[0]}–{ci[1]}）" if ci else ""


def summary_lines(result: dict) -> list[str]:
    """The figures of an eval in Chinese, for the terminal and the bench table."""
    lines = [f"n={result['n']}（{result['questions']} 题）  Spearman={result['spearman']:.3f}{_ci(result, 'spearman')}  "
             f"Kendall τ={result['kendall']:.3f}",
             f"成对准确率={result['pairwise_accuracy']:.3f}{_ci(result, 'pairwise_accuracy')}  "
             f"MAE={result['mae']:.1f}{_ci(result, 'mae')}  延迟 p50/p95={result['latency_ms']['p50']:.0f}/"
             f"{result['latency_ms']['p95']:.0f} ms"]
    for grade, c in result["by_class"].items():
        lines.append(f"  {CLASS_NAMES.get(grade, grade)}（{c['n']}）：评分人均值 {c['expected_mean']}，"
                     f"本评分均值 {c['predicted_mean']}，最高 {c['predicted_max']}")
    for key, label in [("wrong_below_thin", "自信但错误 < 单薄但正确"), ("wrong_b_below_thin", "另一处核心错误 < 单薄但正确")] + \
            [(f"{g}_below_thin", f"{CLASS_NAMES[g]} < 单薄但正确") for g in GAMING]:
        if result.get(key):
            lines.append(f"  {label}：{result[key]['questions']}/{result[key]['of']} 题")
    if result.get("garbled_gap"):
        g = result["garbled_gap"]
        lines.append(f"  语音识别稿 − 打字稿：平均 {g['mean']:+.1f} 分，最大偏差 {g['worst']:+.1f}（{g['n']} 题）")
    if result.get("graders"):
        g = result["graders"]
        lines.append(f"  评分人之间（{g['graders']} 人，{g['n']} 个回答）：Spearman {g['spearman_between']}，"
                     f"MAE {g['mae_between']}，各自均分 {g['grader_means']}")
    return lines


def error_detection(score, bank: dict, rows: list[dict]) -> dict:
    """Labelled, not graded, answers to bank questions (evals/datasets/errors_*.jsonl): how many wrong ones the
    offline scorer flags with an error (and at the sentence the writer marked), how many correct ones it flags.
    `bank` maps a question id to its BankQuestion."""
    out = {"wrong": 0, "caught": 0, "at_sentence": 0, "correct": 0, "flagged": 0, "by_type": {}, "misses": [],
           "false_flags": []}
    for row in rows:
        q = bank[row["qid"]]
        quotes = [e.quote for e in score(q.question, [(p.point, p.weight) for p in q.rubric], row["text"]).errors]
        if row["kind"] != "wrong":
            out["correct"] += 1
            out["flagged"] += bool(quotes)
            out["false_flags"] += [f"{row['qid']} {row['style']}：{quotes}"] if quotes else []
            continue
        want = matching_form(row["error_sentence"])
        kind = out["by_type"].setdefault(row["error_type"], [0, 0])
        out["wrong"], kind[1] = out["wrong"] + 1, kind[1] + 1
        out["caught"], kind[0] = out["caught"] + bool(quotes), kind[0] + bool(quotes)
        out["at_sentence"] += any(matching_form(x) in want or want in matching_form(x) for x in quotes)
        out["misses"] += [] if quotes else [f"{row['qid']} {row['style']}：{row['error_sentence']}"]
    return out
