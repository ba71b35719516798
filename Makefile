# kinerja_xl — two commands do everything: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEMPLATE := workbook/Template_LKj.xlsm
APT_PACKAGES := libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-dejavu-core fonts-liberation
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint template libreoffice bench clean wheelhouse fuzz

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## Build the sample satker workbook and run the whole workflow on it.
demo: $(STAMP)
	$(BIN)/kinerja-xl demo demo

## The gates: ruff (E, F, I, B, UP) and mypy (--strict on kinerja_xl/domain), configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check kinerja_xl tests bench scripts
	$(BIN)/mypy

## Everything the tests need (LibreOffice included), the gates, then the test suite.
test: $(STAMP) libreoffice lint
	$(BIN)/python -m pytest -q

## Rebuild the committed template from source (kinerja_xl/template/, its KinerjaMacros.bas included).
template: $(STAMP)
	$(BIN)/kinerja-xl template $(TEMPLATE)

libreoffice:
	@if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 || \
	  ! fc-list 2>/dev/null | grep -qi "Liberation Serif"; then \
	  echo "Memasang LibreOffice (headless) dan poppler-utils ..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

## Long fuzz run (outside CI): N damaged workbooks, fresh seeds (KINERJA_XL_FUZZ_SEED=S replays a run).
N ?= 10000
fuzz: $(STAMP)
	KINERJA_XL_FUZZ_N=$(N) $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz_workbook.py

bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b; done

## Offline bundle for district offices: Windows x64 wheels, the template and an install script.
wheelhouse: $(STAMP)
	$(BIN)/python scripts/wheelhouse.py --platform win_amd64

clean:
	rm -rf $(VENV) build dist *.egg-info demo .pytest_cache .hypothesis
