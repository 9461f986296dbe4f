# reviewtui: `make demo` starts the app on the bundled sessions, `make test` runs every test.
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint bench constraints clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,web]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/reviewtui --sessions sessions

test: $(STAMP)
	$(BIN)/python -m pytest

# The inner loop: everything but the tests marked slow (real processes, sshd, wheels), on both cores.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" -n auto

# What CI checks before the tests: the linter, the formatter and the type checker.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m benchmarks

constraints: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^reviewtui' > constraints.new && mv constraints.new constraints.txt

clean:
	rm -rf $(VENV) build dist .pytest_cache
