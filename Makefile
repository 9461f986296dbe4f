# reviewtui: `make demo` starts the app on the bundled sessions, `make test` runs every test.
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench constraints clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/reviewtui --sessions sessions

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

constraints: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^reviewtui' > constraints.new && mv constraints.new constraints.txt

clean:
	rm -rf $(VENV) build dist .pytest_cache
