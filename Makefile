# newsgraph: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_STORE ?= newsgraph-data
DEMO_PAGE  ?= newsgraph-demo.html

.PHONY: setup demo test bench neo4j neo4j-stop browser clean

setup: $(STAMP)

# Reinstall when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[model,test,dask]'
	touch $@

## Extract the sample corpus into the embedded store, print the headline links, write a page.
demo: setup
	$(BIN)/newsgraph run data/corpus --path $(DEMO_STORE)
	$(BIN)/newsgraph query founder-clients --path $(DEMO_STORE) -p person="Peter Thiel"
	$(BIN)/newsgraph query contracts --path $(DEMO_STORE) -p supplier=Palantir
	$(BIN)/newsgraph show "Peter Thiel" --depth 3 --path $(DEMO_STORE) -o $(DEMO_PAGE)
	@echo "Open $(DEMO_PAGE) in a browser (it works offline)."

## Set up everything, start Neo4j, run the whole suite.
test: setup browser neo4j
	$(BIN)/python -m pytest

## Benchmarks (never part of the test suite): one `BENCH <stage> ratio=… target=… ok|short` line per row.
## BENCH_SCALE=small (default, about 10 minutes) or full (the issue's sizes: hours on 2 cores).
BENCH_SCALE ?= small
bench: setup browser
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks --scale $(BENCH_SCALE) $(BENCH_ARGS)

## A local Neo4j (built from Maven Central artifacts) on bolt://127.0.0.1:7687, user neo4j, password newsgraph.
neo4j:
	bash scripts/neo4j.sh start

neo4j-stop:
	bash scripts/neo4j.sh stop

## Headless Chromium for the page tests (Debian's package; needs root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed: the page tests will be skipped (sudo apt-get install chromium)"; fi; }

clean:
	rm -rf $(VENV) $(DEMO_STORE) $(DEMO_PAGE) .pytest_cache
