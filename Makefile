# The two quick-start commands of the README:
#   make demo   set up .venv, install Codeertafel, build the demo project and open it
#   make test   set up .venv with the test extras, check the types and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install lock clean

# Reinstall when the package metadata or the pinned versions change; the package itself
# is installed editable, so code changes need no reinstall. Every dependency is installed
# at the version in constraints.txt, the one the tests last passed on.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/coder demo

test: $(STAMP)
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

# Update the pins deliberately: install the newest releases into a scratch environment,
# run the tests there, and only then write what was installed to constraints.txt.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e '.[test]'
	.venv-lock/bin/python -m pytest -q
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^#' > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) codeertafel-demo.ctdb codeertafel-demo.ctdb-wal codeertafel-demo.ctdb-shm
