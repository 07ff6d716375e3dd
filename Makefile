# Every target creates .venv on demand; re-running is cheap (a stamp tracks pyproject.toml).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export ANONYMIZED_TELEMETRY=False
export HF_HUB_OFFLINE=1
export GRADIO_ANALYTICS_ENABLED=False

.PHONY: install run shell test test-fast lint eval bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,asr,ui]'
	touch $(STAMP)

run: install
	$(PY) -m assistant ingest
	$(PY) -m assistant serve

shell: install
	$(PY) -m assistant shell

test: install
	$(PY) -m ruff check assistant tests evals
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow"

lint: install
	$(PY) -m ruff check assistant tests evals

EVAL_SETS := retrieval_dev retrieval_holdout concepts_dev concepts_holdout

eval: install
	$(PY) -m assistant ingest
	for set in $(EVAL_SETS); do $(PY) -m assistant eval retrieval --dataset evals/datasets/$$set.jsonl || exit 1; done
	for set in tutor_dev tutor_holdout; do $(PY) -m assistant eval tutor --dataset evals/datasets/$$set.jsonl || exit 1; done
	for split in fit check; do $(PY) -m assistant eval scoring --dataset evals/datasets/scoring_calib.jsonl --split $$split || exit 1; done
	$(PY) -m assistant eval scoring --dataset evals/datasets/scoring_dev.jsonl
	$(PY) -m assistant eval asr --manifest evals/asr/manifest.jsonl

bench: install
	$(PY) evals/bench.py

clean:
	rm -rf $(VENV) data .pytest_cache
