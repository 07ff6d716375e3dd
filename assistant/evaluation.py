"""Evaluation harness behind `assistant eval …` (shapes in DESIGN.md §4)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from .errors import AssistantError
from .locators import hit_matches, split_expected


def read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise AssistantError(f"找不到数据集文件：{path}")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                raise AssistantError(f"{path.name} 第 {n} 行不是合法的 JSON") from exc
    return rows


def percentiles(ms: list[float]) -> dict[str, float]:
    if not ms:
        return {"p50": 0.0, "p95": 0.0}
    return {"p50": round(float(np.percentile(ms, 50)), 2), "p95": round(float(np.percentile(ms, 95)), 2)}


def eval_retrieval(search, rows: list[dict], k: int = 5) -> dict:
    """`search(question, k)` -> hits. Rank = first hit matching an expected locator (0 = none in top k).
    Latency is measured warm: one untimed query runs first."""
    items, latencies = [], []
    rows = [r for r in rows if split_expected(r.get("source", ""))]
    if rows:
        search(rows[0]["question"], k)  # warm-up: model pages, caches
    for row in rows:
        expected = split_expected(row["source"])
        t0 = time.perf_counter()
        hits = search(row["question"], k)
        latencies.append((time.perf_counter() - t0) * 1000)
        rank = next((h.rank for h in hits if hit_matches(h.chunk.locator, h.chunk.covers, expected)), 0)
        items.append({"id": row["id"], "rank": rank})
    n = len(items)
    ranks = [i["rank"] for i in items]
    return {
        "n": n,
        "hit@1": round(sum(r == 1 for r in ranks) / n, 4) if n else 0.0,
        "hit@5": round(sum(0 < r <= 5 for r in ranks) / n, 4) if n else 0.0,
        "mrr": round(sum(1 / r for r in ranks if r) / n, 4) if n else 0.0,
        "latency_ms": percentiles(latencies),
        "items": items,
    }


def _said(text: str) -> str:
    from .providers.simplify import numerals_to_digits
    from .tokenize import normalise_text

    return numerals_to_digits(normalise_text(text)).replace(" ", "").replace("\n", "")


def facts_present(answer: str, groups: list[list[str]]) -> bool:
    """Every group has at least one alternative in the answer text (normalised both sides)."""
    said = _said(answer)
    return all(any(_said(alt) in said for alt in group) for group in groups)


def _correct(row: dict, ans, hit: bool) -> bool:
    if row.get("declined"):
        return ans.declined
    if ans.declined:
        return False
    has = row.get("answer_has")
    facts = facts_present(ans.answer, has) if has else True
    return facts and (hit or not split_expected(row.get("source", "")))


def eval_tutor(answer, rows: list[dict]) -> dict:
    """`answer(question, history)` -> TutorAnswer. citation_hit: a cited passage matches the expected source
    (match rule, covers included); adversarial handled: declined, or a false premise corrected by citing
    its source. Rows with `answer_has` / `declined` / `intent` (the intents sets) are also judged on the
    answer text: correct = expected decline, or not declined + every fact group in the text + citation hit."""
    items, latencies = [], []
    if rows:
        answer(rows[0]["question"], [])  # warm-up, as in eval_retrieval
    for row in rows:
        expected = split_expected(row.get("source", ""))
        t0 = time.perf_counter()
        ans = answer(row["question"], row.get("history") or [])
        latencies.append((time.perf_counter() - t0) * 1000)
        hit = bool(expected) and any(hit_matches(h.chunk.locator, h.chunk.covers, expected) for h in ans.cited_hits)
        items.append({"id": row["id"], "kind": row.get("kind", ""), "intent": row.get("intent", ""),
                      "citation_hit": hit, "declined": ans.declined, "correct": _correct(row, ans, hit),
                      "answer": ans.answer})
    answerable = [i for i, r in zip(items, rows) if i["kind"] != "adversarial" and split_expected(r.get("source", ""))]
    adversarial = [(i, r) for i, r in zip(items, rows) if i["kind"] == "adversarial"]
    handled = [i["declined"] or (bool(r.get("source")) and i["citation_hit"]) for i, r in adversarial]
    to_decline = [i for i, r in zip(items, rows) if r.get("declined")]
    to_answer = [i for i, r in zip(items, rows) if "declined" in r and not r["declined"]]
    return {
        "n": len(items),
        "citation_hit_rate": round(sum(i["citation_hit"] for i in answerable) / len(answerable), 4) if answerable else 0.0,
        "adversarial_handled": round(sum(handled) / len(handled), 4) if handled else 0.0,
        "accuracy": round(sum(i["correct"] for i in items) / len(items), 4) if items else 0.0,
        "decline_rate": round(sum(i["declined"] for i in to_decline) / len(to_decline), 4) if to_decline else None,
        "false_decline_rate": round(sum(i["declined"] for i in to_answer) / len(to_answer), 4) if to_answer else None,
        "by_intent": _by_intent(items),
        "latency_ms": percentiles(latencies),
        "items": items,
    }


def _by_intent(items: list[dict]) -> dict:
    out = {}
    for intent in sorted({i["intent"] for i in items if i["intent"]}):
        mine = [i for i in items if i["intent"] == intent]
        out[intent] = {"n": len(mine), "accuracy": round(sum(i["correct"] for i in mine) / len(mine), 3),
                       "citation_hit": round(sum(i["citation_hit"] for i in mine) / len(mine), 3)}
    return out


def _failed(item: dict) -> bool:
    if item["intent"]:  # an intents set judges the answer text too
        return not item["correct"]
    if item["kind"] == "adversarial":
        return not (item["declined"] or item["citation_hit"])
    return not item["citation_hit"]


def tutor_summary_lines(name: str, result: dict) -> list[str]:
    lat = result["latency_ms"]
    lines = [f"{name}：n={result['n']}  正确率={result['accuracy']:.3f}  引用命中率={result['citation_hit_rate']:.3f}  "
             f"对抗题处理率={result['adversarial_handled']:.3f}  延迟 p50={lat['p50']}ms p95={lat['p95']}ms"]
    if result["decline_rate"] is not None:
        lines.append(f"应拒答的拒答率={result['decline_rate']:.3f}  不应拒答的误拒率={result['false_decline_rate'] or 0:.3f}")
    lines += [f"  {intent}（{row['n']}）：正确率 {row['accuracy']:.3f}，引用命中 {row['citation_hit']:.3f}"
              for intent, row in result["by_intent"].items()]
    bad = [i["id"] for i in result["items"] if _failed(i)]
    return lines + ([f"未通过：{', '.join(bad)}"] if bad else [])


def eval_asr(transcribe, manifest: Path) -> dict:
    """`transcribe(path, hint)` -> Transcript. CER over all clips (edits / reference characters, normalised as in
    DESIGN.md §4), term error rate (share of the lines' `terms` missing from the transcript), both also per
    `condition`; rtf = total transcription time / total audio duration. One untimed warm-up first. A line's
    optional `hint` (the question answered) is passed on, as the app does."""
    from .providers.simplify import cer, terms_missed

    rows = read_jsonl(manifest)
    if rows:
        transcribe(manifest.parent / rows[0]["audio"], "")
    items, spent, audio = [], 0.0, 0.0
    for row in rows:
        t0 = time.perf_counter()
        tr = transcribe(manifest.parent / row["audio"], row.get("hint", ""))
        took = time.perf_counter() - t0
        e, n = cer(row["text"], tr.text)
        missed = terms_missed(row.get("terms", []), tr.text)
        spent, audio = spent + took, audio + tr.duration
        items.append({"audio": row["audio"], "condition": row.get("condition", "clean"), "edits": e, "chars": n,
                      "cer": round(e / n, 4) if n else 0.0, "terms": len(row.get("terms", [])),
                      "terms_missed": missed, "text": tr.text, "raw_text": tr.raw_text or tr.text,
                      "reference": row["text"],
                      "seconds": round(took, 3), "duration": round(tr.duration, 2)})
    by_condition = {c: _asr_summary([i for i in items if i["condition"] == c])
                    for c in dict.fromkeys(i["condition"] for i in items)}
    return {"n": len(items), **_asr_summary(items), "rtf": round(spent / audio, 4) if audio else 0.0,
            "by_condition": by_condition, "items": items}


def _asr_summary(items: list[dict]) -> dict:
    chars, terms = sum(i["chars"] for i in items), sum(i["terms"] for i in items)
    return {"cer": round(sum(i["edits"] for i in items) / chars, 4) if chars else 0.0,
            "term_error_rate": round(sum(len(i["terms_missed"]) for i in items) / terms, 4) if terms else None}
