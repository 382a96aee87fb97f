# The two quick-start commands of the README:
#   make demo   set up .venv, install Codeertafel, build the demo project and open it
#   make test   set up .venv with the test extras and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean

# Reinstall when the package metadata changes; the package itself is installed
# editable, so code changes need no reinstall.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/coder demo

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) codeertafel-demo.ctdb codeertafel-demo.ctdb-wal codeertafel-demo.ctdb-shm
