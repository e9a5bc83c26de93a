# Everything a fresh machine needs goes through these targets; nothing installed by hand is assumed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install system-packages test test-fast demo bench lint catalog fuzz deploy check-generated

# Installed by uv (pinned here), not pip: the same packages from PyPI, the editable wheel built by
# setuptools in isolation as pip builds it, in ~2 CPU s where pip spent ~18 (reading the index
# pages and unpacking wheels one at a time, on one core); --compile-bytecode writes the .pyc files
# on every core (pip wrote them one by one; without them each test worker compiles its imports
# again). uv reads its own settings (UV_DEFAULT_INDEX, UV_CACHE_DIR...), not pip's.
UV_VERSION := 0.13.10
$(BIN)/costcheck: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet 'uv==$(UV_VERSION)'
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -e '.[test]'
	touch $@

install: $(BIN)/costcheck

# Servers and tools the tests use for real (PostgreSQL, Redis, promtool, amtool, Chromium).
system-packages:
	bash .ci/system-packages.sh

# Side by side on every core; loadfile keeps each module on one worker (its module fixtures
# built once; each terraform folder is planned once per session, shared between the workers).
# Not loadgroup: with pytest 9 its groups fall apart (tests/conftest.py).
# --no-loadscope-reorder: keep tests/conftest.py's order, the heaviest files first.
PYTEST_PARALLEL := -n auto --dist loadfile --no-loadscope-reorder
# Bytecode caches on even where PYTHONDONTWRITEBYTECODE is set (CI images often set it): each
# worker's collection rewrites every test module's asserts again without them (~7 CPU s a worker
# here, ~2.4 with them), and every CLI the tests start compiles costcheck again.
PYTEST_ENV := env -u PYTHONDONTWRITEBYTECODE

# The test command (README; .ci/run calls exactly this): the whole suite, terraform included.
# With ENV=dev|staging|prod|local it smoke-tests that deployed environment instead
# (scripts/smoke_test.sh; RUNBOOK.md).
ifeq ($(strip $(ENV)),)
test: install system-packages
	$(PYTEST_ENV) $(BIN)/pytest -q $(PYTEST_PARALLEL)
else
test:
	bash scripts/smoke_test.sh '$(ENV)'
endif

# The inner loop: no terraform, no virtualenv-building end-to-end tests, a short fuzz profile.
test-fast: install
	@echo "test-fast leaves out: every terraform-backed test (-m terraform: plan freshness, binary" \
		"plans, the deploy stack), the virtualenv/tool end-to-end tests (-m slow: pre-commit," \
		"checkov, the service image), and runs each fuzz property 30 times, not 300. make test runs all."
	HYPOTHESIS_PROFILE=dev $(PYTEST_ENV) $(BIN)/pytest -q $(PYTEST_PARALLEL) -m "not terraform and not slow"

# Deploy the service to ENV (dev, staging, prod); DRY_RUN=1 prints the commands only (RUNBOOK.md).
deploy:
	@test -n '$(ENV)' || { echo "usage: make deploy ENV=dev|staging|prod [DRY_RUN=1]" >&2; exit 2; }
	DRY_RUN='$(or $(DRY_RUN),0)' bash scripts/deploy.sh '$(ENV)'

# The main job on the bundled examples.
# Each example's plan; a monorepo example (a costcheck.yml) as one run over its projects.
demo: install
	@for ex in examples/*/; do \
		echo "=== $$ex"; \
		if [ -f $$ex/costcheck.yml ]; then \
			$(BIN)/costcheck diff --config $$ex/costcheck.yml --format table || exit $$?; \
			continue; \
		fi; \
		usage=""; [ -f $$ex/usage.yml ] && usage="--usage-file $$ex/usage.yml"; \
		$(BIN)/costcheck breakdown $$ex/plan.json $$usage || exit $$?; \
	done

# Long property-based fuzzing of every loader and evaluator (CI runs a bounded profile).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/fuzz

bench: install
	$(BIN)/python -m benchmarks

lint: install
	$(BIN)/ruff check checker tests benchmarks tools
	$(BIN)/ruff format --check checker tests benchmarks tools
	$(BIN)/mypy checker tools

# Regenerate the provider data under checker/ from the real terraform and provider, in memory, and
# compare byte for byte (exit 1 at the first difference; ~20 CPU s of terraform). make test checks only the
# records the generators write beside them (tools/*.inputs.json; tests/test_generated_data.py).
check-generated: install
	$(BIN)/python -m tools.schema_gen --check
	$(BIN)/python -m tools.taggable_gen --check

# Rebuild the embedded price catalog from ../shared/pricing-data{,-extra} (reproducible, byte for byte).
catalog: install
	$(BIN)/costcheck catalog build
