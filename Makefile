# Two commands: `make run` sets everything up and runs Tremplin; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Test processes (pytest-xdist): the tests wait on containers, browsers and restarts as much as
# they compute, so two share a 2-core machine well. TEST_WORKERS=1 runs them in one process.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest $(if $(filter-out 0 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadgroup)

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,postgres]'
	touch $(STAMP)

run: $(STAMP)
	bash scripts/ensure-docker.sh
	$(BIN)/flask --app wsgi up --demo

test: $(STAMP)
	bash scripts/ensure-docker.sh
	bash scripts/ensure-test-deps.sh
	bash scripts/ensure-gvisor.sh
	$(BIN)/ruff check tremplin graders sandbox tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(PYTEST) -m "not alone" --durations=15
	# The load benchmark at a small size, alone: it saturates the machine on purpose.
	$(BIN)/python -m pytest -q -m alone
	# The hostile-input suite once more without the warm pool: every run starts its own container.
	SANDBOX_POOL=0 $(PYTEST) -q tests/hostile
	PYTEST="$(PYTEST)" bash scripts/test-postgres.sh

bench: $(STAMP)
	bash scripts/ensure-docker.sh
	$(BIN)/python bench/sandbox.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) instance .pytest_cache
