# The two commands of the README. Both create the environment on a fresh machine.
PYTHON ?= python3.11
VENV   ?= .venv
STORE  ?= hmickg-data

.PHONY: run test lint docs clean

$(VENV)/.installed: pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev,pdf]'
	touch $@

## make run: ingest the bundled reports into ./hmickg-data, answer the showcase questions, then
## serve the web page and the SPARQL endpoint on http://127.0.0.1:$(PORT)/ (Ctrl-C stops)
PORT ?= 8000
run: $(VENV)/.installed
	$(VENV)/bin/hmickg demo --store $(STORE) --serve --port $(PORT)

## make test: the whole test suite
test: $(VENV)/.installed
	$(VENV)/bin/python -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check ontology ingest queries graph_store hmickg tests

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .hypothesis
