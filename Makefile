# Tadmor: `make demo` and `make test` each create .venv and install everything first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_STORE := out/demo.duckdb

.PHONY: install demo test lint typecheck bench eval-seeds clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	mkdir -p out
	rm -f $(DEMO_STORE)
	$(BIN)/tadmor gazetteer build
	$(BIN)/tadmor run examples/corpus --store $(DEMO_STORE) || test $$? -eq 2
	$(BIN)/tadmor events --store $(DEMO_STORE)
	$(BIN)/tadmor export --store $(DEMO_STORE) --format csv --out out/events.csv
	$(BIN)/tadmor export --store $(DEMO_STORE) --format geojson --out out/events.geojson
	$(BIN)/tadmor report --store $(DEMO_STORE) --out out/report.html
	@echo ""
	@echo "Browse, filter and correct the demo events in the web app:"
	@echo "  $(BIN)/tadmor serve --store $(DEMO_STORE)      # read-only, http://127.0.0.1:8000/ (API docs at /docs)"
	@echo "  TADMOR_API_TOKEN=choose-a-secret $(BIN)/tadmor serve --store $(DEMO_STORE)   # with uploads and corrections"

test: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/make_corpus.py --docs 2000 --out bench/corpus.jsonl --seed 7
	$(BIN)/python bench/run_bench.py bench/corpus.jsonl

eval-seeds: $(STAMP)
	$(BIN)/tadmor eval seeds ../shared/seeds

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
