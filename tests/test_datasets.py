"""Evaluation datasets are well formed and every expected locator exists in the standard."""

import json

import pytest

from assistant.locators import split_expected

DATASETS = ["retrieval_dev.jsonl", "retrieval_holdout.jsonl"]


@pytest.mark.parametrize("name,minimum", [("retrieval_dev.jsonl", 80), ("retrieval_holdout.jsonl", 40)])
def test_retrieval_dataset_valid(project_root, standard, name, minimum):
    rows = [json.loads(line) for line in (project_root / "evals/datasets" / name).read_text("utf-8").splitlines()
            if line.strip()]
    assert len(rows) >= minimum
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["question"] for r in rows}) == len(rows)
    known = standard.all_locators()
    for r in rows:
        assert set(r) == {"id", "question", "source"}
        expected = split_expected(r["source"])
        assert expected and all(loc in known for loc in expected), r


def test_holdout_does_not_repeat_dev(project_root):
    def questions(name):
        return {json.loads(x)["question"] for x in (project_root / "evals/datasets" / name).read_text("utf-8").splitlines() if x.strip()}

    assert not questions(DATASETS[0]) & questions(DATASETS[1])
