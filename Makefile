# Every target creates .venv when it is missing, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint security image-check format bench audit clean browser-deps

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/lookout run

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy

security: $(STAMP)
	$(BIN)/bandit -q -r bot
	$(BIN)/hadolint Dockerfile

# The Dockerfile's install and start steps, in a fresh venv (no Docker engine is needed).
image-check: $(STAMP)
	bash .ci/image-steps

# pip-audit asks an online vulnerability service; it is skipped with a message when unreachable.
audit: $(STAMP)
	$(BIN)/pip-audit --progress-spinner off --skip-editable || echo "pip-audit could not complete (is its service reachable?)"

format: $(STAMP)
	$(BIN)/ruff format bot tests bench
	$(BIN)/ruff check --fix bot tests bench

# The web guide's browser tests use Debian's chromium (apt, as root) and axe-core (npm); without
# them those tests skip with the reason. CI installs both and requires them.
AXE_JS := .cache/axe/node_modules/axe-core/axe.min.js
browser-deps:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	test -f $(AXE_JS) || npm install --no-save --no-audit --no-fund --prefix .cache/axe axe-core@4.14.1

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
