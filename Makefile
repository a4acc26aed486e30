# One-line targets over uv. Works on a fresh machine with only python3 (3.11+), pip, git and make:
# `make install` puts uv into .tools/ with pip when it is not on PATH, then syncs the workspace.
.DEFAULT_GOAL := help
SHELL := /bin/bash

export UV_PYTHON_DOWNLOADS := never
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
RUN := $(UV) run --locked
PYTEST := $(RUN) pytest
UNASYNC_MEMBERS := packages/dns-services-gateway packages/cloudconnexa
SRC := services/dns-validation/src/dns_validation \
       packages/dns-services-gateway/src/dns_services_gateway \
       packages/cloudconnexa/src/cloudconnexa

$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

.PHONY: install
install: $(UV) ## Install uv if missing and sync every workspace member (idempotent)
	$(UV) sync --locked --all-packages --all-extras

.PHONY: serve
serve: install ## Run the DNS Validation Service on http://127.0.0.1:3000 (SQLite, system resolver)
	$(RUN) dns-validation serve

.PHONY: format
format: install ## Format and auto-fix with ruff, regenerate sync code
	$(RUN) python scripts/unasync.py $(UNASYNC_MEMBERS)
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

.PHONY: unasync
unasync: install ## Regenerate the _sync twins from the hand-written _async code
	$(RUN) python scripts/unasync.py $(UNASYNC_MEMBERS)

.PHONY: typecheck
typecheck: install ## mypy --strict on every member's src
	$(RUN) mypy $(SRC)

.PHONY: lint
lint: install ## ruff, format check, stale generated code, mypy --strict, pydoclint, import smoke test
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) python scripts/unasync.py --check $(UNASYNC_MEMBERS)
	$(RUN) python scripts/generate_cloudconnexa_types.py --check
	$(RUN) mypy $(SRC)
	$(RUN) pydoclint --quiet $(SRC)
	$(RUN) python -c "import dns_validation, dns_services_gateway, cloudconnexa"

.PHONY: test
test: install ## Run every member's tests with per-package line coverage (each >= 90%; no live tests)
	$(PYTEST) services/dns-validation/tests -m "not live" --cov=dns_validation --cov-report=term --cov-fail-under=90
	$(PYTEST) packages/dns-services-gateway/tests -m "not live" --cov=dns_services_gateway --cov-report=term --cov-fail-under=90
	$(PYTEST) packages/cloudconnexa/tests -m "not live" --cov=cloudconnexa --cov-report=term --cov-fail-under=90

.PHONY: test-live
test-live: install ## Opt-in tests against the real APIs (credentials from the environment or .env; skip without)
	$(PYTEST) packages/dns-services-gateway/tests/live packages/cloudconnexa/tests/live -m live

.PHONY: docs
docs: install ## Build the documentation site into docs/_build/html from scratch (warnings are errors)
	$(RUN) sphinx-build -E -W --keep-going -n -q -b html docs docs/_build/html

.PHONY: bench
bench: install ## Run the benchmark scripts (print figures; no assertions)
	$(RUN) python benchmarks/validation_service.py
	$(RUN) python benchmarks/dns_services.py
	$(RUN) python benchmarks/cloudconnexa.py

.PHONY: help
help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'
